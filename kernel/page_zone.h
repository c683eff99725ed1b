/* The page allocator's zones, shared by its boot part (page_init.c) and the rest (page.c). */
#ifndef PAGE_ZONE_H
#define PAGE_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "page.h"

/*
 * Each RAM range (a "zone", after rounding and merging overlaps) has two
 * bitmaps, one bit per page: "usable" says the page belongs to the pool
 * (not reserved, not our own bookkeeping) and never changes after init;
 * "free" says it is free now. Keeping both lets page_free() tell a double
 * free from a free of a reserved page, without keeping the caller's
 * reserved list. A 16-bit count per page holds its references beyond the
 * first (page_ref.c): nonzero only while the page is mapped in several
 * places. All of it lives in RAM taken from the pool itself, so nothing
 * here is sized by the amount of RAM: 64 GiB costs 36 MiB.
 *
 * page_alloc() scans from a per-zone hint: every word of "free" before the
 * hint is zero, so the scan starts at the first word that may hold a free
 * page and single allocations stay close to O(1) in practice.
 */
#define BITS 64u

struct zone {
	uint64_t base;		/* physical address of the zone's first page */
	uint64_t npages;
	uint64_t *usable;	/* bit set: page is part of the pool */
	uint64_t *free;		/* bit set: page is free now */
	uint16_t *extra;	/* references beyond the first, per page */
	uint64_t hint;		/* words of free[] before this are all zero */
};

extern struct zone zones[PAGE_MAX_RANGES];
extern int nzones;
extern size_t nfree;            /* pages free now */
extern size_t ntotal;           /* pages free right after page_init() */

static inline uint64_t words_of(uint64_t npages)
{
	return (npages + BITS - 1) / BITS;
}

/* Bookkeeping of a zone in bytes: two bitmaps, then the counts (padded to 8). */
static inline uint64_t meta_bytes(uint64_t npages)
{
	return 2 * words_of(npages) * sizeof(uint64_t) +
	       ((npages * sizeof(uint16_t) + 7) & ~7ull);
}

static inline bool bit_test(const uint64_t *map, uint64_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

/* Set (or clear) bits [from, to) a word at a time: zones may hold 16M pages. */
void bits_fill(uint64_t *map, uint64_t from, uint64_t to, bool set);

#endif
