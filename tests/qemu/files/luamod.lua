-- A module that luatest.lua loads with require, from the boot image.
local M = { name = "luamod" }
function M.twice(n) return 2 * n end
return M
