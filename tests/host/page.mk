# Host test of the physical page allocator and its reference counts.
HOST_TESTS += page
HOST_SRCS_page := tests/host/test_page.c kernel/page.c kernel/page_init.c kernel/page_ref.c
