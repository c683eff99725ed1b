# Host test of init's manifest lines: options, restart policies, lookup lists, malformed lines.
HOST_TESTS += manifest
HOST_SRCS_manifest := tests/host/test_manifest.c apps/init/manifest.c
$(B)/host/test_manifest: HOSTCFLAGS += -Iapps/init -Ilib
$(B)/host/test_manifest: apps/init/init.h
