/* Host tests of pages mapped on touch (vm_fault_in) and of unmapping a range mapped in part (a lazy stack). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pier/status.h>
#include "vm.h"
#include "pte.h"
#include "page.h"
#include "vm_fixture.h"

#define MIB2 0x200000ull
#define GIB 0x40000000ull
/* An 8 MiB stack below a GiB boundary, as port_stack.c places them: its
 * range spans five leaf tables and ends where a root entry does. */
#define TOP (0x3f00000000ull)
#define BASE (TOP - 2048 * PG)

static void test_fault_in_maps_once(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	size_t start = page_free_count();
	unsigned fences;
	uint64_t pa, pa2;
	unsigned perm;

	vm_init(&vm);
	fences = host_sfences;
	assert_int_equal(vm_fault_in(&vm, BASE + 5 * PG + 123), PIER_OK);
	assert_true(host_sfences > fences);     /* no stale "invalid" left in the TLB */
	assert_int_equal(vm.pages, 1);
	assert_int_equal(vm_query(&vm, BASE + 5 * PG, &pa, &perm), 0);
	assert_int_equal(perm, VM_R | VM_W);    /* never executable */
	assert_true(*leaf(&vm, BASE + 5 * PG) & PTE_U);
	for (uint64_t i = 0; i < PG; i++)       /* the RAM under it was 0xa5 */
		assert_int_equal(user_bytes(&vm, BASE + 5 * PG)[i], 0);
	/* Touched again (a stale TLB entry): the same page, nothing more charged. */
	fences = host_sfences;
	assert_int_equal(vm_fault_in(&vm, BASE + 5 * PG + 4000), PIER_OK);
	assert_true(host_sfences > fences);
	assert_int_equal(vm.pages, 1);
	vm_query(&vm, BASE + 5 * PG, &pa2, &perm);
	assert_int_equal(pa2, pa);
	/* A page of another kind there: the fault is real, nothing changes. */
	assert_int_equal(vm_map_anon(&vm, BASE, 1, VM_R), PIER_OK);
	assert_int_equal(vm_fault_in(&vm, BASE), PIER_E_UNMAPPED);
	assert_int_equal(vm.pages, 2);
	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
}

static void test_fault_in_within_quota(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	assert_int_equal(vm_fault_in(&vm, TOP - PG), PIER_OK);     /* tables for the range too */
	vm.quota = vm_used(&vm);
	assert_int_equal(vm_fault_in(&vm, TOP - 2 * PG), PIER_E_QUOTA);
	assert_int_equal(vm_query(&vm, TOP - 2 * PG, &pa, &perm), -1);
	assert_int_equal(vm_used(&vm), vm.quota);
	/* A page where no table is yet needs the tables' pages as well. */
	vm.quota += 1;
	assert_int_equal(vm_fault_in(&vm, BASE), PIER_E_QUOTA);
	assert_int_equal(vm_used(&vm), vm.quota);
	vm.quota += 1;
	assert_int_equal(vm_fault_in(&vm, BASE), PIER_OK);
	assert_int_equal(vm_used(&vm), vm.quota);
	vm_destroy(&vm);
}

/*
 * An 8 MiB range with a few pages touched: at its top, in its middle,
 * at its base, and on each side of the 2 MiB boundaries where the unmap
 * skips a region with no table; pages just outside the range stay.
 */
static void test_unmap_partly_mapped(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t in[] = { TOP - PG, TOP - MIB2, TOP - 3 * MIB2, TOP - 3 * MIB2 - PG, BASE };
	uint64_t out[] = { TOP, BASE - PG, TOP + GIB };
	size_t start = page_free_count(), pages, tables;
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(vm_fault_in(&vm, in[i]), PIER_OK);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		assert_int_equal(vm_map_anon(&vm, out[i], 1, VM_R | VM_W), PIER_OK);
	pages = vm.pages;
	tables = vm.table_pages;
	vm_unmap(&vm, BASE, 2048);
	assert_int_equal(vm.pages, pages - 5);
	assert_int_equal(vm.table_pages, tables);   /* tables stay until the space goes */
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(vm_query(&vm, in[i], &pa, &perm), -1);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		assert_int_equal(vm_query(&vm, out[i], &pa, &perm), 0);
	/* Nothing mapped at all in a range that crosses root entries. */
	vm_unmap(&vm, TOP + PG, 3 * GIB / PG);
	assert_int_equal(vm_query(&vm, TOP + GIB, &pa, &perm), -1);
	assert_int_equal(vm.pages, 2);
	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, vm_fixture_setup, vm_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_fault_in_maps_once),
		T(test_fault_in_within_quota),
		T(test_unmap_partly_mapped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
