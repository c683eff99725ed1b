/* Host tests of the allocator's core (lib/malloc_*.c) over a simulated page source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "malloc_core.h"

/* The page source: host memory, every mapping recorded so unmaps can be checked. */
#define MAPS_MAX 4096
static struct { void *at; size_t pages; } maps[MAPS_MAX];
static size_t live_pages, fail_after = SIZE_MAX;
static int corrupt_calls;

static void *sim_map(void *ctx, size_t pages)
{
	(void)ctx;
	if (fail_after == 0)
		return NULL;
	fail_after--;
	for (int i = 0; i < MAPS_MAX; i++) {
		if (!maps[i].at) {
			maps[i].at = aligned_alloc(HEAP_PAGE, pages * HEAP_PAGE);
			assert_non_null(maps[i].at);
			/* Like fresh pages from the kernel: zero. */
			memset(maps[i].at, 0, pages * HEAP_PAGE);
			maps[i].pages = pages;
			live_pages += pages;
			return maps[i].at;
		}
	}
	fail();
	return NULL;
}

/* Only whole mappings go back: anything else is an allocator bug. */
static void sim_unmap(void *ctx, void *addr, size_t pages)
{
	(void)ctx;
	for (int i = 0; i < MAPS_MAX; i++) {
		if (maps[i].at == addr) {
			assert_int_equal(maps[i].pages, pages);
			free(addr);
			maps[i].at = NULL;
			live_pages -= pages;
			return;
		}
	}
	fail_msg("unmap of %p, never mapped", addr);
}

static void count_corrupt(const char *why)
{
	(void)why;
	corrupt_calls++;
}

static struct heap h;

static int setup(void **state)
{
	const struct heap_source src = { sim_map, sim_unmap, NULL };

	(void)state;
	memset(maps, 0, sizeof(maps));
	live_pages = 0;
	fail_after = SIZE_MAX;
	corrupt_calls = 0;
	heap_init(&h, &src);
	h.corrupt = count_corrupt;
	return 0;
}

/* Tests that leave blocks live: their pages go back to the host here. */
static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < MAPS_MAX; i++)
		free(maps[i].at);
	memset(maps, 0, sizeof(maps));
	return 0;
}

/* The model: what each live block should hold. */
#define LIVE 3000
static struct { unsigned char *p; size_t n; unsigned char fill; } live[LIVE];

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Mostly small, some medium, a few larger than a region. */
static size_t pick_size(void)
{
	uint64_t r = next() % 100;

	if (r < 70)
		return next() % 300;
	if (r < 95)
		return next() % 20000;
	return 100000 + next() % 400000;
}

static void check(int i)
{
	for (size_t k = 0; k < live[i].n; k++)
		if (live[i].p[k] != live[i].fill)
			fail_msg("block %d byte %zu changed", i, k);
}

static void put(int i, unsigned char *p, size_t n, size_t align)
{
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % align, 0);
	assert_true(heap_usable(&h, p) >= n);
	live[i].p = p;
	live[i].n = n;
	live[i].fill = (unsigned char)(next() | 1);
	memset(p, live[i].fill, n);
}

static void test_random(void **state)
{
	(void)state;
	memset(live, 0, sizeof(live));
	for (int step = 0; step < 200000; step++) {
		int i = (int)(next() % LIVE);
		uint64_t op = next() % 10;

		if (!live[i].p) {
			size_t n = pick_size();

			if (op < 7) {
				put(i, heap_alloc(&h, n), n, HEAP_ALIGN);
			} else {
				size_t a = (size_t)1 << (next() % 14);

				put(i, heap_memalign(&h, a, n), n, a < HEAP_ALIGN ? HEAP_ALIGN : a);
			}
			continue;
		}
		check(i);
		if (op < 6) {
			heap_free(&h, live[i].p);
			live[i].p = NULL;
		} else {
			/* realloc keeps the common prefix. */
			size_t n = pick_size(), keep = n < live[i].n ? n : live[i].n;
			unsigned char *q = heap_realloc(&h, live[i].p, n);

			assert_non_null(q);
			for (size_t k = 0; k < keep; k++)
				assert_int_equal(q[k], live[i].fill);
			put(i, q, n, HEAP_ALIGN);
		}
	}
	for (int i = 0; i < LIVE; i++) {
		if (live[i].p) {
			check(i);
			heap_free(&h, live[i].p);
		}
	}
	/* Everything free: at most the spare region and four empty slabs' are kept, then none. */
	if (live_pages > 5 * HEAP_REGION_PAGES)
		fail_msg("kept %zu pages, %u empty slabs", live_pages, h.empty_kept);
	assert_int_equal(h.pages_mapped - h.pages_unmapped, live_pages);
	heap_trim(&h);
	assert_int_equal(live_pages, 0);
	assert_int_equal(corrupt_calls, 0);
}

