# Host test of dispatch order: run queue and packet queue.
HOST_TESTS += dispatch
HOST_SRCS_dispatch := tests/host/test_dispatch.c kernel/runq.c kernel/pqueue.c
