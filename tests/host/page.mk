# Host test of the physical page allocator.
HOST_TESTS += page
HOST_SRCS_page := tests/host/test_page.c kernel/page.c
