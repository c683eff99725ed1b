# Lua 5.4: the stand-alone interpreter lua.c with the whole standard
# library, built as its own src/Makefile builds it on a plain C platform
# ("make generic": no POSIX extras, so io.popen answers "not supported"
# and require loads Lua files only, never C libraries).
lua_SRCS := $(addprefix src/,lapi.c lcode.c lctype.c ldebug.c ldo.c ldump.c \
	lfunc.c lgc.c llex.c lmem.c lobject.c lopcodes.c lparser.c lstate.c \
	lstring.c ltable.c ltm.c lundump.c lvm.c lzio.c lauxlib.c lbaselib.c \
	lcorolib.c ldblib.c liolib.c lmathlib.c loadlib.c loslib.c lstrlib.c \
	ltablib.c lutf8lib.c linit.c lua.c)
lua_CFLAGS := -std=gnu99 -DLUA_COMPAT_5_3
# Lua stops C recursion at LUAI_MAXCCALLS (200) levels, about 1 KiB of C
# stack each at the deepest (the parser): 1 MiB leaves room to spare.
lua_LDFLAGS := -Wl,--defsym=__pier_stack_size=1048576
