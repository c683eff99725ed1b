/* TLSF: the allocator's constant-time layer for blocks of any size, over regions of pages. */

/*
 * A block is a 16-byte header and its payload. Block sizes (header
 * included) are multiples of 16, at least BLK_MIN, so payloads are 16-byte
 * aligned and a free block has room for its two list links. A region is
 * one block (BLK_FIRST set) followed by a 16-byte end marker of size 0
 * that is never free, so merging stops at both ends without a region table.
 *
 * Lists: a size s (>= 256) is in row fls(s) - 7 and column the next
 * HEAP_SL_LOG bits below the top one; smaller sizes are row 0, s / 16.
 * A search rounds the size up to the next column's start, so any block in
 * the list found fits: good fit, not best fit, in constant time.
 *
 * Blocks above LARGE get a region of their own, cut to the page, and are
 * never split: nothing small can settle in a large block's pages, so its
 * free gives them all back at once. The free lead memalign leaves in such
 * a region is parked (free, on no list: next == itself) for the same
 * reason; it merges back when the block is freed.
 */
#include <string.h>
#include "malloc_core.h"

#define BLK_FREE 1u
#define BLK_PREV_FREE 2u
#define BLK_FIRST 4u
#define BLK_FLAGS 15u
#define BLK_HDR 16u
#define BLK_MIN 32u
#define LARGE ((size_t)HEAP_REGION_PAGES * HEAP_PAGE / 2)

struct hblk {
	size_t prev_size;       /* the previous block's size, while it is free */
	size_t head;            /* size | BLK_* */
	struct hblk *next, *prev;   /* its list, while free */
};

static size_t bsize(const struct hblk *b) { return b->head & ~(size_t)BLK_FLAGS; }
static struct hblk *after(struct hblk *b) { return (struct hblk *)((char *)b + bsize(b)); }
static struct hblk *of(const void *p) { return (struct hblk *)((char *)p - BLK_HDR); }
static void *payload(struct hblk *b) { return (char *)b + BLK_HDR; }

static unsigned fls64(uint64_t x) { return 63u - (unsigned)__builtin_clzll(x); }

static void mapping(size_t s, unsigned *fl, unsigned *sl)
{
	if (s < (1u << (HEAP_SL_LOG + 4))) {
		*fl = 0;
		*sl = (unsigned)(s >> 4);
	} else {
		unsigned f = fls64(s);

		*sl = (unsigned)(s >> (f - HEAP_SL_LOG)) & (HEAP_SL - 1);
		*fl = f - (HEAP_SL_LOG + 3);
	}
}

static void list_insert(struct heap *h, struct hblk *b)
{
	unsigned fl, sl;

	mapping(bsize(b), &fl, &sl);
	b->prev = NULL;
	b->next = h->lists[fl][sl];
	if (b->next)
		b->next->prev = b;
	h->lists[fl][sl] = b;
	h->fl_map |= 1ull << fl;
	h->sl_map[fl] |= 1u << sl;
}

static void list_remove(struct heap *h, struct hblk *b)
{
	unsigned fl, sl;

	if (b->next == b)
		return;         /* parked */
	mapping(bsize(b), &fl, &sl);
	if (b->next)
		b->next->prev = b->prev;
	if (b->prev)
		b->prev->next = b->next;
	else if ((h->lists[fl][sl] = b->next) == NULL) {
		h->sl_map[fl] &= ~(1u << sl);
		if (!h->sl_map[fl])
			h->fl_map &= ~(1ull << fl);
	}
	if (h->spare == b)
		h->spare = NULL;
}

/* A free block of at least s bytes, taken off its list; NULL if none. */
static struct hblk *find(struct heap *h, size_t s)
{
	unsigned fl, sl;
	uint32_t sm;
	uint64_t fm;
	struct hblk *b;

	if (s >= (1u << (HEAP_SL_LOG + 4)))
		s += ((size_t)1 << (fls64(s) - HEAP_SL_LOG)) - 1;
	mapping(s, &fl, &sl);
	if (fl >= HEAP_FL)
		return NULL;
	sm = h->sl_map[fl] & (~0u << sl);
	if (!sm) {
		fm = fl + 1 < 64 ? h->fl_map & (~0ull << (fl + 1)) : 0;
		if (!fm)
			return NULL;
		fl = (unsigned)__builtin_ctzll(fm);
		sm = h->sl_map[fl];
	}
	b = h->lists[fl][__builtin_ctz(sm)];
	list_remove(h, b);
	return b;
}

/* Mark b free (its flags kept), tell its successor, put it on its list. */
static void make_free(struct heap *h, struct hblk *b)
{
	struct hblk *n = after(b);

	b->head |= BLK_FREE;
	n->head |= BLK_PREV_FREE;
	n->prev_size = bsize(b);
	list_insert(h, b);
}

/* Cut b (used) to s bytes if the rest makes a block; the rest goes free. */
static void split(struct heap *h, struct hblk *b, size_t s)
{
	struct hblk *r;

	if (bsize(b) < s + BLK_MIN)
		return;
	r = (struct hblk *)((char *)b + s);
	r->head = bsize(b) - s;
	b->head = s | (b->head & BLK_FLAGS);
	/* r may have a free successor: merge so no two free blocks touch. */
	if (after(r)->head & BLK_FREE) {
		struct hblk *n = after(r);

		list_remove(h, n);
		r->head += bsize(n);
	}
	make_free(h, r);
}

static void used(struct hblk *b)
{
	b->head &= ~(size_t)BLK_FREE;
	after(b)->head &= ~(size_t)BLK_PREV_FREE;
}

