# Host test of command-line quoting (lib/cmdline.c): the rules, limits, join/split round trips.
HOST_TESTS += cmdline
HOST_SRCS_cmdline := tests/host/test_cmdline.c lib/cmdline.c
$(B)/host/test_cmdline: HOSTCFLAGS += -Ilib
$(B)/host/test_cmdline: lib/cmdline.h
