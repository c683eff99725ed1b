/* Physical page allocator: 4 KiB pages of RAM, two bitmaps and a share count per RAM range. */
#include <stdbool.h>
#include <string.h>

#include <pier/status.h>
#include "page.h"
#include "physmap.h"

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

static struct zone zones[PAGE_MAX_RANGES];
static int nzones;
static size_t nfree;
static size_t ntotal;

static uint64_t words_of(uint64_t npages)
{
	return (npages + BITS - 1) / BITS;
}

/* Bookkeeping of a zone in bytes: two bitmaps, then the counts (padded to 8). */
static uint64_t meta_bytes(uint64_t npages)
{
	return 2 * words_of(npages) * sizeof(uint64_t) +
	       ((npages * sizeof(uint16_t) + 7) & ~7ull);
}

static bool bit_test(const uint64_t *map, uint64_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

/* Set (or clear) bits [from, to) a word at a time: zones may hold 16M pages. */
static void bits_fill(uint64_t *map, uint64_t from, uint64_t to, bool set)
{
	while (from < to) {
		uint64_t n = BITS - from % BITS;
		if (n > to - from)
			n = to - from;
		uint64_t mask = (n == BITS ? ~0ull : ((1ull << n) - 1)) << (from % BITS);
		if (set)
			map[from / BITS] |= mask;
		else
			map[from / BITS] &= ~mask;
		from += n;
	}
}

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

/*
 * The index of x's lowest set bit (x != 0). Without Zbb, __builtin_ctzll
 * is a libgcc loop; a de Bruijn multiply maps the isolated bit to a
 * distinct 6-bit index instead, in five instructions.
 */
static unsigned lowest_bit(uint64_t x)
{
	static const uint8_t index[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
	};

	return index[((x & -x) * 0x03f79d71b4cb0a89ull) >> 58];
}

uint64_t page_alloc(void)
{
	for (int i = 0; i < nzones; i++) {
		struct zone *z = &zones[i];
		uint64_t nw = words_of(z->npages);
		for (uint64_t w = z->hint; w < nw; w++) {
			if (z->free[w] == 0)
				continue;
			uint64_t bit = lowest_bit(z->free[w]);
			z->free[w] &= ~(1ull << bit);
			z->hint = w;
			nfree--;
			uint64_t pa = z->base + (w * BITS + bit) * PAGE_SIZE;
			memset(pa_to_kva(pa), 0, PAGE_SIZE);
			return pa;
		}
		z->hint = nw;
	}
	return 0;
}

__attribute__((cold)) uint64_t page_alloc_n(size_t n)
{
	if (n <= 1)
		return n == 1 ? page_alloc() : 0;
	for (int i = 0; i < nzones; i++) {
		struct zone *z = &zones[i];
		uint64_t run = 0, start = 0;
		if (n > z->npages)
			continue;
		for (uint64_t p = z->hint * BITS; p < z->npages; p++) {
			if (p % BITS == 0 && z->free[p / BITS] == 0) {
				run = 0;	/* skip a full word at once */
				p += BITS - 1;
				continue;
			}
			if (!bit_test(z->free, p)) {
				run = 0;
				continue;
			}
			if (run++ == 0)
				start = p;
			if (run == n) {
				bits_fill(z->free, start, start + n, false);
				nfree -= n;
				uint64_t pa = z->base + start * PAGE_SIZE;
				memset(pa_to_kva(pa), 0, n * PAGE_SIZE);
				return pa;
			}
		}
	}
	return 0;
}

void page_free(uint64_t pa)
{
	page_free_n(pa, 1);
}

/* The zone holding pa, or NULL. */
static struct zone *zone_of(uint64_t pa)
{
	for (int i = 0; i < nzones; i++)
		if (pa >= zones[i].base && (pa - zones[i].base) / PAGE_SIZE < zones[i].npages)
			return &zones[i];
	return NULL;
}

/* Check every page first, so a bad call changes nothing (kernel_bug may return). */
void page_free_n(uint64_t pa, size_t n)
{
	struct zone *z = zone_of(pa);

	if (n == 0 || pa % PAGE_SIZE != 0) {
		kernel_bug("page_free: bad address or count", pa);
		return;
	}
	if (!z) {
		kernel_bug("page_free: not RAM", pa);
		return;
	}
	uint64_t first = (pa - z->base) / PAGE_SIZE;
	if (n > z->npages - first) {
		kernel_bug("page_free: range runs past RAM", pa);
		return;
	}
	for (uint64_t p = first; p < first + n; p++) {
		if (!bit_test(z->usable, p) || bit_test(z->free, p)) {
			kernel_bug("page_free: page not allocated", z->base + p * PAGE_SIZE);
			return;
		}
		if (z->extra[p]) {
			kernel_bug("page_free: page still shared", z->base + p * PAGE_SIZE);
			return;
		}
	}
	bits_fill(z->free, first, first + n, true);
	nfree += n;
	if (first / BITS < z->hint)
		z->hint = first / BITS;
}

uint16_t *page_extra_refs(uint64_t pa)
{
	struct zone *z = zone_of(pa);
	uint64_t p;

	if (!z || pa % PAGE_SIZE != 0)
		return NULL;
	p = (pa - z->base) / PAGE_SIZE;
	if (!bit_test(z->usable, p) || bit_test(z->free, p))
		return NULL;
	return &z->extra[p];
}

size_t page_free_count(void)
{
	return nfree;
}

size_t page_total_count(void)
{
	return ntotal;
}
