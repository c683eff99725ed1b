/* Host tests of page_ranges_below: the allocator gets only RAM below the end of the direct map. */
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
#define ARENA (4ul << 20)	/* 4 MiB of real memory behind RAM_BASE */
#define PG 4096ull

uintptr_t host_phys_offset;

void kernel_bug(const char *what, uint64_t value)
{
	(void)what;
	fail_msg("kernel_bug: %s 0x%llx", what, (unsigned long long)value);
}

static void test_below_untouched(void **state)
{
	struct page_range r[] = { { RAM_BASE, 1 << 20 }, { RAM_BASE + (2 << 20), 1 << 20 } };
	int n = 2;

	(void)state;
	assert_int_equal(page_ranges_below(r, &n, RAM_BASE + (3 << 20)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].base, RAM_BASE);
	assert_int_equal(r[0].size, 1 << 20);
	assert_int_equal(r[1].base, RAM_BASE + (2 << 20));
	assert_int_equal(r[1].size, 1 << 20);
}

/* One across the end is shortened, one above it dropped; order is kept. */
static void test_cut_and_drop(void **state)
{
	uint64_t end = 0x3f80000000ull;	/* where the Sv39 direct map stops */
	struct page_range r[] = {
		{ 0x4000000000ull, 1ull << 30 },	/* wholly above: dropped */
		{ RAM_BASE, 0x3f80000000ull },		/* 2 GiB to 256 GiB: cut at 254 */
		{ end, PG },				/* starts at the end: dropped */
		{ 0x1000, PG },				/* below: kept */
	};
	int n = 4;

	(void)state;
	assert_int_equal(page_ranges_below(r, &n, end), 3);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].base, RAM_BASE);
	assert_int_equal(r[0].base + r[0].size, end);
	assert_int_equal(r[1].base, 0x1000);
	assert_int_equal(r[1].size, PG);
}

/* A range whose end does not fit in 64 bits is cut, not wrapped. */
static void test_no_overflow(void **state)
{
	struct page_range r[] = { { RAM_BASE, UINT64_MAX } };
	int n = 1;

	(void)state;
	assert_int_equal(page_ranges_below(r, &n, RAM_BASE + PG), 1);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].size, PG);
	n = 1;
	assert_int_equal(page_ranges_below(r, &n, 0), 1);
	assert_int_equal(n, 0);
}

/*
 * As kernel_main uses it: RAM runs 1 MiB past the end of the map, and no
 * page the allocator gives out, nor its bookkeeping, lies beyond it.
 */
static void test_allocator_stays_below(void **state)
{
	uint8_t *arena = aligned_alloc(PG, ARENA);
	uint64_t end = RAM_BASE + (2 << 20), pa, top = 0;
	struct page_range r[] = { { RAM_BASE, 3 << 20 } };
	int n = 1;
	size_t got = 0;

	(void)state;
	assert_non_null(arena);
	/* Beyond the end the "RAM" is poisoned: the allocator must not even look. */
	memset(arena, 0xa5, ARENA);
	host_phys_offset = (uintptr_t)arena - (uintptr_t)RAM_BASE;
	assert_int_equal(page_ranges_below(r, &n, end), 1);
	assert_int_equal(page_init(r, n, NULL, 0), PIER_OK);
	while ((pa = page_alloc()) != 0) {
		assert_true(pa + PG <= end);
		top = pa > top ? pa : top;
		got++;
	}
	assert_int_equal(got, page_total_count());
	assert_int_equal(top, end - PG);
	for (uint64_t off = end - RAM_BASE; off < ARENA; off++)
		assert_int_equal(arena[off], 0xa5);
	free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_below_untouched),
		cmocka_unit_test(test_cut_and_drop),
		cmocka_unit_test(test_no_overflow),
		cmocka_unit_test(test_allocator_stays_below),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
