# QEMU system-test cases: boot, memory sizes, the test programs, the console driver and the shell.
#
# Read by scripts/testrun.py (its docstring says what each field means).
# An `expect` step that is a tuple may match in any order: init prints
# "init: started X" after pier_spawn returns, which may be before or after X
# has run, or even exited, depending on priorities.

# A UART driver that could not read its layout from its node says so.
import re
import time

FORBID = [r"panic", r"FAIL", r"pier: space .* fault", r"no layout from the device tree"]
TIMEOUT = 30   # seconds; a passing case takes a few


def virt(smp=1, mem="128M", append=None):
    """QEMU arguments for the virt board, booted as on a real one by OpenSBI."""
    args = ["-machine", "virt", "-smp", str(smp), "-m", mem,
            "-nographic", "-monitor", "none", "-bios", "default",
            "-kernel", "{kernel}", "-no-reboot"]
    return args + (["-append", append] if append else [])


# Anchored at the start, tolerant at the end: a kernel line may grow detail.
# init binds the console UART (the node /chosen names), starts its driver
# before anything else, and waits for it.
BOOT = [r"^pier: boot hart \d+\b", r"^pier: memory \d+ MiB\b", r"^pier: starting init\b",
        r"^init: /soc/serial@10000000 \(ns16550a\) -> uart-ns16550 as console$",
        r"^init: started uart-ns16550 as space \d+",
        r"^init: console ready$"]

HELLO = r"^hello, world"
PINGPONG = r"^pingpong: 10 sends, 10 replies received, 10 calls ok$"


# A program without the super right prints through the kernel's debug
# port with its name and space id in front of each line, until it has a
# console (drivers started with dev= never do).
TAG = r"(?:\[[\w-]+ \d+\] )?"


def started(prog):
    return r"^init: started %s( .*)? as space \d+\b" % prog


def exited(prog):
    return r"^pier: space \d+ \(%s\) exited with 0\b" % prog


# The board manifest starts hello, pingpong and the shell. With the console
# driver's interrupt bound the kernel never says "pier: idle" any more: a
# case ends on the last line it needs.
SHELL_READY = r"^shell: ready; type help$"
PROMPT = r"pier> "


def after_prompt(regex):
    """The shell's prompt has no newline: what prints next may share its line."""
    return regex.replace("^", "^(?:pier> )?", 1)


MANIFEST = [(started("hello"), started("pingpong"), started("shell"), after_prompt(HELLO),
             after_prompt(PINGPONG), SHELL_READY)]


def case(name, expect, timeout=TIMEOUT, extra=(), **board):
    """extra: more case fields, e.g. input (typing) and count (bytes)."""
    return dict(name=name, args=virt(**board), expect=expect, forbid=FORBID,
                timeout=timeout, **dict(extra))


def memory(mib, mem):
    return case("memory-%s" % mem, [BOOT[0], r"^pier: memory %d MiB\b" % mib]
                + BOOT[2:] + MANIFEST, mem=mem)


def below(n):
    """A regex for the decimal numbers from 0 to n - 1, for a count with a ceiling."""
    s = str(n)
    alts = [r"\d{1,%d}" % (len(s) - 1)] if len(s) > 1 else []
    for i, c in enumerate(s):
        lo = 1 if i == 0 and len(s) > 1 else 0
        if int(c) > lo:
            alts.append(s[:i] + "[%d-%d]" % (lo, int(c) - 1) + r"\d" * (len(s) - i - 1))
    return "(?:%s)" % "|".join(alts or ["(?!)"])


