/* Host tests of the physical page allocator and its reference counts, over a malloc'ed arena posing as RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "page.h"
#include "physmap.h"

#define RAM_BASE 0x80000000ull
#define ARENA (40ul << 20)	/* 40 MiB of real memory behind RAM_BASE */
#define PG 4096ull

uintptr_t host_phys_offset;
static uint8_t *arena;
static int bugs;
static uint64_t last_bug;

void kernel_bug(const char *what, uint64_t value)
{
	(void)what;
	bugs++;
	last_bug = value;
}

/* Pages the allocator keeps for itself: two bitmaps and 16-bit counts per zone. */
static size_t meta_pages(const uint64_t *zone_pages, int n)
{
	uint64_t bytes = 0;
	for (int i = 0; i < n; i++)
		bytes += 2 * ((zone_pages[i] + 63) / 64) * 8 + ((zone_pages[i] * 2 + 7) & ~7ull);
	return (size_t)((bytes + PG - 1) / PG);
}

static int setup(void **state)
{
	(void)state;
	arena = aligned_alloc(PG, ARENA);
	assert_non_null(arena);
	memset(arena, 0xa5, ARENA);	/* so zeroing is visible */
	host_phys_offset = (uintptr_t)arena - (uintptr_t)RAM_BASE;
	bugs = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

static void test_simple_counts(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	uint64_t zp = 256;
	assert_int_equal(page_total_count(), 256 - meta_pages(&zp, 1));
	assert_int_equal(page_free_count(), page_total_count());
}

/* Single pages come lowest address first, whichever bit of a bitmap word
 * is the lowest free one; a freed page is the next one given back. */
static void test_lowest_first(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	uint64_t first = page_alloc(), prev = first;

	assert_int_not_equal(first, 0);
	for (int i = 1; i < 130; i++) {
		uint64_t pa = page_alloc();
		assert_int_equal(pa, prev + PG);
		prev = pa;
	}
	/* Free pages at every position of a bitmap word, highest first:
	 * they come back lowest first. */
	for (int i = 127; i >= 64; i -= 3)
		page_free(first + (uint64_t)i * PG);
	for (int i = 64 + (127 - 64) % 3; i <= 127; i += 3)
		assert_int_equal(page_alloc(), first + (uint64_t)i * PG);
	assert_int_equal(bugs, 0);
}

static void test_reserved_holes(void **state)
{
	(void)state;
	/* RAM rounded inward: base +100 loses page 0, end -1 loses the last page. */
	struct page_range ram = { RAM_BASE + 100, (1 << 20) - 100 - 1 };
	struct page_range res[] = {
		{ RAM_BASE + 10 * PG + 1, 1 },		/* rounds out to page 10 */
		{ RAM_BASE + 20 * PG - 1, 2 },		/* straddles: pages 19 and 20 */
		{ RAM_BASE + 30 * PG, 5 * PG },		/* 30..34 */
		{ RAM_BASE + 32 * PG, 5 * PG },		/* overlaps: 32..36 */
		{ RAM_BASE + 100 * PG, 0 },		/* empty: reserves nothing */
		{ RAM_BASE - 4 * PG, 6 * PG },		/* starts below RAM: up to page 1 */
		{ 0x10000000, 0x1000 },			/* outside RAM entirely */
	};
	assert_int_equal(page_init(&ram, 1, res, 7), PIER_OK);
	/* Zone: pages 1..254 (254 pages). Reserved in it: 1, 10, 19, 20, 30..36. */
	uint64_t zp = 254;
	size_t expect = 254 - 11 - meta_pages(&zp, 1);
	assert_int_equal(page_total_count(), expect);

	/* No allocation lands in a reserved page or outside the zone. */
	size_t n = 0;
	uint64_t pa;
	while ((pa = page_alloc()) != 0) {
		uint64_t pg = (pa - RAM_BASE) / PG;
		assert_true(pg >= 2 && pg <= 254);
		assert_true(pg != 10 && pg != 19 && pg != 20 && (pg < 30 || pg > 36));
		n++;
	}
	assert_int_equal(n, expect);
	assert_int_equal(page_free_count(), 0);
}

static void test_exhaust_and_restore(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	size_t total = page_total_count();
	uint64_t *got = calloc(total, sizeof(*got));
	for (size_t i = 0; i < total; i++) {
		got[i] = page_alloc();
		assert_int_not_equal(got[i], 0);
		assert_int_equal(got[i] % PG, 0);
		for (size_t j = 0; j < PG; j++)
			assert_int_equal(((uint8_t *)pa_to_kva(got[i]))[j], 0);
		memset(pa_to_kva(got[i]), 0x5a, PG);
	}
	assert_int_equal(page_alloc(), 0);
	assert_int_equal(page_alloc_n(2), 0);
	assert_int_equal(page_free_count(), 0);
	for (size_t i = 0; i < total; i += 2)
		page_free(got[i]);
	for (size_t i = 1; i < total; i += 2)
		page_free(got[i]);
	assert_int_equal(page_free_count(), total);
	assert_int_equal(bugs, 0);
	/* Freed pages come back zeroed even though we dirtied them. */
	uint64_t pa = page_alloc();
	assert_int_equal(((uint8_t *)pa_to_kva(pa))[77], 0);
	page_free(pa);
	free(got);
}

static void test_contiguous(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	struct page_range res = { RAM_BASE + 100 * PG, PG };
	assert_int_equal(page_init(&ram, 1, &res, 1), PIER_OK);
	size_t total = page_total_count();

	uint64_t a = page_alloc_n(16);
	assert_int_not_equal(a, 0);
	for (size_t i = 0; i < 16 * PG; i++)
		assert_int_equal(((uint8_t *)pa_to_kva(a))[i], 0);
	assert_int_equal(page_free_count(), total - 16);
	/* Punch holes with single pages, then ask for more than any gap holds. */
	uint64_t b = page_alloc_n(200);
	assert_int_equal(b, 0);		/* only 155 pages past the reserved page */
	uint64_t c = page_alloc_n(150);
	assert_int_not_equal(c, 0);
	assert_true(c > RAM_BASE + 100 * PG);
	assert_int_equal(page_alloc_n(0), 0);
	assert_int_equal(page_alloc_n((size_t)1 << 40), 0);
	page_free_n(c, 150);
	page_free_n(a, 16);
	assert_int_equal(page_free_count(), total);
	assert_int_equal(bugs, 0);
}

static void test_bad_frees(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	struct page_range res = { RAM_BASE + 200 * PG, PG };
	assert_int_equal(page_init(&ram, 1, &res, 1), PIER_OK);
	size_t total = page_total_count();
	uint64_t a = page_alloc();
	uint64_t b = page_alloc_n(4);

	page_free(a);
	page_free(a);				/* double free */
	assert_int_equal(bugs, 1);
	assert_int_equal(last_bug, a);
	page_free(RAM_BASE + 200 * PG);		/* reserved */
	assert_int_equal(bugs, 2);
	page_free(RAM_BASE);			/* the allocator's own bitmap */
	assert_int_equal(bugs, 3);
	page_free(RAM_BASE + (1 << 20));	/* past RAM */
	assert_int_equal(bugs, 4);
	page_free(b + 1);			/* unaligned */
	assert_int_equal(bugs, 5);
	page_free_n(b + 2 * PG, 4);		/* half allocated: nothing freed */
	assert_int_equal(bugs, 6);
	assert_int_equal(last_bug, b + 4 * PG);
	page_free_n(RAM_BASE + 250 * PG, 10);	/* runs past RAM */
	assert_int_equal(bugs, 7);
	assert_int_equal(page_free_count(), total - 4);
	page_free_n(b, 4);
	assert_int_equal(page_free_count(), total);
	assert_int_equal(bugs, 7);
}

static void test_multiple_ranges(void **state)
{
	(void)state;
	/* Out of order, one overlapping another, one touching, one empty. */
	struct page_range ram[] = {
		{ RAM_BASE + (4 << 20), 1 << 20 },
		{ RAM_BASE, 1 << 20 },
		{ RAM_BASE + (512 << 10), 1 << 20 },	/* overlaps the one above */
		{ RAM_BASE + (6 << 20), 1 << 20 },
		{ RAM_BASE + (7 << 20), 1 << 20 },	/* touches the one before */
		{ RAM_BASE + (3 << 20), 100 },		/* less than a page */
	};
	assert_int_equal(page_init(ram, 6, NULL, 0), PIER_OK);
	uint64_t zp[] = { 384, 256, 512 };
	size_t expect = 384 + 256 + 512 - meta_pages(zp, 3);
	assert_int_equal(page_total_count(), expect);
	/* Merged zones let a run cross the old boundary at 7 MiB. */
	uint64_t big = page_alloc_n(400);
	assert_int_equal(big, RAM_BASE + (6 << 20));
	uint64_t none = page_alloc_n(400);
	assert_int_equal(none, 0);
	size_t n = 0;
	while (page_alloc())
		n++;
	assert_int_equal(n, expect - 400);

	assert_int_equal(page_init(ram, 0, NULL, 0), PIER_E_ARG);
	assert_int_equal(page_init(ram, 9, NULL, 0), PIER_E_LIMIT);
	struct page_range all = { 0, UINT64_MAX };
	assert_int_equal(page_init(ram, 1, &all, 1), PIER_E_NOMEM);
	assert_int_equal(page_alloc(), 0);
}

static void test_64g(void **state)
{
	(void)state;
	/* 64 GiB of RAM: only the bookkeeping and the pages we touch are real. */
	struct page_range ram = { RAM_BASE, 64ull << 30 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	uint64_t zp = (64ull << 30) / PG;
	size_t meta = meta_pages(&zp, 1);
	assert_int_equal(meta, 9216);	/* 4 MiB of bitmaps, 32 MiB of counts */
	assert_int_equal(page_total_count(), zp - meta);
	uint64_t a = page_alloc();
	assert_int_equal(a, RAM_BASE + meta * PG);
	uint64_t b = page_alloc_n(8);
	assert_int_equal(b, a + PG);
	page_free(a);
	page_free_n(b, 8);
	assert_int_equal(page_free_count(), page_total_count());
}

static void test_page_zero_never_given(void **state)
{
	(void)state;
	/* RAM at physical 0 would make page 0 look like "no page". */
	uint8_t *low = aligned_alloc(PG, 64 * PG);
	uintptr_t saved = host_phys_offset;
	host_phys_offset = (uintptr_t)low;
	struct page_range ram = { 0, 64 * PG };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	assert_int_equal(page_total_count(), 63 - 1);
	uint64_t pa;
	while ((pa = page_alloc()) != 0)
		assert_true(pa >= 2 * PG);
	host_phys_offset = saved;
	free(low);
}

static void test_refs(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	struct page_range res = { RAM_BASE + 100 * PG, PG };
	assert_int_equal(page_init(&ram, 1, &res, 1), PIER_OK);
	size_t total = page_total_count();
	uint64_t a = page_alloc();

	assert_int_equal(page_refs(a), 1);
	assert_int_equal(page_ref(a), PIER_OK);
	assert_int_equal(page_ref(a), PIER_OK);
	assert_int_equal(page_refs(a), 3);
	page_free(a);				/* still shared: refused */
	assert_int_equal(bugs, 1);
	assert_int_equal(last_bug, a);
	assert_int_equal(page_refs(a), 3);
	page_unref(a);
	page_unref(a);
	assert_int_equal(page_refs(a), 1);
	assert_int_equal(page_free_count(), total - 1);
	page_unref(a);				/* the last reference frees it */
	assert_int_equal(page_refs(a), 0);
	assert_int_equal(page_free_count(), total);
	assert_int_equal(bugs, 1);

	assert_int_equal(page_ref(a), PIER_E_ARG);	/* free now */
	assert_int_equal(bugs, 2);
	page_unref(a);
	assert_int_equal(bugs, 3);
	assert_int_equal(page_refs(RAM_BASE + 100 * PG), 0);	/* reserved */
	assert_int_equal(page_refs(RAM_BASE), 0);		/* bookkeeping */
	assert_int_equal(page_refs(RAM_BASE + (2 << 20)), 0);	/* not RAM */
	assert_int_equal(page_refs(a + 8), 0);			/* unaligned */
	assert_int_equal(page_free_count(), total);
}

static void test_ref_limit(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	size_t total = page_total_count();
	uint64_t a = page_alloc();
	unsigned n = 0;

	while (page_ref(a) == PIER_OK)
		n++;
	assert_int_equal(n, 65535);
	assert_int_equal(page_refs(a), 65536);
	assert_int_equal(page_ref(a), PIER_E_LIMIT);
	while (n--)
		page_unref(a);
	assert_int_equal(page_refs(a), 1);
	page_unref(a);
	assert_int_equal(page_free_count(), total);
	assert_int_equal(bugs, 0);
}

static void test_refs_in_runs(void **state)
{
	(void)state;
	struct page_range ram = { RAM_BASE, 1 << 20 };
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	size_t total = page_total_count();
	uint64_t run = page_alloc_n(4);

	/* A shared page in a run keeps the whole run from being freed. */
	assert_int_equal(page_ref(run + 2 * PG), PIER_OK);
	page_free_n(run, 4);
	assert_int_equal(bugs, 1);
	assert_int_equal(last_bug, run + 2 * PG);
	assert_int_equal(page_free_count(), total - 4);
	page_unref(run + 2 * PG);
	page_free_n(run, 4);
	assert_int_equal(page_free_count(), total);

	/* page_init starts over: no count survives it. */
	uint64_t b = page_alloc();
	assert_int_equal(page_ref(b), PIER_OK);
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	assert_int_equal(page_alloc(), b);
	assert_int_equal(page_refs(b), 1);
	page_free(b);
	assert_int_equal(bugs, 1);
	assert_int_equal(page_free_count(), total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lowest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaust_and_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiple_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_64g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_zero_never_given, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ref_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs_in_runs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