static void test_realloc_in_place(void **state)
{
	unsigned char *a, *b, *guard;

	(void)state;
	a = heap_alloc(&h, 4000);
	memset(a, 0x5a, 4000);
	b = heap_realloc(&h, a, 12000);         /* room after it: grows in place */
	assert_ptr_equal(a, b);
	guard = heap_alloc(&h, 5000);           /* now it is boxed in */
	assert_non_null(guard);
	for (int k = 0; k < 4000; k++)
		assert_int_equal(b[k], 0x5a);
	b = heap_realloc(&h, b, 2000);          /* shrinks in place */
	assert_ptr_equal(a, b);
	b = heap_realloc(&h, b, 11000);         /* the freed tail is back */
	assert_ptr_equal(a, b);
	b = heap_realloc(&h, b, 30000);         /* must move */
	assert_ptr_not_equal(a, b);
	for (int k = 0; k < 2000; k++)
		assert_int_equal(b[k], 0x5a);
	/* Small blocks: a slot keeps what fits, moves what does not. */
	a = heap_alloc(&h, 20);
	assert_ptr_equal(heap_realloc(&h, a, 24), a);
	memset(a, 7, 24);
	b = heap_realloc(&h, a, 600);
	assert_ptr_not_equal(a, b);
	assert_int_equal(b[23], 7);
	heap_free(&h, b);
	heap_free(&h, guard);
}

/* Ten thousand small blocks and a few large ones, all freed: the pages go back. */
static void test_pages_returned(void **state)
{
	static void *p[10000];

	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_non_null(p[i] = heap_alloc(&h, 16 + (size_t)i % 200));
	void *big = heap_alloc(&h, 1 << 20);
	assert_non_null(big);
	assert_true(h.pages_mapped > 300);
	/* Free in an order that leaves holes until the end. */
	for (int i = 0; i < 10000; i += 2)
		heap_free(&h, p[i]);
	for (int i = 1; i < 10000; i += 2)
		heap_free(&h, p[i]);
	heap_free(&h, big);
	if (live_pages > 5 * HEAP_REGION_PAGES)
		fail_msg("kept %zu pages, %u empty slabs", live_pages, h.empty_kept);
	assert_int_equal(h.pages_mapped - h.pages_unmapped, live_pages);
	heap_trim(&h);
	assert_int_equal(live_pages, 0);
}

static void test_bad_frees(void **state)
{
	void *s = heap_alloc(&h, 40), *l = heap_alloc(&h, 5000), *keep = heap_alloc(&h, 5000);

	(void)state;
	heap_free(&h, s);
	heap_free(&h, s);
	assert_int_equal(corrupt_calls, 1);
	heap_free(&h, l);
	heap_free(&h, l);
	assert_int_equal(corrupt_calls, 2);
	heap_free(&h, (char *)keep + 4);        /* not a pointer it handed out */
	assert_int_equal(corrupt_calls, 3);
	heap_free(&h, NULL);
	assert_int_equal(corrupt_calls, 3);
	heap_free(&h, keep);
}

static void test_limits(void **state)
{
	(void)state;
	assert_null(heap_alloc(&h, SIZE_MAX));
	assert_null(heap_alloc(&h, HEAP_MAX + 1));
	assert_null(heap_memalign(&h, 48, 10));         /* not a power of two */
	assert_null(heap_memalign(&h, (size_t)1 << 62, 10));
	assert_null(heap_realloc(&h, heap_alloc(&h, 10), SIZE_MAX - 8));
	fail_after = 0;                                 /* the source is dry */
	assert_null(heap_alloc(&h, 200000));
	void *p = heap_alloc(&h, 100);                  /* the region made above serves */
	assert_non_null(p);
	assert_int_equal(corrupt_calls, 0);
	for (size_t a = 32; a <= 65536; a <<= 1) {
		fail_after = SIZE_MAX;
		void *q = heap_memalign(&h, a, 100);

		assert_non_null(q);
		assert_int_equal((uintptr_t)q % a, 0);
		heap_free(&h, q);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_realloc_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_returned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
