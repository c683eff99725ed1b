# Host test of the kernel's own memcpy and memset, renamed so the test
# compares them against the host C library's.
HOST_TESTS += string
HOST_SRCS_string := tests/host/test_string.c kernel/string.c
$(B)/host/test_string: HOSTCFLAGS += -Dmemcpy=kmemcpy -Dmemset=kmemset
