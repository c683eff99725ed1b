# Host test of cutting RAM ranges to the end of the direct map before the page allocator gets them.
HOST_TESTS += pageclip
HOST_SRCS_pageclip := tests/host/test_pageclip.c kernel/page.c kernel/page_init.c kernel/page_ref.c
