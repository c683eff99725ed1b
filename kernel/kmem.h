/* Kernel object allocator: power-of-two slabs over the page allocator. */
#ifndef KMEM_H
#define KMEM_H

#include <stddef.h>

#define KMEM_MIN_SIZE 16	/* smallest class; also the alignment */
#define KMEM_MAX_SIZE 2048	/* largest class; bigger sizes take whole pages */

/*
 * kmem_alloc() returns zeroed memory aligned to 16 bytes, or NULL when out
 * of memory (or size is 0). kmem_free() must be given the size that was
 * asked for; kmem_free(NULL, size) does nothing. Callers serialize.
 */
void *kmem_alloc(size_t size);
void kmem_free(void *p, size_t size);
size_t kmem_pages_used(void);	/* slab pages plus large allocations */

#endif
