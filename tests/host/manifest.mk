# Host test of init's manifest lines: options, restart policies, lookup lists, malformed lines.
HOST_TESTS += manifest
HOST_SRCS_manifest := tests/host/test_manifest.c apps/init/manifest.c apps/init/progs.c
# POSIX: libpier.h declares clock_gettime (the drv branch), whose clockid_t
# the host C library defines only for POSIX.
$(B)/host/test_manifest: HOSTCFLAGS += -Iapps/init -Ilib -D_POSIX_C_SOURCE=200809L
$(B)/host/test_manifest: apps/init/init.h