def memory_beyond_map():
    """256 GiB from 2 GiB up: Sv39's direct map stops at 254 GiB (arch/riscv/boot_mmu.c),
    so the page allocator must get at most the 252 GiB below it. QEMU maps the
    RAM with MAP_NORESERVE (reserve=off), so only what the guest touches costs."""
    c = case("memory-256G", [BOOT[0], r"^pier: RAM above 0x3f80000000 is not mapped and not used$",
                             r"^pier: memory 262144 MiB in 1 range, %s pages free$"
                             % below((252 << 30) // 4096)] + BOOT[2:]
             + [(started("hello"), HELLO, exited("hello"))], mem="256G", append="run=hello")
    c["args"] = [a.replace("virt", "virt,memory-backend=ram") if a == "virt" else a
                 for a in c["args"]]
    c["args"] += ["-object", "memory-backend-ram,id=ram,size=256G,reserve=off"]
    return c


def program(prog, append=None):
    """A test program alone: it must print its done line and exit with 0.
    Test programs make ports above their start priority: up to 25."""
    return case(prog, BOOT + [(started(prog), r"^%s%s: done$" % (TAG, prog), exited(prog))],
                append=append or "run=maxprio=25+" + prog)


def dma_case():
    """DMA buffers, their quarantine, and a legacy virtio-rng filling one by its bus address."""
    c = program("dma", append="nobind=virtio-rng run=maxprio=25+super+dma")
    c["args"] += ["-global", "virtio-mmio.force-legacy=true", "-device", "virtio-rng-device"]
    return c


def typing(*lines):
    """Input steps: each line typed at the next prompt, Enter as a terminal sends it."""
    return [(PROMPT, line + "\r") for line in lines]


# Spaces are numbered in order: init 1, the console driver 2, the RTC's
# driver 3, the shell 4, then what the shell runs: hello 5, spin 6 (killed;
# there is no 99). A command
# after run waits for the program's last line, so typing does not land inside it.
SHELL = case("shell", BOOT + [
    started("shell"), SHELL_READY,
    r"^  help +this list$", r"^  ticks +ticks <n>",
    r"^hello pier$",
    r"^up \d+\.\d{6} s \(\d+ ticks at \d+ Hz\)$",
    r"^space name +pages ports$", r"^ +1 init +\d+ +\d+$",
    r"^ +2 uart-ns16550 +\d+ +3$", r"^ +port \d+: prio 30 depth \d+ queued \d+ handled [1-9]",
    r"^ +3 rtc-goldfish +\d+ +2$", r"^ +4 shell +\d+ +2$",
    r"^mem: \d+ of \d+ pages free, kernel objects \d+ pages$", r"^  space 4 shell: \d+ pages",
    (r"^started hello as space 5$", after_prompt(HELLO), after_prompt(exited("hello"))),
    (r"^started spin as space 6 in the background$",
     after_prompt(r"^spin: spinning at priority 1: done$")),
    r"^killed space 6$",
    r"^kill: no space 99$",
    r"^nosuch: no such command \(try help\)$",
], append="run=maxprio=9+super+shell", extra=dict(input=typing(
    "help", "echo hello pier", "uptime", "ps", "mem", "run hello") + [
    (r"\(hello\) exited with 0", "run spin &\r"),
    (r"spin: spinning.*\n", "kill 6\r")] + typing("kill 99", "nosuch")))

def run_quoted():
    """A run= entry with quotes: the kernel's command line is quoted itself
    (init's runtime takes the outer quotes off), then the entry keeps its
    ',' and the space inside quotes, and a ',' after a backslash."""
    c = case("run-quoted", BOOT + [started("args"),
                                   r"^args: 3 words: \[a, b\] \[c,d\] \[e\+f\]$",
                                   r"^args: done$", exited("args")],
             append="\"run=maxprio=25+args+'a, b'+c\\,d+e\\+f\"")
    return c


# The foreground (issue 15): the shell's run gives the program the input
# until it ends. The shell has no super right: it ends what it runs as
# their supervisor. args shows how a quoted command line arrives; readline
# reads typed lines with fgets (blocking), answers each, and quits, and the
# shell then answers a command; Ctrl-C ends a foreground program that never
# reads (the shell kills it) and one that reads (its runtime exits, 130).
FOREGROUND = case("foreground", BOOT + [
    started("shell"), SHELL_READY,
    r"^started args -e 'print\(1, 2\)' 'a b' 'c d' '' x,y\+z as space \d+$",
    r"^args: 6 words: \[-e\] \[print\(1, 2\)\] \[a b\] \[c d\] \[\] \[x,y\+z\]$",
    exited("args"),
    r"^started readline as space \d+$", r"^readline: ready$",
    r"^> hello there$", r"^READLINE: HELLO THERE$",
    r"^(?:> )?readline: ticked while waiting$", r"^(?:> )?quit$", r"^readline: done$", exited("readline"),
    after_prompt(r"^back in the shell$"),
    r"^started spin as space \d+$", r"^spin: handler running$",
    r"^\^C$", r"^pier: space \d+ \(spin\) killed by space 4$",
    r"^started readline as space \d+$", r"^> abc\^C$",
    r"^pier: space \d+ \(readline\) exited with 130$",
    after_prompt(r"^after ctrl-c$"),
    r"^shell: a quote is not closed$",
], append="run=maxprio=9+shell", extra=dict(input=[
    (PROMPT, "run args -e \"print(1, 2)\" 'a b' c\\ d \"\" x,y+z\r"),
    (PROMPT, "run readline\r"),
    (r"^> ", "hello there\r"),
    (r"readline: ticked while waiting", "quit\r"),
    (PROMPT, "echo back in the shell\r"),
    (PROMPT, "run spin\r"),
    (r"spin: handler running", "\x03"),
    (PROMPT, "run readline\r"),
    (r"^> ", "abc\x03"),
    (PROMPT, "echo after ctrl-c\r"),
    (PROMPT, "echo 'open\r"),
]))

# Typed before the foreground program first reads: the line waits in the
# console driver for it (the shell gives up the reader role before the
# program starts), and is not lost.
FOREGROUND_EARLY = case("foreground-early", BOOT + [
    started("shell"), SHELL_READY,
    r"^started readline late as space \d+$", r"^readline: ready, reading late$",
    r"^readline: ready$", r"^(?:> )?READLINE: EARLY BIRD$",
    r"^(?:> )?readline: done$", exited("readline"), after_prompt(r"^back$"),
], append="run=maxprio=9+shell", extra=dict(input=[
    (PROMPT, "run readline late\r"),
    (r"readline: ready, reading late", "early bird\r"),
    (r"READLINE: EARLY BIRD", "quit\r"),
    (PROMPT, "echo back\r"),
]))

# A program in the background that reads stdin does not take the keyboard
# from the shell: the console takes a reader only from the shell and the
# program it names foreground, so the background read fails (EIO: readline
# sees end of input and quits) and the shell answers on; the same program
# in the foreground then reads.
BACKGROUND_READER = case("background-reader", BOOT + [
    started("shell"), SHELL_READY,
    r"^started readline as space (\d+) in the background$", after_prompt(r"^readline: ready$"),
    r"^(?:> )?readline: end of input$", r"^readline: done$", exited("readline"),
    after_prompt(r"^still the shell$"),
    r"^started readline as space \d+$", r"^readline: ready$",
    r"^> in front$", r"^READLINE: IN FRONT$", r"^(?:> )?quit$", exited("readline"),
    after_prompt(r"^and again$"),
], append="run=maxprio=9+shell", extra=dict(input=[
    (PROMPT, "run readline &\r"),
    (r"\(readline\) exited with 0", "echo still the shell\r"),
    (PROMPT, "run readline\r"),
    (r"^> ", "in front\r"),
    (r"READLINE: IN FRONT", "quit\r"),
    (PROMPT, "echo and again\r"),
]))

# A periodic timer under -icount: lateness is virtual time, so it is repeatable.
TICKS = case("ticks", BOOT + [SHELL_READY, r"^ticks: 5 every \d+ ticks$"]
             + [r"^tick %d/5: late \d+ ticks \(queued \d+ after due\), missed 0$" % i
                for i in range(1, 6)] + [r"^ticks: done$", r"^hello again$"],
             append="run=maxprio=9+shell", extra=dict(input=typing("ticks 5", "echo hello again")))
TICKS["args"] += ["-icount", "shift=0"]

# A port at priority 1 spinning forever does not keep the shell from answering.
# The typing starts once the spinning handler has started (it runs when the
# shell waits for input; without the wait, input that arrives before the
# shell blocks would leave it never started, and ps would say so).
SPIN = case("spin", BOOT + [(started("spin"), started("shell"), r"^spin: spinning",
                             SHELL_READY, after_prompt(r"^spin: handler running$")),
                            r"^still here$", r"^ +port \d+: prio 1 depth \d+ queued 0 handled \d+ (running|ready)$",
                            r"^and here$"],
            append="run=spin,maxprio=9+shell",
            extra=dict(input=[(r"spin: handler running", "echo still here\r")]
                       + typing("ps", "echo and here")))

# 1 MiB through the console: the runner counts every byte and checks the sum.
CONFLOOD = case("conflood", BOOT + [
    started("conflood"), r"^conflood: begin$", r"^conflood: end sum=\d+$",
    (r"^conflood: PASS all written$", r"^conflood: done$", exited("conflood"))],
    append="run=conflood", timeout=120,
    extra=dict(count=dict(begin=r"^conflood: begin\r?$",
                          end=r"^conflood: end sum=(?P<sum>\d+)", bytes=1 << 20)))


# The benchmark (issue 6) runs whole, in a few seconds: every figure line
# and the done line must appear; the numbers are for make bench to judge.
BENCH_KEYS = ["counter_read", "nops100", "null_kernel_call",
              "call_oneway_10ports", "call_oneway_10000ports", "ports_in_system",
              "call_oneway", "call_oneway_64b", "reply_oneway",
              "call_reply_other", "call_reply_same", "send_async",
              "dispatch_queued", "map_touch", "unmap", "stack8m_create", "stack8m_destroy",
              "irq_to_handler",
              "irq_stamp_to_handler", "irq_trap_to_stamp", "timer_pad", "timer_lateness",
              "timer_due_to_queued", "timer_queued_to_handler", "random16",
              "blk_read4k", "blk_read64k",
              "malloc_free_10live", "malloc_free_10000live", "malloc_pages",
              "spawn_exit", "lua_depth25k", "lua_depth150k", "irqoff_max"]


def timer_icount():
    """The timer program with exact time: ticks must come within a bound."""
    c = case("timer-icount", BOOT + [(started("timer"), r"^timer: done$", exited("timer"))],
             append="run=maxprio=25+timer+bound")
    c["args"] += ["-icount", "shift=0,sleep=off"]   # idle time skipped: host load cannot make a tick late
    return c


def posix_cases():
    """The POSIX layer (lib/posix_*.c): the calls that return, then each way a space ends.
    Under -icount with idle time skipped a sleep must end within 1 ms of its due time."""
    run = "run=maxprio=25+lookup=rtc0+posix"
    plain = program("posix", append=run)
    exact = case("posix-icount", BOOT + [(started("posix"), r"^%sposix: done$" % TAG, exited("posix"))],
                 append=run + "+bound")
    exact["args"] += ["-icount", "shift=0,sleep=off"]

    def ending(mode, lines, code):
        return case("posix-" + mode.replace("_", "raw"), BOOT + [(started("posix"),) + tuple(
            l if l.startswith("^") else r"^%sposix: %s" % (TAG, l) for l in lines) + (
            r"^pier: space \d+ \(posix\) exited with %d\b" % code,)],
            append="run=posix+" + mode)
    return [plain, exact,
            # atexit handlers last registered first, then the code.
            ending("exit", ["exiting with 3$", "atexit 3$", "atexit 2$", "atexit 1$"], 3),
            ending("return", ["returning 5$", "atexit 1$"], 5),
            ending("_exit", ["_exit 4$"], 4),
            ending("kill", ["killing itself$", r"ended by signal 15 \(.+\)$"], 143),
            ending("abort", ["aborting$", r"ended by signal 6 \(.+\)$"], 134),
            ending("assert", ["asserting$", r"^%sassertion \"how\[0\] == 'x'\" failed: file \".*main\.c\", line \d+" % TAG, r"ended by signal 6 \(.+\)$"], 134)]


def mapbig_icount():
    """Requests of many pages, with exact time: the kernel is never busy a millisecond."""
    c = case("mapbig", BOOT + [(started("mapbig"), r"^mapbig: done$", exited("mapbig"))],
             append="run=maxprio=25+mapbig+bound")
    c["args"] += ["-icount", "shift=0"]
    return c


def faults():
    """Faults are expected here: a supervised child of the test, and one of init's."""
    sup = program("fault")
    told = case("fault-init", BOOT + [(started("fault unmapped"), started("hello"),
                                       r"^pier: space \d+ \(fault\) fault: load page fault\b",
                                       r"^init: space \d+ faulted \(cause 13\b",
                                       r"^pier: space \d+ \(fault\) killed by space 1$",
                                       HELLO, exited("hello"))],
                append="run=maxprio=25+fault+unmapped,hello")
    for c in (sup, told):
        c["forbid"] = [f for f in c["forbid"] if "fault" not in f]
    return [sup, told]


def hostile():
    """Isolation: the attacks of one unprivileged space, each a named status.
    Its fake kernel line must come out tagged with its name, never bare."""
    c = program("hostile", append="run=maxprio=25+quota=600+hostile")
    c["expect"] = BOOT + [(started("hostile"),
                           r"^\[hostile \d+\] pier: space 1 \(init\) exited with 0$",
                           r"^hostile: done$", exited("hostile"))]
    c["forbid"] = c["forbid"] + [r"^pier: space 1 \(init\) exited"]
    return c


def lend():
    """Detached ports and restart. One server faults on purpose, and is killed for it."""
    c = program("lend")
    c["expect"] = BOOT + [(started("lend"),
                           r"^pier: space \d+ \(lend\) fault: load page fault\b.*supervisor told$",
                           r"^lend: done$", exited("lend"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!load page fault .*addr=0x20000000;)"]
    return c


def notice():
    """ENDED packets, watches and undelivered packets. Two children fault on purpose."""
    c = program("notice")
    c["expect"] = BOOT + [(started("notice"),
                           r"^pier: space \d+ \(notice\) fault: load page fault\b.*supervisor told$",
                           r"^pier: space \d+ \(notice\) fault: load page fault\b.*space destroyed$",
                           r"^notice: done$", exited("notice"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!load page fault .*addr=0x20000000;)"]
    return c


def vector():
    """A hart with V: a vector instruction in user mode is an illegal-instruction
    fault for the supervisor (sstatus.VS stays off), and the parent runs on."""
    c = program("vector")
    c["expect"] = BOOT + [(started("vector"),
                           r"^pier: space \d+ \(vector\) fault: illegal instruction\b",
                           r"^vector: child fault: cause 2\b", r"^vector: done$",
                           exited("vector"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!illegal instruction)"]
    c["args"] += ["-cpu", "rv64,v=true"]
    return c


def fpu():
    """Hardware floating point: two spaces at one priority, preempting each other,
    get bit-exact results (each with its own rounding mode); an instruction
    illegal with the FPU on (a reserved rounding mode, a vector one) is a fault,
    and the FPU is lent as before afterwards."""
    c = program("fpu", append="run=maxprio=25+super+fpu")
    c["expect"] = BOOT[:1] + [r"^pier: floating point \(F, D\) for user code"] + BOOT[1:] + [(
        started("fpu"), r"^pier: space \d+ \(fpu\) fault: illegal instruction pc=",
        r"^fpu: done$", exited("fpu"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!illegal instruction pc=)"]
    c["timeout"] = 60
    return c


def nofpu():
    """One image on a hart without F and D (QEMU -cpu rv64,f=false,d=false): an FP
    instruction is a fault reported as such; integer programs run on."""
    c = program("fpu", append="run=maxprio=25+super+fpu+nofpu")
    c["name"] = "nofpu"
    c["expect"] = BOOT[:1] + [r"^pier: floating point absent"] + BOOT[1:] + [(
        started("fpu"),
        r"^pier: space \d+ \(fpu\) fault: illegal instruction \(uses floating point; "
        r"this hart has none\)",
        r"^fpu: integer code runs on: 42$", r"^fpu: done$", exited("fpu"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!illegal instruction \(uses floating point)"]
    c["args"] += ["-cpu", "rv64,f=false,d=false"]
    return c


def stack():
    """Stacks: 900 KiB of frames in a 1 MiB main stack (manifest stack=1024), 7.6 MiB
    in an 8 MiB one; past a 64 KiB one and one 24 KiB frame past a 16 KiB port
    stack, the guard gap catches each as a stack overflow of that port."""
    c = program("stack", append="run=maxprio=25+super+stack=1024+stack")
    c["expect"] = BOOT + [(
        started("stack"), r"^stack: 9\d\d KiB deep in the 1024 KiB main stack$",
        r"^stack: a child recursed 7\d\d\d KiB deep$",
        r"^pier: space (\d+) \(stack\) fault: stack overflow in port 0 of space \1 "
        r"\(store page fault\)",
        r"^pier: space (\d+) \(stack\) fault: stack overflow in port 1 of space \1 "
        r"\(store page fault\)",
        r"^stack: done$", exited("stack"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!stack overflow in port)"]
    return c


def stacknote():
    """A program's own note sets its main stack (2 MiB, no stack= option); a note
    asking past the most makes the file invalid: it never starts."""
    c = program("stacknote")
    c["expect"] = BOOT + [(
        started("stacknote"), r"^stacknote: 1900 KiB deep in the main stack the note asks for$",
        r"^stacknote: PASS a note asking more than the most is refused$",
        r"^stacknote: PASS even when the spawn names a size$",
        r"^stacknote: done$", exited("stacknote"))]
    return c


# Lua 5.4 (ports/lua), built from Debian's source package as released: a
# script from the boot image and the interactive interpreter from the shell.
def basel():
    """The sum the Lua script makes, in the same order: IEEE doubles agree bit for bit."""
    s = 0.0
    for i in range(1, 100001):
        s += 1 / (i * i)
    return "%.17g" % s


def lua_cases():
    lua = r"^%sluatest: " % TAG
    script = case("lua-script", BOOT + [(
        started("lua"), lua + r"Lua 5\.4, 2 args: a\|b c$",
        lua + r"basel %s$" % re.escape(basel()),
        lua + r"primes 1229 5736396$",
        lua + r"depth 150000$",
        lua + r"nesting nil, C stack overflow$",
        lua + r"module luamod 42, 4 lines$",
        lua + r"write nil new\.txt: Read-only file system 30$",
        lua + r"remove nil luamod\.lua: Read-only file system$",
        lua + r"open nil nothere\.lua: No such file or directory$",
        lua + r"popen false 'popen' not supported$",
        lua + r"epoch 1970-01-01 00:00:00, now set, cpu counted$",
        lua + r"\d+ checks passed$", exited("lua"))],
        append="\"run=lookup=rtc0+lua+luatest.lua+a+'b c'\"", timeout=60)
    repl = case("lua-repl", BOOT + [
        started("shell"), SHELL_READY,
        r"^started lua as space \d+$", r"^Lua 5\.4\.\d+  Copyright",
        r"^> x = 6 \* 7$", r"^> print\(x, 2\^10, #arg\)$", r"^42\t1024\.0\t0$",
        r"^> x \* 2$", r"^84$",
        r"^> error\('boom'\)$", r"^stdin:1: boom$",
        r"^> os\.exit\(3\)$", r"^pier: space \d+ \(lua\) exited with 3$",
        after_prompt(r"^the shell again$"),
        r"^started lua as space \d+$", r"^> while true do end$", r"^\^C$",
        r"^pier: space \d+ \(lua\) (exited with 130|killed by space 4)$",
        after_prompt(r"^interrupted$"),
    ], append="run=maxprio=9+shell", timeout=60, extra=dict(input=[
        (PROMPT, "run lua\r"),
        (r"^> ", "x = 6 * 7\r"),
        (r"^> ", "print(x, 2^10, #arg)\r"),
        (r"^> ", "x * 2\r"),
        (r"^> ", "error('boom')\r"),
        (r"^> ", "os.exit(3)\r"),
        (PROMPT, "echo the shell again\r"),
        (PROMPT, "run lua\r"),
        (r"^> ", "while true do end\r"),
        (r"while true do end", "\x03"),
        (PROMPT, "echo interrupted\r"),
    ]))
    return [script, repl]


def mutex_giveup():
    """The runtime's own locks cannot fail their callers: a 65th port waiting
    for picolibc's lock ends the program with a line that says why."""
    c = case("mutex-giveup", BOOT + [(
        started("mutex giveup"), r"^mutex: 65 ports call setenv while main holds libc's lock$",
        r"^%slibc lock: cannot wait for a lock: fixed table full$" % TAG,
        r"^pier: space \d+ \(mutex\) exited with -21$")],
        append="run=maxprio=25+mutex+giveup")
    c["forbid"] = c["forbid"] + [r"the program lives on"]
    return c


def heapmt():
    """Ports of one program in malloc at once: the heap's lock makes them wait
    (at least once, or the run proved nothing) and no block's bytes change."""
    c = program("heapmt")
    c["expect"] = BOOT + [(started("heapmt"),
                           r"^heapmt: \d+ checked calls \(main \d+, ports 1920 1920 1920\) and "
                           r"\d+ unchecked pairs, [1-9]\d* waits for the heap, \d+ blocks intact "
                           r"at the end, 0 bad bytes$",
                           r"^heapmt: done$", exited("heapmt"))]
    return c


def outmt():
    """Ports of one program print through stdout at once: no byte lost or
    doubled (each port tallies what it put, the program's own console
    counts what came), and stdout's lock made a port wait at least once."""
    c = program("outmt")
    c["expect"] = BOOT + [(started("outmt"),
                           r"^outmt: \d+ printer lines, 1500 worker lines, \d+ bytes in \d+ writes, "
                           r"[1-9]\d* waits for stdout$",
                           r"^outmt: done$", exited("outmt"))]
    return c


def lazystack():
    """Stack pages mapped on first touch: an 8 MiB stack maps its top page until touched,
    grows into 7.5 MiB of frames, and takes kernel copies into pages never touched. A
    child whose 8 MiB stack outgrows its quota faults, reported as what it is, while a
    witness program runs on; one at its quota gets a status from a kernel copy."""
    c = program("lazystack", append="run=maxprio=25+super+lazystack")
    c["expect"] = BOOT + [(
        started("lazystack"),
        r"^%slazystack: an 8 MiB stack maps 1 page\(s\) until touched, [2-4] charged in all$"
        % TAG,
        r"^%slazystack: a port recursed 7\d\d\d KiB deep; 1\d\d\d pages of its stack mapped$"
        % TAG,
        r"^pier: space (\d+) \(lazystack\) fault: stack growth out of memory \(quota used up\) "
        r"in port 0 of space \1 \(store page fault\) pc=0x[0-9a-f]+ addr=0x[0-9a-f]+; "
        r"supervisor told$",
        r"^%slazystack: witness space \d+ still running after the fault \(\d+\)$" % TAG,
        r"^%slazystack: done$" % TAG, exited("lazystack"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!stack growth out of memory \(quota used up\) in port 0 )"]
    return c


def lazyelf():
    """A program's image loaded on first touch: a few pages mapped at the start, touches map
    exactly what they touch, kernel copies from untouched .rodata and into untouched .bss work.
    A store into .rodata and a fetch from it fault as before while a witness program runs on;
    a child whose quota cannot hold its image is refused at spawn."""
    c = program("lazyelf")
    c["expect"] = BOOT + [(
        started("lazyelf"),
        r"^%slazyelf: started with \d+ of its \d+ image pages mapped$" % TAG,
        r"^pier: space (\d+) \(lazyelf\) fault: store page fault pc=0x[0-9a-f]+ "
        r"addr=0x[0-9a-f]+; supervisor told$",
        r"^pier: space (\d+) \(lazyelf\) fault: fetch page fault pc=0x[0-9a-f]+ "
        r"addr=0x[0-9a-f]+; supervisor told$",
        r"^%slazyelf: witness space \d+ still running after the faults$" % TAG,
        r"^%slazyelf: done$" % TAG, exited("lazyelf"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"pier: space .* fault: (?!(store|fetch) page fault pc)"]
    return c


def share():
    """Pages shared between spaces: one write to a read-only share faults, as it must."""
    c = program("share")
    c["expect"] = BOOT + [(started("share"), r"^pier: space \d+ \(share\) fault: store page fault\b",
                           r"^share: done$", exited("share"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f]
    return c


FASTPATH_FAULT = (r"^pier: space \d+ \(fastpath\) fault: load page fault pc=0x[0-9a-f]+ "
                  r"addr=0x50000000; supervisor told$")


def fastpath():
    """The IPC fast path on and off: the same transcript both ways. The peer's
    fault port faults once per run, as the script says; no other fault may.
    -icount: the one equal-priority reply leaves two ports ready at once,
    and a host stall must not end a time slice between them."""
    c = program("fastpath", append="run=maxprio=31+super+fastpath")
    c["expect"] = BOOT + [(started("fastpath"), FASTPATH_FAULT, FASTPATH_FAULT,
                           r"^fastpath: \d+ events, same both ways, fast path took \d+ frames",
                           r"^fastpath: done$", exited("fastpath"), exited("fastpath"))]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"transcripts differ", r"pier: space .* fault: (?!load page fault .*addr=0x50000000;)"]
    c["args"] += ["-icount", "shift=0"]
    return c


def fuzz():
    """The kernel fuzzer (tests/qemu/progs/fuzz), unprivileged under a page
    quota, from a fixed seed. Its children fault on purpose; the fuzzer
    itself (space 4, after init, the console driver and the RTC's) must not, and must
    end having found no failure, every page back."""
    c = case("fuzz", BOOT + [(started("fuzz"), r"^fuzz: done$",
                              r"^pier: space 4 \(fuzz\) exited with 0\b")],
             append="run=quota=1000+fuzz+seed=1+frames=8000", timeout=120)
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [r"^init: space \d+ faulted"]
    return c


def bench_smoke():
    """The interrupts-off benchmark kernel (-DPIER_BENCH -DPIER_IRQOFF, beside the
    Image), which prints every figure, with the bench's manifest."""
    c = case("bench-smoke", BOOT + [r"^%sbench: %s \d+ \d+" % (TAG, k) for k in BENCH_KEYS] +
             [r"^%sbench: irqoff_at \w+ \w+$" % TAG, r"^%sbench: done$" % TAG,
              (exited("bench"), exited("bench"))],
             timeout=90, mem="512M", append="manifest=bench.manifest")
    # 90 s: about 30 alone, but -icount runs slow on a loaded host, and
    # 64 KiB main stacks made each of its ~300 spawns 17% dearer.
    c["args"] = [a.replace("{kernel}", "{kdir}/bench-irqoff/Image") for a in c["args"]]
    c["args"] += ["-icount", "shift=0",   # an exact, repeatable rdinstret
                  "-device", "virtio-rng-device",   # figure 13
                  "-drive", "file={disk},format=raw,if=none,id=disk0",   # figure 14
                  "-device", "virtio-blk-device,drive=disk0"]
    c["disk"] = dict(size=1 << 20)
    return c


def svc():
    """Services by name under each restart policy (tests/qemu/progs/svcuse):
    the servers fault and exit on purpose; the client must end with no FAIL."""
    c = case("svc", BOOT + [(started("svcuse"), r"^svcuse: done$", exited("svcuse")),],
             append="manifest=svc.manifest")
    # The backoff is checked against birth times: exact time, so a loaded
    # host cannot stretch a child's start past the check's slack.
    c["args"] += ["-icount", "shift=0,sleep=off"]
    c["forbid"] = [f for f in c["forbid"] if "fault" not in f] + [
        r"svcuse: FAIL", r"pier: space .* \((?!svc\)).* fault"]
    return c


# The console survives its driver: the shell kills it (space 2) while
# counter (in the background) writes numbered lines; init starts it again on the same service
# port, the writes cut off are repeated, every number comes out in order,
# and the shell, which re-registers as reader when the new driver
# attaches, still answers. ps then shows the console's restart.
CONSOLE_RESTART = case("console-restart", BOOT + [
    started("shell"), SHELL_READY,
    r"^started counter 200 as space \d+ in the background$"]
    # Not anchored: the echo of "kill 2", typed meanwhile, may share a line.
    + [r"count %d$" % i for i in range(1, 201)] + [
    r"^counter: done$",
    r"^alive$",
    r"^console +\d+ +1 ready$"],
    append="run=maxprio=9+super+lookup=*+shell", timeout=60,
    extra=dict(input=typing("run counter 200 &") + [(r"count 40\r?\n", "kill 2\r")]
               + [(r"counter: done", "echo alive\r")] + typing("ps")))


def virtio_slots():
    """init reads each virtio-mmio slot's device ID: an RNG and a disk are bound
    (or skipped with a line while their programs are not in the boot image),
    the six empty slots are one summary line. QEMU fills the slots from the top."""
    c = case("virtio-slots", BOOT[:3] + [(
        r"^init: /soc/virtio_mmio@10008000 \(virtio,mmio\) (-> virtio-rng as rng0|"
        r"wants virtio-rng, not in the boot image; skipped)$",
        r"^init: /soc/virtio_mmio@10007000 \(virtio,mmio\) (-> virtio-blk as blk0|"
        r"wants virtio-blk, not in the boot image; skipped)$",
        r"^init: 6 virtio-mmio slots empty$", BOOT[3])] + BOOT[4:] + MANIFEST)
    c["args"] += ["-device", "virtio-rng-device",
                  "-drive", "file=/dev/null,format=raw,if=none,id=d0,readonly=on",
                  "-device", "virtio-blk-device,drive=d0"]
    c["forbid"] = c["forbid"] + [r"virtio_mmio.*no driver", r"cannot read virtio"]
    return c


CASES = [
    case("boot", BOOT + MANIFEST),
    case("boot-smp4", BOOT + MANIFEST, smp=4),
    memory(128, "128M"),
    memory(1024, "1G"),
    memory(3072, "3G"),
    memory_beyond_map(),
    case("hello", BOOT + [(started("hello"), HELLO, exited("hello"))],
         append="run=hello"),
    case("pingpong", BOOT + [(started("pingpong"), PINGPONG)],
         append="run=pingpong"),
    program("badframe"),
    program("prio"),
    program("idle"),
    program("queuefull"),
    program("regs", append="run=maxprio=25+super+regs"),
    hostile(),
    program("handles"),
    program("hold"),
    program("tokens"),
    program("rettoken"),
    lend(),
    notice(),
    program("timer"),
    timer_icount(),
    *posix_cases(),
    program("timerwrap"),
    program("mem"),
    program("malloconly"),
    program("mutex"),
    program("errnoport"),
    mutex_giveup(),
    heapmt(),
    outmt(),
    run_quoted(),
    program("mapfind"),
    mapbig_icount(),
    program("async"),
    share(),
    fastpath(),
    *faults(),
    vector(),
    fpu(),
    nofpu(),
    stack(),
    stacknote(),
    *lua_cases(),
    lazystack(),
    lazyelf(),
    fuzz(),
    bench_smoke(),
    program("irqmask", append="manifest=irqmask.manifest"),
    program("irqret", append="manifest=irqret.manifest"),
    program("devrange", append="run=super+devrange"),
    # It makes handles over virtio slots and the RTC itself: their drivers stay away.
    program("multidev", append="nobind=rtc-goldfish:virtio-rng run=maxprio=25+super+multidev"),
    dma_case(),
    SHELL,
    FOREGROUND,
    FOREGROUND_EARLY,
    BACKGROUND_READER,
    svc(),
    CONSOLE_RESTART,
    virtio_slots(),
    TICKS,
    SPIN,
    CONFLOOD,
]


# ---- Boards (issue 5): sifive_u, U-Boot, two load addresses, random boot harts ----

def boot_lines(driver, compat):
    """BOOT, with another console driver."""
    return BOOT[:3] + [r"^init: /soc/serial@\w+ \(%s\) -> %s as console$" % (compat, driver),
                       started(driver)] + BOOT[5:]


# QEMU sifive_u: hart 0 is an E51 without an MMU, hart 1 boots; the console
# is the SiFive UART, PLIC context 2, timer through the SBI.
SIFIVE_U = ["-machine", "sifive_u", "-smp", "2", "-m", "128M", "-nographic",
            "-monitor", "none", "-bios", "default", "-kernel", "{kernel}", "-no-reboot"]


def sifive_u(name, expect, append, **extra):
    c = dict(name=name, args=SIFIVE_U + ["-append", append], forbid=FORBID,
             timeout=TIMEOUT, expect=[r"^pier: boot hart 1, 2 harts \(1 usable",
                                      r"^pier: PLIC at 0x[0-9a-f]+, \d+ sources, context 2; timer by SBI"]
             + boot_lines("uart-sifive", r"sifive,uart0")[1:] + expect)
    c.update(extra)
    return c


# Debian's U-Boot (u-boot-qemu) in S-mode under OpenSBI, as on a real board:
# distro boot finds boot.scr (boards/uboot/) on a virtio disk, or fetches
# boot.scr.uimg over TFTP, and booti moves the Image to RAM base + 2 MiB.
# 256 MiB: U-Boot's scriptaddr and fdt_addr_r lie above 128 MiB.
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"


def uboot(name, expect, mem="256M", disk=None, tftp=None, loaded=None, timeout=60):
    """loaded: the physical address the kernel must say it runs at."""
    args = ["-machine", "virt", "-smp", "1", "-m", mem, "-nographic", "-monitor", "none",
            "-bios", "default", "-kernel", UBOOT, "-no-reboot"]
    if disk:
        args += ["-drive", "file=%s,format=raw,if=none,id=disk,readonly=on" % disk,
                 "-device", "virtio-blk-device,drive=disk"]
    if tftp:
        args += ["-netdev", "user,id=net,tftp=%s" % tftp, "-device", "virtio-net-device,netdev=net"]
    boot = BOOT[:1] + ([r"^pier: loaded at %s$" % loaded] if loaded else []) + BOOT[1:]
    return dict(name=name, args=args, forbid=FORBID + [r"SCRIPT FAILED", r"Bad Linux RISCV Image"],
                timeout=timeout, expect=expect + [r"^Starting kernel"] + boot + MANIFEST)


BOOTI = r"^Moving Image from 0x[0-9a-f]+ to 0x80200000"

CASES += [
    sifive_u("sifive-u-shell", [
        SHELL_READY, r"^hello sifive$",
        r"^space name +pages ports$", r"^ +1 init +\d+ +\d+$",
        r"^ +2 uart-sifive +\d+ +3$", r"^ +port \d+: prio 30 depth \d+ queued \d+ handled [1-9]",
        r"^bye sifive$"],
        "run=maxprio=9+super+shell", input=typing("echo hello sifive", "ps", "echo bye sifive")),
    sifive_u("sifive-u-conflood", [
        started("conflood"), r"^conflood: begin$", r"^conflood: end sum=\d+$",
        (r"^conflood: PASS all written$", r"^conflood: done$", exited("conflood"))],
        # The count is exact: the SD slot's driver, which says it found no
        # card whenever its probe gets there, is left out.
        "nobind=sd-spi run=conflood", timeout=120,
        count=dict(begin=r"^conflood: begin\r?$", end=r"^conflood: end sum=(?P<sum>\d+)",
                   bytes=1 << 20)),
    uboot("uboot-booti", [r"^Found U-Boot script /boot\.scr",
                          r"^Pier: loading Image from virtio 0:1", BOOTI],
          disk="{kdir}/uboot/disk.img", loaded="0x80200000"),
    uboot("uboot-tftp", [r"^Filename 'boot\.scr\.uimg'", r"^Pier: loading Image over TFTP",
                         r"^Filename 'Image'", BOOTI],
          tftp="{kdir}/uboot/tftp"),
    # The same Image at a second physical address, in another GiB: bootm
    # copies it where the uImage header says (tests/qemu/build.mk), and the
    # kernel must say it runs there.
    uboot("uboot-load-address", [r"^   Load Address: c0200000$", r"^   Loading Kernel Image"],
          mem="2G", disk="{kdir}/uboot/at-disk.img", loaded="0xc0200000"),
    # OpenSBI's boot hart is whichever hart wins its lottery: boot until two
    # different ones have run the whole system. Alone on a 2-core host hart 0
    # wins about 3 boots in 4 (29 of 40), so 30 boots miss hart 1-3 with
    # odds 0.73^30, about 1 in 10000; most runs need 2 to 4.
    dict(case("boot-harts", BOOT + MANIFEST, smp=4),
         boots=dict(times=30, distinct=r"^pier: boot hart (\d+)\b", at_least=2)),
]


# ---- Drivers (issue 13): virtio-rng and the Goldfish RTC, and the runtime over them ----

# make run attaches the same device (boards/qemu-virt/board.mk). QEMU 7.2's
# virtio-mmio is legacy (version 1) unless told otherwise.
RNG_DEV = ["-device", "virtio-rng-device"]
MODERN = ["-global", "virtio-mmio.force-legacy=false"]
HEX16 = r"^(?:pier> )?([0-9a-f]{32})$"


def differs(prev):
    """32 hex digits, but not the ones the line before showed."""
    m = re.search(HEX16, prev or "")
    return HEX16.replace("([", "(?!%s$)([" % m.group(1), 1) if m else HEX16


def utc_now(prev):
    """date's line: the host's UTC minute now, or the next (a minute may turn
    meanwhile); QEMU's goldfish RTC starts from the host's clock."""
    now = time.time()
    minutes = sorted({time.strftime("%Y-%m-%d %H:%M", time.gmtime(now + d)) for d in (-2, 0, 62)})
    return r"^(?:pier> )?(?:%s):\d\d UTC$" % "|".join(re.escape(m) for m in minutes)


def with_rng(c, name=None, modern=False):
    c["args"] += RNG_DEV + (MODERN if modern else [])
    c["name"] = name or c["name"]
    return c


def random_date(name, modern=False):
    """random 16 twice: two different draws; date: the host's time; bad sizes: usage."""
    return with_rng(case(name, BOOT + [SHELL_READY, HEX16, differs, utc_now,
                                       r"^usage: random <1\.\.256>$", r"^usage: random <1\.\.256>$",
                                       r"^(?:pier> )?[0-9a-f]{512}$", r"^bye devices$"],
                         append="run=maxprio=9+lookup=*+shell",
                         extra=dict(input=typing("random 16", "random 16", "date", "random 0",
                                                 "random 257", "random 256", "echo bye devices"))),
                    name=name, modern=modern)


def two_rngs():
    """Two virtio-rng devices: init names them rng0 and rng1, each driver
    serves the name it is told, and both are ready (the shell's ps)."""
    c = case("two-rngs", BOOT + [SHELL_READY, r"^(?:pier> )?rng0 +\d+ +0 +ready$",
                                  r"^rng1 +\d+ +0 +ready$", r"^bye rngs$"],
             append="run=maxprio=9+lookup=*+shell",
             extra=dict(input=typing("ps", "echo bye rngs")))
    c["args"] += ["-device", "virtio-rng-device", "-device", "virtio-rng-device"]
    c["forbid"] = c["forbid"] + [r"virtio-rng: "]
    return c


def timerng(name, mode=None, lookup="rtc0:rng0", rng=True, modern=False, sup=False):
    """The test program of getentropy and the clocks; mode: norng, denied, restart."""
    c = program("timerng", append="run=maxprio=25+%slookup=%s+timerng%s"
                % ("super+" if sup else "", lookup, "+" + mode if mode else ""))
    c["name"] = name
    return with_rng(c, name, modern) if rng else c


CASES += [
    random_date("random-date"),
    random_date("random-modern", modern=True),
    timerng("timerng"),
    timerng("timerng-modern", modern=True),
    # No virtio-rng device: getentropy says ENOSYS; the clocks still work.
    timerng("timerng-norng", "norng", rng=False),
    # rtc0 not in the manifest's lookup= list: the wall clock says EPERM.
    timerng("timerng-denied", "denied", lookup="rng0"),
    # The driver killed: quarantine until its successor resets the device.
    timerng("rng-restart", "restart", sup=True),
    two_rngs(),
]


# ---- Storage (issue 14): the block protocol on virtio-blk ----

# A raw image as a virtio block device, as make run DISK=... attaches it.
def blk_disk(readonly=False, fail_reads=False):
    """fail_reads: QEMU's blkdebug fails every read of sector 100 (tests/qemu/blkdebug-read100.conf)."""
    image = "blkdebug:tests/qemu/blkdebug-read100.conf:{disk}" if fail_reads else "{disk}"
    return ["-drive", "file=%s,format=raw,if=none,id=disk0%s" % (image, ",readonly=on" if readonly else "")
            + (",rerror=report" if fail_reads else ""),
            "-device", "virtio-blk-device,drive=disk0"]


DISK_SIZE = 8 << 20
BLK_BOUND = r"^init: /soc/virtio_mmio@100\d+ \(virtio,mmio\) -> virtio-blk as blk0$"


def blk_pattern(seed, first, count):
    """What blkload writes to sectors [first, first + count): tests/qemu/progs/blkload/blkload.h's mix()."""
    m = (1 << 64) - 1
    out = bytearray()
    for s in range(first, first + count):
        for j in range(64):
            z = (seed ^ (s << 8 | j)) + 0x9e3779b97f4a7c15 & m
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9 & m
            z = (z ^ (z >> 27)) * 0x94d049bb133111eb & m
            out += (z ^ (z >> 31)).to_bytes(8, "little")
    return bytes(out)


def image_has(offset, want, rest_zero=True):
    """A disk check: the image holds want at offset (and zeros everywhere else)."""
    def check(path, boot):
        with open(path, "rb") as f:
            data = f.read()
        if data[offset:offset + len(want)] != want:
            bad = next(i for i in range(len(want)) if data[offset + i] != want[i])
            return "byte %d is %#x, want %#x" % (offset + bad, data[offset + bad], want[bad])
        if rest_zero and any(data[:offset]) or rest_zero and any(data[offset + len(want):]):
            return "bytes outside [%d, %d) are not all zero" % (offset, offset + len(want))
        return None
    return check


def blkload(name, mode, seed=None, sup=False, readonly=False, fail_reads=False, expect=()):
    """The block test program against blk0; with a seed, the host checks its 4 MiB in the image."""
    c = program("blkload", append="run=maxprio=25+%slookup=blk0+blkload+blk0+%s"
                % ("super+" if sup else "", mode))
    c["name"] = name
    c["args"] += blk_disk(readonly, fail_reads)
    if expect:   # any order with the program's own lines
        c["expect"] = c["expect"][:-1] + [tuple(c["expect"][-1]) + tuple(expect)]
    c["disk"] = dict(size=DISK_SIZE)
    if seed is not None:
        c["disk"]["check"] = image_has(0, blk_pattern(seed, 0, 8192))
    return c


SUM_LINE = r"^%sblkload: client %d wrote 2097152 bytes, checksum ([0-9a-f]{16}), read back \1$"
BLK_TEXT = b"Pier was here"

CASES += [
    # The shell writes a sector; the host finds it in the image; a second boot reads it back.
    dict(case("blk-shell", BOOT + [SHELL_READY,
                                   r"^(?:pier> )?blk0 +16384 sectors of 512 bytes$",
                                   r"^(?:pier> )?blk0: 16384 sectors of 512 bytes, 8192 KiB, write cache; "
                                   r"up to \d+ bytes a request, best \d+$",
                                   r"^(?:pier> )?blk: wrote 13 bytes to blk0 sector 5$",
                                   r"^(?:pier> )?blk: read blk0 99999: blocks past the end of the device$",
                                   r"^(?:pier> )?blk: nope: no such program, file or space$",
                                   r"^bye blk$"],
              append="run=maxprio=9+lookup=*+shell",
              extra=dict(input=typing("blk", "blk info blk0", "blk write blk0 5 Pier was here",
                                      "blk read blk0 99999", "blk info nope", "echo bye blk"))),
         args=virt(append="run=maxprio=9+lookup=*+shell") + blk_disk(),
         disk=dict(size=DISK_SIZE, check=lambda path, boot: image_has(
             5 * 512, BLK_TEXT + bytes(512 - len(BLK_TEXT)))(path, boot),
             then=[dict(expect=BOOT + [SHELL_READY,
                                       r"^(?:pier> )?000: 50 69 65 72 20 77 61 73 20 68 65 72 65 00 00 00  "
                                       r"Pier was here\.\.\.$", r"^1f0: (00 ){16} \.{16}$", r"^bye blk$"],
                        input=typing("blk read blk0 5", "echo bye blk"))])),
    blkload("blk-load", "load", seed=0x5eed0001,
            expect=[SUM_LINE % (TAG, 0), SUM_LINE % (TAG, 1)]),
    blkload("blk-restart", "restart", seed=0x5eed0002, sup=True,
            expect=[r"^%sblkload: killed the driver of blk0$" % TAG,
                    SUM_LINE % (TAG, 0), SUM_LINE % (TAG, 1),
                    # Client 0 killed it, so its next request is cut off;
                    # client 1 may have had its open still queued at the
                    # service port, which the new driver then served.
                    r"^%sblkload: client 0 opened its session again [1-9]\d* times$" % TAG,
                    r"^%sblkload: client 1 opened its session again \d+ times$" % TAG]),
    blkload("blk-errors", "errors", expect=[r"^%sblkload: child checked$" % TAG]),
    blkload("blk-readonly", "readonly", readonly=True),
    blkload("blk-ioerror", "ioerror", fail_reads=True),
]


# ---- Storage on sifive_u: an SD card over SPI (spi-sifive, sd-spi), the same test programs ----

# QEMU's sifive_u has an SD card slot under its second SPI controller; the
# image must be a power of two in size. Up to 1 GiB QEMU makes an SDSC card
# (byte addresses, CSD 1.0); larger, SDHC (block addresses, CSD 2.0).
def sd_card():
    return ["-drive", "file={disk},format=raw,if=sd"]


SD_SIZE = 8 << 20
SD_READY = r"^sd-spi: blk0: SD(SC|HC) card v2, (\d+) sectors, SCK \d+ Hz$"


def sdload(name, mode, seed=None, sup=False, expect=(), size=SD_SIZE, timeout=120):
    """blkload against the SD card's blk0, as blkload() runs it against virtio-blk."""
    prog = (started("blkload"), r"^%sblkload: done$" % TAG, exited("blkload")) + tuple(expect)
    c = sifive_u(name, [prog],
                 "run=maxprio=25+%slookup=blk0+blkload+blk0+%s" % ("super+" if sup else "", mode),
                 timeout=timeout)
    c["args"] = c["args"] + sd_card()
    c["disk"] = dict(size=size)
    if seed is not None:
        c["disk"]["check"] = image_has(0, blk_pattern(seed, 0, 8192))
    return c


def sd_shell():
    """The shell writes a sector of the SD card; the host finds it; a second boot reads it back."""
    # blk info first: it waits for the service, which is ready once the card is.
    c = sifive_u("sd-shell", [(SHELL_READY, SD_READY),
                              r"^(?:pier> )?blk0: 16384 sectors of 512 bytes, 8192 KiB; "
                              r"up to 65536 bytes a request, best 65536$",
                              r"^(?:pier> )?blk0 +16384 sectors of 512 bytes$",
                              r"^(?:pier> )?blk: wrote 13 bytes to blk0 sector 5$",
                              r"^(?:pier> )?blk: read blk0 99999: blocks past the end of the device$",
                              r"^bye sd$"],
                 "run=maxprio=9+lookup=*+shell",
                 input=typing("blk info blk0", "blk", "blk write blk0 5 Pier was here",
                              "blk read blk0 99999", "echo bye sd"))
    c["expect"].insert(c["expect"].index(started("uart-sifive")),
                       r"^init: /soc/spi@10050000/mmc@0 \(mmc-spi-slot\) -> sd-spi as blk0$")
    c["args"] = c["args"] + sd_card()
    c["disk"] = dict(size=SD_SIZE, check=lambda path, boot: image_has(
        5 * 512, BLK_TEXT + bytes(512 - len(BLK_TEXT)))(path, boot),
        then=[dict(expect=[SHELL_READY,
                           r"^(?:pier> )?000: 50 69 65 72 20 77 61 73 20 68 65 72 65 00 00 00  "
                           r"Pier was here\.\.\.$", r"^1f0: (00 ){16} \.{16}$", r"^bye sd$"],
                   input=typing("blk read blk0 5", "echo bye sd"))])
    return c


CASES += [
    sd_shell(),
    sdload("sd-restart", "restart", seed=0x5eed0002, sup=True,
           expect=[r"^%sblkload: killed the driver of blk0$" % TAG,
                   SUM_LINE % (TAG, 0), SUM_LINE % (TAG, 1),
                   r"^%sblkload: client 0 opened its session again [1-9]\d* times$" % TAG]),
    sdload("sd-load", "load", seed=0x5eed0001,
           expect=[SUM_LINE % (TAG, 0), SUM_LINE % (TAG, 1)]),
    sdload("sd-errors", "errors", expect=[r"^%sblkload: child checked$" % TAG]),
    # 4 GiB (sparse): QEMU makes it SDHC, so block addressing and CSD 2.0 are used.
    sdload("sd-hc-errors", "errors", size=4 << 30,
           expect=[r"^sd-spi: blk0: SDHC card v2, 8388608 sectors, SCK \d+ Hz$",
                   r"^%sblkload: child checked$" % TAG]),
]

CASES += [
    # The SPI protocol's bad requests, each with its own status, on sifive_u's spi0 (the flash's).
    sifive_u("spi-hostile", [(started("spibad"), r"^%sspibad: done$" % TAG, exited("spibad"))],
             "nobind=sd-spi run=maxprio=25+lookup=spi0+spibad", forbid=FORBID + [r"spibad: FAIL"]),
]
