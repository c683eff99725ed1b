/* The allocator's core (lib/malloc_tlsf.c, lib/malloc_small.c): no libc, no kernel, a page source. */
#ifndef MALLOC_CORE_H
#define MALLOC_CORE_H

/*
 * Two layers, each constant time per call whatever the number of free
 * blocks:
 *  - TLSF (two-level segregated fit) for blocks of any size: free blocks
 *    sit in lists by size (a power of two, cut in HEAP_SL parts), and two
 *    bitmaps say which lists are non-empty, so finding a fit is a few
 *    count-trailing-zeros; freeing merges with both neighbours at once.
 *  - Size classes for small requests (up to HEAP_SMALL_MAX bytes): slabs
 *    (one TLSF block each) cut into equal slots, a free list per slab and
 *    a list per class of slabs with room.
 * Memory comes from the page source in regions (HEAP_REGION_PAGES, or
 * the request's size for larger ones). A region whose memory is all free
 * again goes back to the source, except one spare of the usual size, kept
 * so that a malloc/free loop does not map and unmap every time (and a few
 * empty slabs may hold others: malloc_small.c); heap_trim returns both.
 *
 * Not reentrant: a caller serializes (lib/malloc.c says how).
 */
#include <stddef.h>
#include <stdint.h>

#define HEAP_PAGE 4096u
#define HEAP_ALIGN 16u
#define HEAP_REGION_PAGES 32u      /* 128 KiB: the usual region */
#define HEAP_SL_LOG 4u
#define HEAP_SL (1u << HEAP_SL_LOG)
#define HEAP_FL 48u                /* blocks below 2^(HEAP_FL + 7) bytes */
#define HEAP_SMALL_MAX 1016u       /* largest request a size class takes */
#define HEAP_CLASSES 19u
#define HEAP_MAX ((size_t)1 << 40) /* larger requests fail at once */

/* Where memory comes from: whole pages, page-aligned; NULL if none. */
struct heap_source {
	void *(*map)(void *ctx, size_t pages);
	void (*unmap)(void *ctx, void *addr, size_t pages);
	void *ctx;
};

struct hblk;
struct slab;

/* One heap: all state, so the host test can run many. Lives as long as its user. */
struct heap {
	struct heap_source src;
	uint64_t fl_map;                    /* bit f: some list of row f is non-empty */
	uint32_t sl_map[HEAP_FL];           /* bit s of row f: list [f][s] non-empty */
	struct hblk *lists[HEAP_FL][HEAP_SL];
	struct slab *partial[HEAP_CLASSES]; /* slabs with a free slot, per class */
	struct hblk *spare;                 /* a wholly free region kept, or NULL */
	uint32_t empty_kept;                /* empty slabs kept (malloc_small.c) */
	/* Counters for tests and the bench. */
	uint64_t pages_mapped, pages_unmapped, regions;
	void (*corrupt)(const char *why);   /* a bad free: the caller's bug */
};

void heap_init(struct heap *h, const struct heap_source *src);
void *heap_alloc(struct heap *h, size_t size);
void heap_free(struct heap *h, void *p);
void *heap_realloc(struct heap *h, void *p, size_t size);
/* align: a power of two. */
void *heap_memalign(struct heap *h, size_t align, size_t size);
size_t heap_usable(struct heap *h, const void *p);
/* Give back the kept empty slab and the spare region too. */
void heap_trim(struct heap *h);

/* Between the two layers (malloc_tlsf.c). */
void *tlsf_alloc(struct heap *h, size_t size);
void tlsf_free(struct heap *h, void *p);
void *tlsf_memalign(struct heap *h, size_t align, size_t size);
void *tlsf_resize(struct heap *h, void *p, size_t size);   /* in place, or NULL */
size_t tlsf_usable(const void *p);
/* malloc_small.c */
void *small_alloc(struct heap *h, size_t size);
void small_free(struct heap *h, void *p);
void small_trim(struct heap *h);
size_t small_usable(const void *p);
/* The word before every pointer handed out says which layer made it. */
#define HEAP_META_SMALL 8u
static inline uintptr_t heap_meta(const void *p)
{
	return ((const uintptr_t *)p)[-1];
}

#endif
