/* Host tests of pages shared between spaces: vm_share over counted page references. */
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
#include "vm_fixture.h"

#define RW (VM_R | VM_W)
#define SRC 0x10000ull
#define DST 0x800000000ull
#define DEV_VA 0x1000000000ull

static struct vm a, b;
static size_t start;

/* Space a with three pages of bytes at SRC (the last read-only), and an empty b. */
static int setup(void **state)
{
	vm_fixture_setup(state);
	start = page_free_count();
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(vm_init(&a), PIER_OK);
	assert_int_equal(vm_init(&b), PIER_OK);
	assert_int_equal(vm_map_anon(&a, SRC, 2, RW), PIER_OK);
	assert_int_equal(vm_map_anon(&a, SRC + 2 * PG, 1, VM_R), PIER_OK);
	for (int i = 0; i < 3; i++)
		memset(user_bytes(&a, SRC + i * PG), 0x30 + i, PG);
	return 0;
}

static int teardown(void **state)
{
	if (a.root_pa)
		vm_destroy(&a);
	if (b.root_pa)
		vm_destroy(&b);
	assert_int_equal(page_free_count(), start);
	return vm_fixture_teardown(state);
}

static uint64_t pa_at(const struct vm *vm, uint64_t va)
{
	pte_t *e = leaf(vm, va);

	assert_non_null(e);
	assert_true(*e & PTE_V);
	return pte_pa(*e);
}

static void test_same_pages_counted(void **state)
{
	(void)state;
	size_t before = page_free_count();

	assert_int_equal(vm_share(&b, DST, &a, SRC, 3, VM_R), PIER_OK);
	for (int i = 0; i < 3; i++) {
		uint64_t pa = pa_at(&a, SRC + i * PG);
		assert_int_equal(pa_at(&b, DST + i * PG), pa);
		assert_int_equal(page_refs(pa), 2);
		assert_int_equal(*leaf(&b, DST + i * PG) & 0x3ff,
				 PTE_V | PTE_U | PTE_R | PTE_A | PTE_D | PTE_SHARED);
	}
	assert_int_equal(b.pages, 3);
	assert_int_equal(a.pages, 3);
	assert_int_equal(page_free_count(), before - 2);	/* b's two tables only */
	/* No copy: a write through one space shows in the other. */
	user_bytes(&a, SRC + PG)[9] = 0x99;
	assert_int_equal(user_bytes(&b, DST + PG)[9], 0x99);

	/* Read-write where a may write. */
	assert_int_equal(vm_share(&b, DST + 8 * PG, &a, SRC, 2, RW), PIER_OK);
	assert_int_equal(*leaf(&b, DST + 9 * PG) & (PTE_R | PTE_W | PTE_X), PTE_R | PTE_W);
	assert_int_equal(page_refs(pa_at(&a, SRC)), 3);
}

static void test_unmap_either_side(void **state)
{
	(void)state;
	uint64_t pa = pa_at(&a, SRC);

	assert_int_equal(vm_share(&b, DST, &a, SRC, 2, RW), PIER_OK);
	size_t before = page_free_count();
	vm_unmap(&a, SRC, 2);
	assert_int_equal(page_free_count(), before);	/* b still maps them */
	assert_int_equal(page_refs(pa), 1);
	assert_int_equal(user_bytes(&b, DST)[100], 0x30);
	vm_unmap(&b, DST, 2);
	assert_int_equal(page_free_count(), before + 2);
	assert_int_equal(page_refs(pa), 0);
	assert_int_equal(b.pages, 0);

	/* And the other way round. */
	assert_int_equal(vm_share(&b, DST, &a, SRC + 2 * PG, 1, VM_R), PIER_OK);
	vm_unmap(&b, DST, 1);
	assert_int_equal(page_refs(pa_at(&a, SRC + 2 * PG)), 1);
	assert_int_equal(user_bytes(&a, SRC + 2 * PG)[0], 0x32);
}

static void test_destroy_either_side(void **state)
{
	(void)state;
	uint64_t pa = pa_at(&a, SRC + PG);

	assert_int_equal(vm_share(&b, DST, &a, SRC, 3, VM_R), PIER_OK);
	vm_destroy(&a);
	assert_int_equal(page_refs(pa), 1);
	assert_int_equal(user_bytes(&b, DST + PG)[7], 0x31);
	vm_destroy(&b);
	assert_int_equal(page_refs(pa), 0);
	assert_int_equal(page_free_count(), start);

	/* A share into a space that goes first. */
	vm_init(&a);
	vm_init(&b);
	vm_map_anon(&a, SRC, 1, RW);
	pa = pa_at(&a, SRC);
	assert_int_equal(vm_share(&b, DST, &a, SRC, 1, VM_R), PIER_OK);
	vm_destroy(&b);
	assert_int_equal(page_refs(pa), 1);
}

