/* Size classes: the allocator's layer for small requests, slabs of equal slots over TLSF. */

/*
 * A slab is one TLSF block: this header, then slots of one class's size.
 * A slot is the meta word (the slab's address | HEAP_META_SMALL, and
 * SLOT_FREE while free) and the payload after it; slots start 8 bytes
 * past a 16-byte boundary, so payloads are 16-byte aligned. Slots are cut
 * from the slab's untouched end only when its free list is empty, so a
 * new slab costs the same whatever its size.
 *
 * Each class lists its slabs with a free slot. A slab whose last slot
 * comes back is freed to TLSF, except when it is its class's only slab
 * with room and fewer than EMPTY_KEPT empty slabs are kept already: then
 * it stays, so an alloc/free loop does not make and free a slab each
 * time, while at most EMPTY_KEPT empty slabs hold their regions' pages.
 */
#include "malloc_core.h"

#define SLAB_BYTES 16384u
#define SLOT_FREE 1u
#define EMPTY_KEPT 4u

struct slot { struct slot *next; };

/* Lives from its class's first need of it until its last slot is freed. */
struct slab {
	struct slab *next, *prev;   /* the class's list, while it has room */
	struct slot *free;          /* freed slots (their payloads) */
	char *fresh, *end;          /* slots never handed out */
	uint32_t cls, slot, inuse;
	uint16_t listed, kept;      /* on its class's list; an empty one kept */
	uint64_t _pad;             /* 64 bytes: slots start 8 past a boundary */
};

_Static_assert(sizeof(struct slab) == 64, "slab header size");

/* Slot sizes (meta word included), multiples of 16. */
static const uint16_t sizes[HEAP_CLASSES] = {
	32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256,
	320, 384, 448, 512, 640, 768, 896, 1024,
};

/* The class for a request of n bytes, by (n + 8 + 15) / 16. */
static uint8_t class_of[1024 / 16 + 1];

static unsigned cls(size_t n)
{
	if (!class_of[0]) {     /* first use: fill the table */
		unsigned c = 0;

		for (unsigned i = 0; i <= 1024 / 16; i++) {
			while (sizes[c] < i * 16)
				c++;
			class_of[i] = (uint8_t)(c + 1);
		}
	}
	return class_of[(n + 8 + 15) / 16] - 1u;
}

static void unlist(struct heap *h, struct slab *s)
{
	if (s->next)
		s->next->prev = s->prev;
	if (s->prev)
		s->prev->next = s->next;
	else
		h->partial[s->cls] = s->next;
	s->listed = 0;
}

static void list(struct heap *h, struct slab *s)
{
	s->prev = NULL;
	s->next = h->partial[s->cls];
	if (s->next)
		s->next->prev = s;
	h->partial[s->cls] = s;
	s->listed = 1;
}

static struct slab *slab_new(struct heap *h, unsigned c)
{
	struct slab *s = tlsf_alloc(h, SLAB_BYTES);

	if (!s)
		return NULL;
	s->free = NULL;
	s->fresh = (char *)s + sizeof(*s) + 8;
	s->end = (char *)s + SLAB_BYTES;
	s->cls = c;
	s->slot = sizes[c];
	s->inuse = 0;
	s->kept = 0;
	list(h, s);
	return s;
}

static void slab_release(struct heap *h, struct slab *s)
{
	if (s->kept) {
		s->kept = 0;
		h->empty_kept--;
	}
	unlist(h, s);
	tlsf_free(h, s);
}

void *small_alloc(struct heap *h, size_t n)
{
	unsigned c = cls(n);
	struct slab *s = h->partial[c];
	uintptr_t *meta;
	char *p;

	if (!s && (s = slab_new(h, c)) == NULL)
		return NULL;
	if (s->kept) {
		s->kept = 0;
		h->empty_kept--;
	}
	if (s->free) {
		p = (char *)s->free;
		s->free = s->free->next;
	} else {
		meta = (uintptr_t *)s->fresh;
		s->fresh += s->slot;
		p = (char *)(meta + 1);
	}
	((uintptr_t *)p)[-1] = (uintptr_t)s | HEAP_META_SMALL;
	s->inuse++;
	if (!s->free && s->fresh + s->slot > s->end)
		unlist(h, s);
	return p;
}

void small_free(struct heap *h, void *p)
{
	uintptr_t *meta = (uintptr_t *)p - 1;
	struct slab *s = (struct slab *)(*meta & ~(uintptr_t)15);
	struct slot *sl = p;

	if (*meta & SLOT_FREE) {
		h->corrupt("free of a free block");
		return;
	}
	*meta |= SLOT_FREE;
	sl->next = s->free;
	s->free = sl;
	if (!s->listed) {
		list(h, s);
		/* The class has room again: a kept empty slab is not needed
		 * (so a kept slab is always its class's only listed one). */
		if (s->next && s->next->kept)
			slab_release(h, s->next);
	}
	if (--s->inuse != 0)
		return;
	if (!s->next && !s->prev && h->empty_kept < EMPTY_KEPT) {
		s->kept = 1;
		h->empty_kept++;
		return;
	}
	slab_release(h, s);
}

/* A kept slab is its class's only listed one: one look per class. */
void small_trim(struct heap *h)
{
	for (unsigned c = 0; c < HEAP_CLASSES; c++)
		if (h->partial[c] && h->partial[c]->kept)
			slab_release(h, h->partial[c]);
}

size_t small_usable(const void *p)
{
	const struct slab *s = (const struct slab *)(heap_meta(p) & ~(uintptr_t)15);

	return s->slot - 8u;
}
