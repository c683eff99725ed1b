/* Host tests of a space's teardown in bounded steps (vm_detach, vm_reap in arch/riscv/vm.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "vm.h"
#include "pte.h"
#include "page.h"
#include "physmap.h"
#include "boot.h"
#include "vm_fixture.h"

#define RW (VM_R | VM_W)
#define PG 4096ull
#define GIB (1ull << 30)
#define MIB2 (2ull << 20)

/* Pages spread over many tables, as a hostile space would: every step
 * frees something, none frees more than its budget allows, and at the
 * end every page and table is back. */
static void test_reap_in_bounded_steps(void **state)
{
	(void)state;
	size_t start = page_free_count(), steps = 0, before;
	struct vm vm = { 0 };

	assert_int_equal(vm_init(&vm), PIER_OK);
	for (uint64_t g = 0; g < 3; g++)                /* three root entries */
		for (uint64_t t = 0; t < 40; t++)       /* forty tables in each */
			assert_int_equal(vm_map_anon(&vm, 0x800000000ull + g * GIB + t * MIB2,
						     t % 7 + 1, RW), PIER_OK);
	/* A table left empty by an unmap costs a step no more than others. */
	vm_unmap(&vm, 0x800000000ull + 5 * MIB2, 6);
	vm_detach(&vm);
	for (;;) {
		before = page_free_count();
		bool done = vm_reap(&vm, VM_REAP_MIN);

		steps++;
		assert_true(page_free_count() > before);                /* progress */
		assert_true(page_free_count() - before <= VM_REAP_MIN / VM_REAP_PAGE_COST + 1);
		if (done)
			break;
		assert_true(steps < 10000);
	}
	assert_true(steps > 3);
	assert_int_equal(page_free_count(), start);
	assert_int_equal(vm.pages, 0);
	assert_int_equal(vm.table_pages, 0);
}

/* A budget below the minimum is raised to it: a step always moves on. */
static void test_reap_tiny_budget_still_progresses(void **state)
{
	(void)state;
	size_t start = page_free_count();
	struct vm vm = { 0 };
	int steps = 0;

	assert_int_equal(vm_init(&vm), PIER_OK);
	assert_int_equal(vm_map_anon(&vm, 0x900000000ull + 511 * PG, 1, RW), PIER_OK);
	assert_int_equal(vm_map_anon(&vm, 0x900000000ull + 511 * MIB2, 1, RW), PIER_OK);
	vm_detach(&vm);
	while (!vm_reap(&vm, 1))
		assert_true(++steps < 100);
	assert_int_equal(page_free_count(), start);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, vm_fixture_setup, vm_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_reap_in_bounded_steps),
		T(test_reap_tiny_budget_still_progresses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