static void test_bad_sources_map_nothing(void **state)
{
	(void)state;
	size_t before = page_free_count();
	uint64_t pa2 = pa_at(&a, SRC + 2 * PG);

	/* W of a page a may only read; X ever; a hole; a device's registers. */
	assert_int_equal(vm_share(&b, DST, &a, SRC, 3, RW), PIER_E_UNMAPPED);
	assert_int_equal(vm_share(&b, DST, &a, SRC, 1, VM_R | VM_X), PIER_E_ARG);
	assert_int_equal(vm_share(&b, DST, &a, SRC, 4, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(vm_share(&b, DST, &a, 0x940000000ull, 1, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(vm_map_device(&a, DEV_VA, 0x10000000, 1), PIER_OK);
	assert_int_equal(vm_share(&b, DST, &a, DEV_VA, 1, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(vm_share(&b, USER_END - PG, &a, SRC, 2, VM_R), PIER_E_ARG);
	assert_int_equal(vm_share(&b, DST, &a, USER_END, 1, VM_R), PIER_E_ARG);
	assert_int_equal(b.pages, 0);
	assert_null(leaf(&b, DST));
	assert_int_equal(page_refs(pa2), 1);
	assert_int_equal(page_free_count(), before - 2);	/* the tables of a's device window */
}

static void test_failures_unwind(void **state)
{
	(void)state;
	uint64_t pa0 = pa_at(&a, SRC), pa1 = pa_at(&a, SRC + PG);

	/* Something mapped in the way of the second page. */
	assert_int_equal(vm_map_anon(&b, DST + PG, 1, RW), PIER_OK);
	uint64_t own = pa_at(&b, DST + PG);
	assert_int_equal(vm_share(&b, DST, &a, SRC, 3, VM_R), PIER_E_ARG);
	assert_int_equal(page_refs(pa0), 1);
	assert_int_equal(*leaf(&b, DST), 0);
	assert_int_equal(pa_at(&b, DST + PG), own);
	assert_int_equal(b.pages, 1);

	/* The receiver's quota: one page short. */
	b.quota = b.pages + b.table_pages + 2;
	assert_int_equal(vm_share(&b, DST + 4 * PG, &a, SRC, 3, VM_R), PIER_E_QUOTA);
	assert_int_equal(page_refs(pa0), 1);
	assert_int_equal(page_refs(pa1), 1);
	assert_int_equal(b.pages, 1);
	assert_int_equal(vm_share(&b, DST + 4 * PG, &a, SRC, 2, VM_R), PIER_OK);
	/* ...which the page tables a share needs count against too. */
	b.quota += 2;
	assert_int_equal(vm_share(&b, 0x940000000ull, &a, SRC, 1, VM_R), PIER_E_QUOTA);
	assert_int_equal(page_refs(pa0), 2);
	b.quota = 0;
	vm_unmap(&b, DST + 4 * PG, 2);

	/* A page with every reference it can have. */
	unsigned n = 0;
	while (page_ref(pa1) == PIER_OK)
		n++;
	assert_int_equal(vm_share(&b, DST + 4 * PG, &a, SRC, 2, VM_R), PIER_E_LIMIT);
	assert_int_equal(page_refs(pa0), 1);
	assert_int_equal(b.pages, 1);
	while (n--)
		page_unref(pa1);
	assert_int_equal(page_refs(pa1), 1);
}

static void test_protect_and_shares(void **state)
{
	(void)state;
	uint64_t pa;
	unsigned perm;

	assert_int_equal(vm_share(&b, DST, &a, SRC, 2, VM_R), PIER_OK);
	/* The receiver cannot widen what it was given, nor even narrow it. */
	assert_int_equal(vm_protect(&b, DST, 2, RW), PIER_E_RIGHTS);
	assert_int_equal(vm_protect(&b, DST, 1, VM_R), PIER_E_RIGHTS);
	vm_query(&b, DST, &pa, &perm);
	assert_int_equal(perm, VM_R);
	/* The giver keeps its own mapping's rights but may not make a shared
	 * page executable: the other space might write it some day. */
	assert_int_equal(vm_protect(&a, SRC, 2, VM_R | VM_X), PIER_E_STATE);
	assert_int_equal(vm_protect(&a, SRC, 2, VM_R), PIER_OK);
	assert_int_equal(vm_protect(&a, SRC, 2, RW), PIER_OK);
	vm_unmap(&b, DST, 2);
	assert_int_equal(vm_protect(&a, SRC, 2, VM_R | VM_X), PIER_OK);

	/* An executable page may be shared to read; the giver keeps X. */
	assert_int_equal(vm_share(&b, DST, &a, SRC, 1, VM_R), PIER_OK);
	vm_query(&a, SRC, &pa, &perm);
	assert_int_equal(perm, VM_R | VM_X);
	assert_int_equal(vm_protect(&a, SRC, 1, VM_R | VM_X), PIER_OK);
	vm_query(&b, DST, &pa, &perm);
	assert_int_equal(perm, VM_R);
}

static void test_share_within_one_space(void **state)
{
	(void)state;
	uint64_t pa = pa_at(&a, SRC);

	assert_int_equal(vm_share(&a, DST, &a, SRC, 2, RW), PIER_OK);
	assert_int_equal(pa_at(&a, DST), pa);
	assert_int_equal(a.pages, 5);
	assert_int_equal(vm_share(&a, SRC + PG, &a, SRC, 1, VM_R), PIER_E_ARG);
	vm_unmap(&a, SRC, 3);
	assert_int_equal(page_refs(pa), 1);
	assert_int_equal(user_bytes(&a, DST)[1], 0x30);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_same_pages_counted),
		T(test_unmap_either_side),
		T(test_destroy_either_side),
		T(test_bad_sources_map_nothing),
		T(test_failures_unwind),
		T(test_protect_and_shares),
		T(test_share_within_one_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
