/* The page allocator at boot: RAM ranges made zones, reserved ranges and its own bookkeeping taken out. */
#include <stdbool.h>
#include <string.h>

#include <pier/status.h>
#include "page_zone.h"
#include "physmap.h"

/* A reserved range rounded outward to pages: [*lo, *hi); hi saturates. */
static void res_bounds(const struct page_range *r, uint64_t *lo, uint64_t *hi)
{
	uint64_t end = r->base + r->size;

	*lo = r->base & ~(PAGE_SIZE - 1);
	if (end < r->base || end > UINT64_MAX - (PAGE_SIZE - 1))
		*hi = UINT64_MAX;
	else
		*hi = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/*
 * The first unreserved run [*lo, *hi) at or after pa and before end.
 * The reserved list is unsorted and may overlap, so hop over ranges until
 * none covers pa; this is quadratic in nres, which is small and init-only.
 */
static __attribute__((cold)) bool next_run(uint64_t pa, uint64_t end, const struct page_range *res,
		     int nres, uint64_t *lo, uint64_t *hi)
{
	bool moved = true;
	uint64_t rl, rh;

	while (moved && pa < end) {
		moved = false;
		for (int i = 0; i < nres; i++) {
			res_bounds(&res[i], &rl, &rh);
			if (res[i].size != 0 && rl <= pa && pa < rh) {
				pa = rh;
				moved = true;
			}
		}
	}
	if (pa >= end)
		return false;
	*lo = pa;
	*hi = end;
	for (int i = 0; i < nres; i++) {
		res_bounds(&res[i], &rl, &rh);
		if (res[i].size != 0 && rl > pa && rl < *hi)
			*hi = rl;
	}
	return true;
}

/* Once, at boot: built for size. */
__attribute__((cold)) int page_ranges_below(struct page_range *r, int *n, uint64_t end)
{
	int out = 0, changed = 0;

	for (int i = 0; i < *n; i++) {
		struct page_range x = r[i];

		if (x.base >= end) {
			changed++;
			continue;
		}
		if (x.size > end - x.base) {
			x.size = end - x.base;
			changed++;
		}
		r[out++] = x;
	}
	*n = out;
	return changed;
}

/* Round RAM inward, sort by base and merge overlapping or touching ranges. */
static void make_zones(const struct page_range *ram, int nram)
{
	nzones = 0;
	for (int i = 0; i < nram; i++) {
		uint64_t end = ram[i].base + ram[i].size;
		if (end < ram[i].base)
			end = UINT64_MAX;
		end &= ~(PAGE_SIZE - 1);
		if (ram[i].base > end)
			continue;
		uint64_t lo = (ram[i].base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (lo == 0)
			lo = PAGE_SIZE;	/* pa 0 is the "no page" answer */
		if (lo >= end)
			continue;
		int j = nzones++;
		while (j > 0 && zones[j - 1].base > lo) {
			zones[j] = zones[j - 1];
			j--;
		}
		zones[j] = (struct zone){ .base = lo, .npages = (end - lo) / PAGE_SIZE };
	}
	int out = 0;
	for (int i = 0; i < nzones; i++) {
		if (out > 0) {
			struct zone *z = &zones[out - 1];
			uint64_t zend = z->base + z->npages * PAGE_SIZE;
			uint64_t iend = zones[i].base + zones[i].npages * PAGE_SIZE;
			if (zones[i].base <= zend) {
				if (iend > zend)
					z->npages = (iend - z->base) / PAGE_SIZE;
				continue;
			}
		}
		zones[out++] = zones[i];
	}
	nzones = out;
}

/* Once, at boot: built for size, like the rest of the boot path. */
__attribute__((cold)) int page_init(const struct page_range *ram, int nram,
	      const struct page_range *reserved, int nres)
{
	if (nram < 1 || nres < 0)
		return PIER_E_ARG;
	if (nram > PAGE_MAX_RANGES)
		return PIER_E_LIMIT;
	nfree = ntotal = 0;
	make_zones(ram, nram);

	uint64_t bytes = 0;
	for (int i = 0; i < nzones; i++)
		bytes += meta_bytes(zones[i].npages);
	uint64_t need = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	/* First fit for the bookkeeping, in a run the bitmaps will mark free. */
	uint64_t meta = 0, lo, hi;
	for (int i = 0; i < nzones && meta == 0; i++) {
		uint64_t pa = zones[i].base, end = pa + zones[i].npages * PAGE_SIZE;
		for (; next_run(pa, end, reserved, nres, &lo, &hi); pa = hi) {
			if ((hi - lo) / PAGE_SIZE >= need) {
				meta = lo;
				break;
			}
		}
	}
	if (meta == 0) {
		nzones = 0;
		return PIER_E_NOMEM;
	}

	uint64_t *map = pa_to_kva(meta);
	memset(map, 0, need * PAGE_SIZE);
	for (int i = 0; i < nzones; i++) {
		struct zone *z = &zones[i];
		uint64_t pa = z->base, end = pa + z->npages * PAGE_SIZE;
		z->usable = map;
		z->free = map + words_of(z->npages);
		z->extra = (uint16_t *)(map + 2 * words_of(z->npages));
		map += meta_bytes(z->npages) / sizeof(uint64_t);
		for (; next_run(pa, end, reserved, nres, &lo, &hi); pa = hi) {
			uint64_t from = (lo - z->base) / PAGE_SIZE;
			uint64_t to = (hi - z->base) / PAGE_SIZE;
			if (lo == meta)
				from += need;	/* the bitmaps themselves */
			bits_fill(z->usable, from, to, true);
			bits_fill(z->free, from, to, true);
			nfree += to - from;
		}
	}
	ntotal = nfree;
	return PIER_OK;
}
