/* The allocator's entry points over its two layers: which layer, realloc, alignment. */
#include <string.h>
#include "malloc_core.h"

static void no_report(const char *why)
{
	(void)why;
}

void heap_init(struct heap *h, const struct heap_source *src)
{
	memset(h, 0, sizeof(*h));
	h->src = *src;
	h->corrupt = no_report;
}

static int is_small(const void *p)
{
	return (heap_meta(p) & HEAP_META_SMALL) != 0;
}

void *heap_alloc(struct heap *h, size_t n)
{
	if (n == 0)
		n = 1;  /* a unique pointer, as callers expect */
	return n <= HEAP_SMALL_MAX ? small_alloc(h, n) : tlsf_alloc(h, n);
}

void heap_free(struct heap *h, void *p)
{
	if (!p)
		return;
	if ((uintptr_t)p & (HEAP_ALIGN - 1)) {
		h->corrupt("free of a pointer malloc never returned");
		return;
	}
	if (is_small(p))
		small_free(h, p);
	else
		tlsf_free(h, p);
}

size_t heap_usable(struct heap *h, const void *p)
{
	(void)h;
	if (!p)
		return 0;
	return is_small(p) ? small_usable(p) : tlsf_usable(p);
}

/* In place when the block can take it (TLSF neighbours, or the same slot); else move. */
void *heap_realloc(struct heap *h, void *p, size_t n)
{
	size_t have;
	void *q;

	if (!p)
		return heap_alloc(h, n);
	if (n == 0)
		n = 1;
	have = heap_usable(h, p);
	if (is_small(p)) {
		/* Keep the slot unless it would waste more than half of it. */
		if (n <= have && n > have / 2)
			return p;
	} else if (n > HEAP_SMALL_MAX && (q = tlsf_resize(h, p, n)) != NULL) {
		return q;
	}
	if ((q = heap_alloc(h, n)) == NULL)
		return NULL;
	memcpy(q, p, n < have ? n : have);
	heap_free(h, p);
	return q;
}

void *heap_memalign(struct heap *h, size_t align, size_t n)
{
	if (align == 0 || (align & (align - 1)))
		return NULL;
	if (align <= HEAP_ALIGN)
		return heap_alloc(h, n);
	return tlsf_memalign(h, align, n ? n : 1);
}
