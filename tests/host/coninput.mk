# Host test of who may read a console (drivers/common/coninput.c): the controller, the foreground, refusals.
HOST_TESTS += coninput
HOST_SRCS_coninput := tests/host/test_coninput.c drivers/common/coninput.c
$(B)/host/test_coninput: HOSTCFLAGS += -Idrivers/common -Ilib -D_POSIX_C_SOURCE=200809L
