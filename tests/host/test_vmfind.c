/* Host tests of vm_find_free (arch/riscv/vm_find.c): free runs found by the tables that exist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include <pier/space.h>
#include "vm.h"
#include "pte.h"
#include "physmap.h"
#include "vm_fixture.h"

#define RW (VM_R | VM_W)
#define HEAP PIER_HEAP_BASE
#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define NONE 1          /* no run is ever found at 1: not page-aligned */

/* Where vm_find_free finds npages in [lo, hi), or NONE. */
static uint64_t find(const struct vm *vm, uint64_t lo, uint64_t hi, size_t npages)
{
	uint64_t va = 0;

	return vm_find_free(vm, lo, hi, npages, &va) ? NONE : va;
}

static void test_empty_space(void **state)
{
	(void)state;
	struct vm vm = { 0 };

	vm_init(&vm);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, 1), HEAP);
	/* The whole window, and all of user space: no table, no walk. */
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, (PIER_HEAP_END - HEAP) / PG), HEAP);
	assert_int_equal(find(&vm, PG, USER_END, USER_END / PG - 1), PG);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, (PIER_HEAP_END - HEAP) / PG + 1), NONE);
	assert_int_equal(find(&vm, PG, ~0ull, USER_END / PG - 1), PG);   /* hi clamped */
	assert_int_equal(find(&vm, PG, ~0ull, USER_END / PG), NONE);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, 0), NONE);
	assert_int_equal(find(&vm, HEAP, HEAP, 1), NONE);
	assert_int_equal(find(&vm, HEAP, HEAP - PG, 1), NONE);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, SIZE_MAX), NONE);
	assert_int_equal(vm.table_pages, 1);    /* looking makes no table */
	vm_destroy(&vm);
}

/* The layout that cost a page-at-a-time search 2^35 walks. */
static void test_one_page_before_a_huge_run(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t n = 1ull << 18, taken = HEAP + (n - 1) * PG;

	vm_init(&vm);
	assert_int_equal(vm_map_anon(&vm, taken, 1, RW), PIER_OK);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, n), taken + PG);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, n - 1), HEAP);
	assert_int_equal(find(&vm, HEAP, taken + PG + n * PG, n), taken + PG);
	assert_int_equal(find(&vm, HEAP, taken + n * PG, n), NONE);     /* a page short */
	assert_int_equal(find(&vm, taken, PIER_HEAP_END, 1), taken + PG);
	assert_int_equal(find(&vm, taken - PG, PIER_HEAP_END, 1), taken - PG);
	/* All of the heap window but that page's 2 MiB neighbourhood. */
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, (PIER_HEAP_END - taken) / PG - 1),
			 taken + PG);
	vm_destroy(&vm);
}

/* Runs are counted across table boundaries, absent tables and partial ones alike. */
static void test_runs_across_tables(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t base = HEAP + 3 * GIB;

	vm_init(&vm);
	/* Pages at the last slot of one 2 MiB and the first of the one after next. */
	vm_map_anon(&vm, base + MIB2 - PG, 1, RW);
	vm_map_anon(&vm, base + 2 * MIB2, 1, RW);
	assert_int_equal(find(&vm, base, base + 4 * MIB2, 512), base + MIB2);   /* all of an absent 2 MiB */
	assert_int_equal(find(&vm, base, base + 4 * MIB2, 513), base + 2 * MIB2 + PG);
	assert_int_equal(find(&vm, base, base + 4 * MIB2, 511), base);
	assert_int_equal(find(&vm, base, base + 3 * MIB2, 513), NONE);
	/* From the end of one GiB into the next, which has no table at all. */
	vm_map_anon(&vm, base + GIB - 2 * PG, 1, RW);
	assert_int_equal(find(&vm, base + 3 * MIB2, base + 2 * GIB, (GIB + PG) / PG),
			 base + GIB - PG);
	vm_destroy(&vm);
}

/* What vm_map_anon would refuse is never found free: any valid entry is taken. */
static void test_every_mapping_is_taken(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t dev = 0x1000000000ull;

	vm_init(&vm);
	assert_int_equal(vm_map_device(&vm, dev + PG, 0x10000000ull, 1), PIER_OK);
	assert_int_equal(find(&vm, dev, dev + 4 * PG, 2), dev + 2 * PG);
	/* A gigapage leaf (no user space holds one): its whole GiB is taken. */
	pte_t *root = pa_to_kva(vm.root_pa);
	root[40] = pte_make(40 * GIB, PTE_U | PTE_R);
	assert_int_equal(find(&vm, 40 * GIB - PG, 42 * GIB, 2), 41 * GIB);
	assert_int_equal(find(&vm, 40 * GIB - PG, 42 * GIB, 1), 40 * GIB - PG);
	root[40] = 0;
	/* The exact range a fixed map asks for: free only if every page is. */
	vm_map_anon(&vm, HEAP + 5 * PG, 1, RW);
	assert_int_equal(find(&vm, HEAP, HEAP + 5 * PG, 5), HEAP);
	assert_int_equal(find(&vm, HEAP, HEAP + 6 * PG, 6), NONE);
	assert_int_equal(find(&vm, HEAP + 6 * PG, HEAP + 7 * PG, 1), HEAP + 6 * PG);
	vm_destroy(&vm);
}

/*
 * A page just short of every run, in 2 MiB after 2 MiB: the worst a
 * quota allows, each table holding one page. A page-at-a-time search for
 * 512 pages would walk 512 * 511 / 2 times per table; this reads each
 * entry once. The run that fits is after the last.
 */
static void test_many_near_misses(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	int tables = 300;

	vm_init(&vm);
	for (int i = 0; i < tables; i++)
		assert_int_equal(vm_map_anon(&vm, HEAP + i * MIB2 + 511 * PG, 1, RW), PIER_OK);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, 512), HEAP + tables * MIB2);
	assert_int_equal(find(&vm, HEAP, PIER_HEAP_END, 511), HEAP);
	assert_int_equal(find(&vm, HEAP + PG, PIER_HEAP_END, 511), HEAP + MIB2);
	assert_int_equal(find(&vm, HEAP, HEAP + tables * MIB2, 512), NONE);
	vm_destroy(&vm);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, vm_fixture_setup, vm_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_empty_space),
		T(test_one_page_before_a_huge_run),
		T(test_runs_across_tables),
		T(test_every_mapping_is_taken),
		T(test_many_near_misses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
