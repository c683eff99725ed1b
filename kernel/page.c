/* Physical page allocator: 4 KiB pages of RAM, two bitmaps and a share count per RAM range. */
#include <stdbool.h>
#include <string.h>

#include <pier/status.h>
#include "page_zone.h"
#include "physmap.h"

/* The zones and their counts (page_zone.h); page_init.c fills them. */
struct zone zones[PAGE_MAX_RANGES];
int nzones;
size_t nfree;
size_t ntotal;

/* Set (or clear) bits [from, to) a word at a time (page_zone.h). */
void bits_fill(uint64_t *map, uint64_t from, uint64_t to, bool set)
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
