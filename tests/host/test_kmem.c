/* Host tests of the kernel object allocator, over the real page allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "kmem.h"
#include "page.h"
#include "physmap.h"

#define RAM_BASE 0x80000000ull
#define PG 4096ull
#define RAM_PAGES 256

uintptr_t host_phys_offset;
static uint8_t *arena;
static int bugs;
static size_t free_at_start;

void kernel_bug(const char *what, uint64_t value)
{
	(void)what;
	(void)value;
	bugs++;
}

static int setup(void **state)
{
	(void)state;
	arena = aligned_alloc(PG, RAM_PAGES * PG);
	assert_non_null(arena);
	memset(arena, 0xa5, RAM_PAGES * PG);
	host_phys_offset = (uintptr_t)arena - (uintptr_t)RAM_BASE;
	struct page_range ram = { RAM_BASE, RAM_PAGES * PG };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	free_at_start = page_free_count();
	bugs = 0;
	return 0;
}

/* Every test frees all it took: no page may stay with kmem. */
static int teardown(void **state)
{
	(void)state;
	assert_int_equal(kmem_pages_used(), 0);
	assert_int_equal(page_free_count(), free_at_start);
	free(arena);
	return 0;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_classes(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 15, 16, 17, 33, 100, 128, 129, 500, 1024, 1500, 2048 };
	void *p[12];
	for (int i = 0; i < 12; i++) {
		p[i] = kmem_alloc(sizes[i]);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		assert_true(all_zero(p[i], sizes[i]));
		memset(p[i], 0xff, sizes[i]);
	}
	/* Distinct objects do not overlap (ASan would also complain). */
	for (int i = 0; i < 12; i++)
		for (int j = 0; j < 12; j++)
			if (i != j)
				assert_true((uint8_t *)p[i] + sizes[i] <= (uint8_t *)p[j] ||
					    (uint8_t *)p[j] + sizes[j] <= (uint8_t *)p[i]);
	for (int i = 0; i < 12; i++)
		kmem_free(p[i], sizes[i]);
	assert_int_equal(kmem_alloc(0), NULL);
	kmem_free(NULL, 64);
	assert_int_equal(bugs, 0);
}

static void test_reuse(void **state)
{
	(void)state;
	void *a = kmem_alloc(64);
	void *b = kmem_alloc(64);
	memset(a, 0x77, 64);
	kmem_free(a, 64);
	void *c = kmem_alloc(60);	/* same class: the freed slot comes back */
	assert_ptr_equal(c, a);
	assert_true(all_zero(c, 64));
	assert_int_equal(kmem_pages_used(), 1);
	kmem_free(b, 64);
	kmem_free(c, 60);
}

static void test_fill_many_pages(void **state)
{
	(void)state;
	/* 16-byte objects: 254 fit in a page beside the header. */
	enum { N = 1000 };
	void **p = calloc(N, sizeof(*p));
	for (int i = 0; i < N; i++)
		assert_non_null(p[i] = kmem_alloc(16));
	assert_int_equal(kmem_pages_used(), (N + 253) / 254);
	/* Free every other one, then reallocate: no new pages needed. */
	for (int i = 0; i < N; i += 2)
		kmem_free(p[i], 16);
	size_t used = kmem_pages_used();
	for (int i = 0; i < N; i += 2)
		assert_non_null(p[i] = kmem_alloc(16));
	assert_int_equal(kmem_pages_used(), used);
	for (int i = N - 1; i >= 0; i--)
		kmem_free(p[i], 16);
	free(p);
}

static void test_large(void **state)
{
	(void)state;
	void *a = kmem_alloc(2049);
	assert_non_null(a);
	assert_int_equal((uintptr_t)a % PG, 0);
	assert_int_equal(kmem_pages_used(), 1);
	void *b = kmem_alloc(3 * PG + 1);
	assert_true(all_zero(b, 4 * PG));
	assert_int_equal(kmem_pages_used(), 5);
	assert_int_equal(kmem_alloc(SIZE_MAX), NULL);
	assert_int_equal(kmem_alloc(RAM_PAGES * PG), NULL);
	kmem_free(a, 2049);
	kmem_free(b, 3 * PG + 1);
}

static void test_exhaustion(void **state)
{
	(void)state;
	/* Run the pages out with 2048-byte objects, then recover all. */
	void **p = calloc(RAM_PAGES, sizeof(*p));
	size_t n = 0;
	while ((p[n] = kmem_alloc(2048)) != NULL)
		n++;
	assert_int_equal(n, free_at_start);	/* one per page: see kmem.c */
	assert_int_equal(page_free_count(), 0);
	assert_int_equal(kmem_alloc(16), NULL);
	assert_int_equal(kmem_alloc(5000), NULL);
	while (n > 0)
		kmem_free(p[--n], 2048);
	free(p);
}

static void test_bad_frees(void **state)
{
	(void)state;
	uint8_t *a = kmem_alloc(32);
	uint8_t *b = kmem_alloc(32);
	kmem_free(a, 128);	/* wrong class */
	assert_int_equal(bugs, 1);
	kmem_free(a + 16, 32);	/* inside an object */
	assert_int_equal(bugs, 2);
	kmem_free(a, 32);
	kmem_free(a, 32);	/* double free */
	assert_int_equal(bugs, 3);
	kmem_free(b + 32, 32);	/* never handed out */
	assert_int_equal(bugs, 4);
	uint8_t *big = kmem_alloc(5000);
	kmem_free(big + 16, 5000);
	assert_int_equal(bugs, 5);
	kmem_free(big, 5000);
	kmem_free(b, 32);
	assert_int_equal(bugs, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_classes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_many_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
