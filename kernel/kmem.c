/* Kernel object allocator: power-of-two slabs over the page allocator. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kmem.h"
#include "page.h"
#include "physmap.h"

/*
 * Sizes up to KMEM_MAX_SIZE are rounded up to a power of two and carved
 * from one-page slabs; each slab starts with a header, so kmem_free() finds
 * it by rounding the pointer down to its page. A class keeps a list of its
 * slabs that have a free object; full slabs are on no list.
 *
 * An empty slab goes straight back to page.c: memory a burst of one class
 * used is then free for every other class and for page tables, and nothing
 * here needs resetting. The price is zeroing a page again when a class goes
 * from empty to one object, and that a 2048-byte object has a page to
 * itself (the header leaves no room for a second one).
 *
 * Larger sizes are whole pages from page_alloc_n(), remembered only by the
 * size the caller passes back.
 */
#define NCLASS 8	/* 16, 32, ..., 2048 */

struct slab {
	struct slab *next;	/* class list of slabs with a free object */
	struct slab *prev;
	void *free;		/* freed objects, linked through their first word */
	uint16_t inuse;		/* objects handed out */
	uint16_t bump;		/* offset of the first never-used object */
	uint16_t objsize;	/* class size; checks kmem_free()'s size */
	uint16_t pad;
};
_Static_assert(sizeof(struct slab) % KMEM_MIN_SIZE == 0, "objects stay 16-aligned");
_Static_assert(KMEM_MAX_SIZE << 1 <= PAGE_SIZE, "a slab holds at least one object");

static struct slab *partial[NCLASS];
static size_t pages_used;

static int class_of(size_t size)
{
	int c = 0;
	while ((size_t)KMEM_MIN_SIZE << c < size)
		c++;
	return c;
}

static bool slab_full(const struct slab *s)
{
	return s->free == NULL && s->bump + s->objsize > PAGE_SIZE;
}

static void slab_link(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slab_unlink(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static size_t pages_for(size_t size)
{
	return size / PAGE_SIZE + (size % PAGE_SIZE != 0);
}

void *kmem_alloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > KMEM_MAX_SIZE) {
		uint64_t pa = page_alloc_n(pages_for(size));
		if (pa == 0)
			return NULL;
		pages_used += pages_for(size);
		return pa_to_kva(pa);	/* page_alloc_n() zeroed it */
	}

	int c = class_of(size);
	struct slab *s = partial[c];
	if (s == NULL) {
		uint64_t pa = page_alloc();
		if (pa == 0)
			return NULL;
		pages_used++;
		s = pa_to_kva(pa);
		s->bump = sizeof(struct slab);
		s->objsize = (uint16_t)(KMEM_MIN_SIZE << c);
		slab_link(&partial[c], s);
	}
	void *obj;
	if (s->free) {
		obj = s->free;
		s->free = *(void **)obj;
	} else {
		obj = (char *)s + s->bump;
		s->bump += s->objsize;
	}
	s->inuse++;
	if (slab_full(s))
		slab_unlink(&partial[c], s);
	memset(obj, 0, s->objsize);
	return obj;
}

/*
 * Reject a pointer that is not an object of this class in use: a wrong
 * size, a pointer inside an object, or a double free would otherwise
 * corrupt a free list far from the bug. Walking the slab's free list is
 * bounded by the objects in one page.
 */
static bool slab_owns(const struct slab *s, const void *p, size_t objsize)
{
	size_t off = (size_t)((uintptr_t)p - (uintptr_t)s);

	if (s->objsize != objsize || s->inuse == 0 || off < sizeof(struct slab) ||
	    off >= s->bump || (off - sizeof(struct slab)) % objsize != 0)
		return false;
	for (void *f = s->free; f; f = *(void **)f)
		if (f == p)
			return false;
	return true;
}

void kmem_free(void *p, size_t size)
{
	if (p == NULL)
		return;
	if (size > KMEM_MAX_SIZE) {
		if ((uintptr_t)p % PAGE_SIZE != 0) {
			kernel_bug("kmem_free: large object not page aligned",
				   (uint64_t)(uintptr_t)p);
			return;
		}
		page_free_n(kva_to_pa(p), pages_for(size));
		pages_used -= pages_for(size);
		return;
	}

	int c = class_of(size == 0 ? 1 : size);
	struct slab *s = (struct slab *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
	if (!slab_owns(s, p, (size_t)KMEM_MIN_SIZE << c)) {
		kernel_bug("kmem_free: not an allocated object of this size",
			   (uint64_t)(uintptr_t)p);
		return;
	}
	bool was_full = slab_full(s);
	*(void **)p = s->free;
	s->free = p;
	s->inuse--;
	if (s->inuse == 0) {
		if (!was_full)
			slab_unlink(&partial[c], s);
		page_free(kva_to_pa(s));
		pages_used--;
	} else if (was_full) {
		slab_link(&partial[c], s);
	}
}

size_t kmem_pages_used(void)
{
	return pages_used;
}
