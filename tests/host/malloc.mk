# Host test of the allocator's core: random alloc/free/realloc/memalign
# against a model, alignment, in-place realloc, pages going back.
HOST_TESTS += malloc
HOST_SRCS_malloc := tests/host/test_malloc.c lib/malloc_heap.c lib/malloc_tlsf.c lib/malloc_small.c
$(B)/host/test_malloc: HOSTCFLAGS += -Ilib
$(B)/host/test_malloc: lib/malloc_core.h
