# Host test of the kernel object allocator (runs over the real page allocator).
HOST_TESTS += kmem
HOST_SRCS_kmem := tests/host/test_kmem.c kernel/kmem.c kernel/page.c kernel/page_init.c