static size_t round_size(size_t n)
{
	size_t s = (n + BLK_HDR + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);

	return s < BLK_MIN ? BLK_MIN : s;
}

/* A new region: one free block of at least s bytes, not on the lists
 * (a search might not find it: it rounds s up to the next list). Large
 * blocks get their pages alone, the rest a region of the usual size. */
static struct hblk *grow(struct heap *h, size_t s)
{
	size_t pages = (s + BLK_HDR + HEAP_PAGE - 1) / HEAP_PAGE;
	struct hblk *b, *end;

	if (s <= LARGE)
		pages = HEAP_REGION_PAGES;
	if ((b = h->src.map(h->src.ctx, pages)) == NULL)
		return NULL;
	h->pages_mapped += pages;
	h->regions++;
	b->head = (pages * HEAP_PAGE - BLK_HDR) | BLK_FIRST;
	end = after(b);
	end->head = BLK_PREV_FREE;
	end->prev_size = bsize(b);
	b->head |= BLK_FREE;
	return b;
}

void *tlsf_alloc(struct heap *h, size_t n)
{
	size_t s;
	struct hblk *b;

	if (n > HEAP_MAX)
		return NULL;
	s = round_size(n);
	if (s > LARGE) {
		if ((b = grow(h, s)) == NULL)
			return NULL;
		used(b);
		return payload(b);      /* the rest of its last page stays with it */
	}
	if ((b = find(h, s)) == NULL && (b = grow(h, s)) == NULL)
		return NULL;
	used(b);
	split(h, b, s);
	return payload(b);
}

/* A region that is one free block goes back (or stays as the spare). */
static void release(struct heap *h, struct hblk *b)
{
	size_t pages = (bsize(b) + BLK_HDR) / HEAP_PAGE;

	if (!(b->head & BLK_FIRST) || bsize(after(b)) != 0)
		return;
	if (!h->spare && pages == HEAP_REGION_PAGES) {
		h->spare = b;
		return;
	}
	list_remove(h, b);
	h->pages_unmapped += pages;
	h->regions--;
	h->src.unmap(h->src.ctx, b, pages);
}

void tlsf_free(struct heap *h, void *p)
{
	struct hblk *b = of(p), *n;

	if (b->head & BLK_FREE) {
		h->corrupt("free of a free block");
		return;
	}
	n = after(b);
	if (n->head & BLK_FREE) {
		list_remove(h, n);
		b->head += bsize(n);
	}
	if (b->head & BLK_PREV_FREE) {
		struct hblk *pb = (struct hblk *)((char *)b - b->prev_size);

		list_remove(h, pb);
		pb->head += bsize(b);
		pb->head |= b->head & BLK_FIRST;
		b = pb;
	}
	make_free(h, b);
	release(h, b);
}

void heap_trim(struct heap *h)
{
	struct hblk *b;

	small_trim(h);
	if ((b = h->spare) == NULL)
		return;
	list_remove(h, b);
	h->pages_unmapped += HEAP_REGION_PAGES;
	h->regions--;
	h->src.unmap(h->src.ctx, b, HEAP_REGION_PAGES);
}

/* Over-allocate, then free the part before the first aligned payload. */
void *tlsf_memalign(struct heap *h, size_t align, size_t n)
{
	char *p, *q;
	struct hblk *b, *a;
	int large;

	if (align <= HEAP_ALIGN)
		return tlsf_alloc(h, n);
	if (n > HEAP_MAX || align > HEAP_MAX)
		return NULL;
	if ((p = tlsf_alloc(h, n + align + BLK_MIN)) == NULL)
		return NULL;
	large = bsize(of(p)) > LARGE;
	q = (char *)(((uintptr_t)p + BLK_MIN + align - 1) & ~(uintptr_t)(align - 1));
	if (((uintptr_t)p & (align - 1)) == 0)
		q = p;
	if (q != p) {
		/* The lead is at least BLK_MIN: a block of its own, freed. */
		b = of(p);
		a = of(q);
		a->head = bsize(b) - (size_t)(q - p);
		b->head = (size_t)(q - p) | (b->head & (BLK_FIRST | BLK_PREV_FREE));
		if (large) {
			/* Parked: b is its region's first block, so it has
			 * no free neighbour before it to merge with. */
			b->head |= BLK_FREE;
			a->head |= BLK_PREV_FREE;
			a->prev_size = bsize(b);
			b->next = b->prev = b;
		} else {
			tlsf_free(h, p);    /* marks a's BLK_PREV_FREE; b cannot merge right */
		}
	}
	if (!large)
		split(h, of(q), round_size(n));
	return q;
}

/* Grow or shrink in place: the same pointer, or NULL if it needs a move. */
void *tlsf_resize(struct heap *h, void *p, size_t n)
{
	struct hblk *b = of(p), *nx = after(b);
	size_t s;

	if (n > HEAP_MAX)
		return NULL;
	s = round_size(n);
	/* A large block neither grows nor is split: it moves (to or from a
	 * region of its own), unless it shrinks by less than half. */
	if (bsize(b) > LARGE || s > LARGE)
		return s <= bsize(b) && s > bsize(b) / 2 ? p : NULL;
	if (s > bsize(b)) {
		if (!(nx->head & BLK_FREE) || bsize(b) + bsize(nx) < s)
			return NULL;
		list_remove(h, nx);
		b->head += bsize(nx);
		used(b);
	}
	split(h, b, s);
	return p;
}

size_t tlsf_usable(const void *p)
{
	return bsize(of(p)) - BLK_HDR;
}
