# Host test of the sleeping lock's state machine: FIFO handoff, the races
# between fast paths and the lock port's handler, dead waiters, the limit.
HOST_TESTS += mutex
HOST_SRCS_mutex := tests/host/test_mutex.c lib/mutex_wait.c
$(B)/host/test_mutex: HOSTCFLAGS += -Ilib
$(B)/host/test_mutex: lib/mutex_core.h
