# Host test of the block protocol's request checks (drivers/common/blkcheck.c).
HOST_TESTS += blkcheck
HOST_SRCS_blkcheck := tests/host/test_blkcheck.c drivers/common/blkcheck.c
$(B)/host/test_blkcheck: HOSTCFLAGS += -Idrivers/common
$(B)/host/test_blkcheck: drivers/common/blkcheck.h
