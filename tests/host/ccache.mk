# Host test of the SiFive composable cache flush by line (kernel/ccache.c), against a simulated register file.
HOST_TESTS += ccache
HOST_SRCS_ccache := tests/host/test_ccache.c kernel/ccache.c
