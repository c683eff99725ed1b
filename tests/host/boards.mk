# Host test of what the system decides on each real board's device tree: init's driver table over board discovery.
HOST_TESTS += boards
HOST_SRCS_boards := tests/host/test_boards.c apps/init/drivers_table.c lib/fdt/fdt.c \
	lib/fdt/fdt_prop.c lib/fdt/fdt_dev.c kernel/board.c kernel/board_harts.c kernel/board_ccache.c
$(B)/host/test_boards: HOSTCFLAGS += -Iapps/init -Ilib
$(B)/host/test_boards: apps/init/drivers_table.h
