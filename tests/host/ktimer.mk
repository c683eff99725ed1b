# Host test of the timer port (kernel/ktimer.c) against a fake clock: due
# times saturate, and no timer fires twice in one tick.
HOST_TESTS += ktimer
HOST_SRCS_ktimer := tests/host/test_ktimer.c kernel/ktimer.c
# port.h includes the arch's struct context.
$(B)/host/test_ktimer: HOSTCFLAGS += -Iarch/riscv
