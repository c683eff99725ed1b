-- Lua on Pier: the interpreter and its standard library over Pier's C
-- library, run from the boot image. Every check that fails ends the
-- script with an error (exit status 1); the figures it prints are
-- compared by the test (tests/qemu/cases.py) with values known elsewhere.
local checks = 0
local function check(cond, what)
	checks = checks + 1
	if not cond then error("check failed: " .. what, 2) end
end

print("luatest: " .. _VERSION .. ", " .. #arg .. " args: " .. table.concat(arg, "|"))

-- Hardware floating point: the host sums the same series in the same order.
local s = 0.0
for i = 1, 100000 do s = s + 1 / (i * i) end
print(string.format("luatest: basel %.17g", s))
-- The C library's functions, to within a unit or two in the last place.
local function near(a, b) return math.abs(a - b) <= 4e-16 * math.abs(b) end
check(near(math.sin(1), 0.8414709848078965) and near(math.exp(1), 2.718281828459045) and
	near(math.log(10), 2.302585092994046) and near(2 ^ 0.5, math.sqrt(2)), "libm")

-- Integers: the primes below 10,000.
local n, sum = 0, 0
for p = 2, 9999 do
	local prime = true
	for d = 2, math.floor(math.sqrt(p)) do
		if p % d == 0 then prime = false; break end
	end
	if prime then n = n + 1; sum = sum + p end
end
print("luatest: primes " .. n .. " " .. sum)
check(math.maxinteger == 0x7fffffffffffffff and 7 // 2 == 3 and 7 / 2 == 3.5, "integer division")

-- Strings: format, patterns, gsub with a function.
check(string.format("%5.2f|%x|%s", math.pi, 255, "x") == " 3.14|ff|x", "format")
check(("key=value; k2=v2"):gsub("(%w+)=(%w+)", "%2=%1") == "value=key; v2=k2", "gsub")
local words = {}
for w in ("the quick brown fox"):gmatch("%a+") do words[#words + 1] = w:upper() end
check(table.concat(words, ",") == "THE,QUICK,BROWN,FOX", "gmatch")
check(utf8.len("pi\u{3c0}") == 3, "utf8")

-- Tables: 10,000 pseudo-random numbers sorted with a comparator.
local t, x = {}, 12345
for i = 1, 10000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
table.sort(t, function(a, b) return a > b end)
for i = 2, #t do check(t[i - 1] >= t[i], "sorted") ; checks = checks - 1 end

-- Coroutines, closures, errors.
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
check(gen() + gen() + gen() == 14, "coroutine")
local function counter() local c = 0; return function() c = c + 1; return c end end
local c1 = counter(); c1(); c1()
check(c1() == 3, "closure")
local ok, err = pcall(function() error({ code = 42 }) end)
check(not ok and err.code == 42, "pcall")

-- Deep recursion lives on Lua's own stack (the heap): 150,000 levels.
local function depth(k) if k == 0 then return 0 end return 1 + depth(k - 1) end
print("luatest: depth " .. depth(150000))
-- C recursion stops at Lua's limit with an error, well inside the 1 MiB
-- main stack the port asks for.
local function nest(k) return load("return " .. string.rep("(", k) .. "7" .. string.rep(")", k)) end
local f, msg = nest(1000)
check(nest(180)() == 7, "nesting within the limit")
print("luatest: nesting " .. tostring(f) .. ", " .. (tostring(msg):match("C stack overflow") or msg))

-- The collector and malloc: 200,000 strings made and dropped.
collectgarbage()
local before = collectgarbage("count")
do
	local big = {}
	for i = 1, 200000 do big[i] = "item " .. i end
	check(#big == 200000 and big[123456] == "item 123456", "big table")
end
collectgarbage(); collectgarbage()
local after = collectgarbage("count")
check(after - before < 64, "memory freed")

-- Files: the boot image is read-only; a module from it loads by require.
local fh = assert(io.open("luamod.lua", "r"))
local lines = 0
for _ in fh:lines() do lines = lines + 1 end
fh:close()
local mod = require("luamod")
print("luatest: module " .. mod.name .. " " .. mod.twice(21) .. ", " .. lines .. " lines")
local w, werr, wno = io.open("new.txt", "w")
print("luatest: write " .. tostring(w) .. " " .. werr .. " " .. wno)
local r, rerr = os.remove("luamod.lua")
print("luatest: remove " .. tostring(r) .. " " .. rerr)
local missing, merr = io.open("nothere.lua")
print("luatest: open " .. tostring(missing) .. " " .. merr)
ok, err = pcall(io.popen, "ls")
print("luatest: popen " .. tostring(ok) .. " " .. err)
check(os.getenv("HOME") == nil, "getenv")

-- Time: the wall clock from the RTC service, CPU time from the kernel.
local now = os.time()
check(now > 1700000000, "os.time from the RTC")
local utc = os.date("!*t", now)
check(os.time({ year = 2026, month = 1, day = 1, hour = 0 }) > 0 and utc.year >= 2024, "os.date")
print("luatest: epoch " .. os.date("!%Y-%m-%d %H:%M:%S", 0) .. ", now " .. (utc.year >= 2024 and "set" or "unset") ..
	", cpu " .. (os.clock() > 0 and "counted" or "zero"))

print("luatest: " .. checks .. " checks passed")
