# Host test of the boot-image cpio reader (it runs the system cpio to make archives).
HOST_TESTS += cpio
HOST_SRCS_cpio := tests/host/test_cpio.c kernel/cpio.c kernel/cpio_index.c
