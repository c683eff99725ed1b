# Host test of frame validation.
HOST_TESTS += frame
HOST_SRCS_frame := tests/host/test_frame.c
