/* Physical page allocator: 4 KiB pages of RAM, two bitmaps per RAM range, counted references. */
#ifndef PAGE_H
#define PAGE_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_MAX_RANGES 8	/* RAM ranges page_init() accepts */

struct page_range {
	uint64_t base;	/* physical address; need not be page aligned */
	uint64_t size;	/* bytes */
};

/*
 * Seed the allocator: free memory is RAM (rounded inward to pages) minus the
 * reserved ranges (rounded outward). Ranges may overlap and come in any
 * order; physical page 0 is never handed out, as 0 means "no page".
 * Bookkeeping (two bits and a 16-bit count per page of RAM) is carved from
 * the first free run long enough for it and is not counted in
 * page_total_count().
 * Returns PIER_OK, PIER_E_ARG (nram < 1 or nres < 0), PIER_E_LIMIT
 * (nram > PAGE_MAX_RANGES) or PIER_E_NOMEM (no room for the bookkeeping).
 * May be called again to start over. Callers serialize: no lock is taken.
 */
int page_init(const struct page_range *ram, int nram,
	      const struct page_range *reserved, int nres);

/*
 * Cut ranges to [0, end): the allocator must get only RAM the kernel can
 * reach (below the end of its direct map). A range wholly at or above
 * end is dropped, one across it shortened; *n becomes the number left,
 * in their order. Returns how many ranges were dropped or shortened.
 */
int page_ranges_below(struct page_range *r, int *n, uint64_t end);

uint64_t page_alloc(void);		/* one zeroed page, or 0 */
uint64_t page_alloc_n(size_t n);	/* n contiguous zeroed pages, or 0 */
void page_free(uint64_t pa);
void page_free_n(uint64_t pa, size_t n);
size_t page_free_count(void);
size_t page_total_count(void);		/* pages free right after page_init() */

/*
 * Counted references (page_ref.c), for pages mapped in more than one place.
 * page_alloc() hands a page out with one reference; page_ref() adds one
 * (PIER_E_LIMIT past 65536 in all), page_unref() drops one and frees the
 * page with the last. page_free() of a page that still has more than one
 * is a kernel_bug. page_refs() is 0 for a page that is not allocated.
 */
int page_ref(uint64_t pa);
void page_unref(uint64_t pa);
unsigned page_refs(uint64_t pa);
/* For page_ref.c: the count of references beyond the first, or NULL if pa
 * is not an allocated page. */
uint16_t *page_extra_refs(uint64_t pa);

/*
 * Called on a broken invariant (freeing a page that is not allocated).
 * The kernel panics; host tests record the call, and the allocator then
 * returns without changing anything.
 */
extern void kernel_bug(const char *what, uint64_t value);

#endif
