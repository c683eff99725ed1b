/* malloc and friends for every program: the allocator in malloc_core.h over the space port. */

/*
 * These definitions are in libpier, which the link searches before libc
 * (lib/build.mk), so picolibc's own malloc (and its sbrk) is never pulled
 * in: every name of picolibc's malloc objects is defined here, so nothing
 * can drag one of them in beside ours.
 *
 * Memory is mapped "anywhere" with pier_map, HEAP_REGION_PAGES at a time
 * (more for a large request), and regions that are wholly free again go
 * back with pier_unmap (malloc_tlsf.c keeps one spare).
 *
 * Ports of one space may preempt each other, and the heap is one: every
 * entry takes the heap's pier_mutex (lib/mutex.c), so a port that
 * preempts another inside the allocator sleeps until it leaves. The
 * lock's fast paths are inlined here (one atomic instruction each way);
 * only contention calls the lock port. If even that cannot wait (more
 * than 64 ports of the program waiting at once, or the lock port cannot
 * be made), the program ends with a report: malloc could return NULL,
 * but free has no way to fail.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include "malloc_core.h"
#include "mutex_core.h"

static void *map_pages(void *ctx, size_t pages)
{
	uint64_t at;

	(void)ctx;
	if (pages > UINT32_MAX ||
	    pier_map(0, (uint32_t)pages, PIER_PROT_R | PIER_PROT_W, &at) != PIER_OK)
		return NULL;
	return (void *)(uintptr_t)at;
}

static void unmap_pages(void *ctx, void *addr, size_t pages)
{
	(void)ctx;
	pier_unmap((uint64_t)(uintptr_t)addr, (uint32_t)pages);
}

static _Noreturn void report(const char *why)
{
	printf("malloc: %s\n", why);
	pier_exit(PIER_E_STATE);
}

static struct heap heap;
static struct pier_mutex lock;
static int ready;

static __attribute__((noinline, cold)) void wait_turn(void)
{
	mutex_lock_or_exit(&lock, "malloc");
}

static __attribute__((noinline, cold)) void pass_turn(void)
{
	mutex_wake_or_exit(&lock, "malloc");
}

static struct heap *enter(void)
{
	if (!mutex_fast_lock(&lock.state))
		wait_turn();
	if (!ready) {
		const struct heap_source src = { map_pages, unmap_pages, NULL };

		heap_init(&heap, &src);
		heap.corrupt = report;
		ready = 1;
	}
	return &heap;
}

static void leave(void)
{
	/* Only enter() takes the lock, so it is held here: WAITERS is the
	 * one thing to look at (a bit test, cheaper than was != HELD). */
	if (mutex_fast_unlock(&lock.state) & MUTEX_WAITERS)
		pass_turn();
}

static void *out(void *p)
{
	leave();
	if (!p)
		errno = ENOMEM;
	return p;
}

void *malloc(size_t n)
{
	return out(heap_alloc(enter(), n));
}

void free(void *p)
{
	if (p) {
		heap_free(enter(), p);
		leave();
	}
}

void cfree(void *p)
{
	free(p);
}

void *calloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	/* Fresh pages are zero, but reused blocks are not: clear always. */
	if ((p = malloc(bytes)) != NULL)
		memset(p, 0, bytes);
	return p;
}

void *realloc(void *p, size_t n)
{
	return out(heap_realloc(enter(), p, n));
}

void *memalign(size_t align, size_t n)
{
	struct heap *h = enter();

	if (align == 0 || (align & (align - 1))) {
		leave();
		errno = EINVAL;
		return NULL;
	}
	return out(heap_memalign(h, align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

int posix_memalign(void **res, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	if ((p = memalign(align, n)) == NULL)
		return ENOMEM;
	*res = p;
	return 0;
}

void *valloc(size_t n)
{
	return memalign(HEAP_PAGE, n);
}

void *pvalloc(size_t n)
{
	return memalign(HEAP_PAGE, (n + HEAP_PAGE - 1) & ~(size_t)(HEAP_PAGE - 1));
}

size_t malloc_usable_size(void *p)
{
	size_t n;

	if (!p)
		return 0;
	n = heap_usable(enter(), p);
	leave();
	return n;
}

/* Give the spare region back too (glibc's name). */
int malloc_trim(size_t pad)
{
	(void)pad;
	heap_trim(enter());
	leave();
	return 1;
}

/* What the heap holds from the space port: arena bytes and the counters. */
struct mallinfo mallinfo(void)
{
	struct mallinfo m = { 0 };
	struct heap *h = enter();

	m.arena = (size_t)(h->pages_mapped - h->pages_unmapped) * HEAP_PAGE;
	m.hblks = (size_t)h->regions;
	leave();
	return m;
}

void malloc_stats(void)
{
	struct heap *h = enter();
	uint64_t mapped = h->pages_mapped, unmapped = h->pages_unmapped;

	leave();
	printf("malloc: %lu pages mapped, %lu returned\n", (unsigned long)mapped,
	       (unsigned long)unmapped);
}

/* For the bench: pages mapped and returned so far. */
void pier_malloc_pages(uint64_t *mapped, uint64_t *returned)
{
	struct heap *h = enter();

	*mapped = h->pages_mapped;
	*returned = h->pages_unmapped;
	leave();
}

uint32_t pier_malloc_waits(void)
{
	return __atomic_load_n(&lock.waits, __ATOMIC_RELAXED);
}
