/* Host tests of the Sv39 page tables (arch/riscv/vm.c) over the real page allocator and fake RAM. */
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
#define A 0x10000ull		/* where programs start */
#define DEV_PA 0x10000000ull	/* registers: not RAM */
#define DEV_VA 0x1000000000ull

static void test_init_copies_kernel_half(void **state)
{
	(void)state;
	size_t start = page_free_count();
	struct vm vm = { 0 };

	assert_int_equal(vm_init(&vm), PIER_OK);
	assert_int_equal(vm.table_pages, 1);
	assert_int_equal(vm.pages, 0);
	assert_int_equal(page_free_count(), start - 1);
	pte_t *root = pa_to_kva(vm.root_pa);
	for (int i = 0; i < 256; i++)
		assert_int_equal(root[i], 0);
	assert_memory_equal(root + 256, kernel_root + 256, 256 * sizeof(pte_t));
	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
	/* The kernel's own table is never touched. */
	assert_int_equal(kernel_root[300], pte_make(300ull << 30, PTE_R | PTE_W | PTE_X | PTE_G));
}

static void test_tables_made_and_counted(void **state)
{
	(void)state;
	size_t start = page_free_count();
	struct vm vm = { 0 };

	vm_init(&vm);
	assert_null(leaf(&vm, A));
	assert_int_equal(vm_map_anon(&vm, A, 1, RW), PIER_OK);
	assert_int_equal(vm.table_pages, 3);	/* root, one level 1, one level 0 */
	assert_int_equal(vm.pages, 1);
	assert_int_equal(vm_map_anon(&vm, A + PG, 1, RW), PIER_OK);
	assert_int_equal(vm.table_pages, 3);	/* same 2 MiB: no new table */
	assert_int_equal(vm_map_anon(&vm, 0x1ff000, 2, RW), PIER_OK);
	assert_int_equal(vm.table_pages, 4);	/* crosses into the next 2 MiB */
	assert_int_equal(vm_map_anon(&vm, 0x940000000ull, 1, RW), PIER_OK);
	assert_int_equal(vm.table_pages, 6);	/* another GiB: two more */
	assert_int_equal(vm.pages, 5);
	assert_int_equal(page_free_count(), start - 6 - 5);
	/* Fresh pages are zero although the RAM under them was not. */
	for (uint64_t i = 0; i < PG; i++)
		assert_int_equal(user_bytes(&vm, 0x200000)[i], 0);
	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
}

static void test_pte_bits_and_query(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	assert_int_equal(vm_map_anon(&vm, A, 1, VM_R), PIER_OK);
	assert_int_equal(vm_map_anon(&vm, A + PG, 1, RW), PIER_OK);
	assert_int_equal(vm_map_anon(&vm, A + 2 * PG, 1, VM_R | VM_X), PIER_OK);
	pte_t r = *leaf(&vm, A), w = *leaf(&vm, A + PG), x = *leaf(&vm, A + 2 * PG);
	uint64_t always = PTE_V | PTE_U | PTE_A | PTE_D;
	assert_int_equal(r & 0x3ff, always | PTE_R);
	assert_int_equal(w & 0x3ff, always | PTE_R | PTE_W);
	assert_int_equal(x & 0x3ff, always | PTE_R | PTE_X);
	assert_int_not_equal(pte_pa(r), pte_pa(w));

	assert_int_equal(vm_query(&vm, A + PG + 123, &pa, &perm), 0);
	assert_int_equal(pa, pte_pa(w) + 123);
	assert_int_equal(perm, RW);
	assert_int_equal(vm_query(&vm, A + 2 * PG, &pa, &perm), 0);
	assert_int_equal(perm, VM_R | VM_X);
	assert_int_equal(vm_query(&vm, A + 3 * PG, &pa, &perm), -1);	/* table, no leaf */
	assert_int_equal(vm_query(&vm, 0x2000000000ull, &pa, &perm), -1); /* no table */
	assert_int_equal(vm_query(&vm, USER_END, &pa, &perm), -1);
	assert_int_equal(vm_query(&vm, KERNEL_BASE + 0x80000000ull, &pa, &perm), -1);
	/* A user gigapage is nothing a space holds: not a mapping. */
	pte_t *root = pa_to_kva(vm.root_pa);
	root[5] = pte_make(5ull << 30, PTE_U | PTE_R);
	assert_int_equal(vm_query(&vm, (5ull << 30) + PG, &pa, &perm), -1);
	root[5] = 0;
	vm_destroy(&vm);
}

static void test_map_all_or_nothing(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	assert_int_equal(vm_map_anon(&vm, A + 2 * PG, 1, RW), PIER_OK);
	uint64_t kept = pte_pa(*leaf(&vm, A + 2 * PG));
	user_bytes(&vm, A + 2 * PG)[5] = 0x77;
	size_t before = page_free_count();

	/* Its third page is taken: the first two are given back. */
	assert_int_equal(vm_map_anon(&vm, A, 4, RW), PIER_E_ARG);
	assert_int_equal(page_free_count(), before);
	assert_int_equal(vm.pages, 1);
	assert_int_equal(vm_query(&vm, A, &pa, &perm), -1);
	assert_int_equal(vm_query(&vm, A + PG, &pa, &perm), -1);
	assert_int_equal(pte_pa(*leaf(&vm, A + 2 * PG)), kept);
	assert_int_equal(user_bytes(&vm, A + 2 * PG)[5], 0x77);

	/* A quota two pages short: nothing is mapped. */
	vm.quota = vm.pages + vm.table_pages + 3;
	assert_int_equal(vm_map_anon(&vm, A + 3 * PG, 5, RW), PIER_E_QUOTA);
	assert_int_equal(vm.pages, 1);
	assert_int_equal(page_free_count(), before);
	assert_int_equal(vm_query(&vm, A + 3 * PG, &pa, &perm), -1);
	assert_int_equal(vm_map_anon(&vm, A + 3 * PG, 3, RW), PIER_OK);	/* exactly fits */
	assert_int_equal(vm_map_anon(&vm, A + 6 * PG, 1, RW), PIER_E_QUOTA);
	/* A table counts too: a new GiB needs two of them and a page. */
	vm.quota += 2;
	assert_int_equal(vm_map_anon(&vm, 0x940000000ull, 1, RW), PIER_E_QUOTA);
	vm.quota = 0;
	vm_unmap(&vm, A + 3 * PG, 3);

	/* Out of RAM: all but three pages taken. */
	static uint64_t hog[RAM_PAGES];
	size_t n = 0;
	while (page_free_count() > 3)
		hog[n++] = page_alloc();
	assert_int_equal(vm_map_anon(&vm, A + 3 * PG, 4, RW), PIER_E_NOMEM);
	assert_int_equal(page_free_count(), 3);
	assert_int_equal(vm.pages, 1);
	assert_int_equal(vm_map_anon(&vm, A + 3 * PG, 3, RW), PIER_OK);
	assert_int_equal(page_free_count(), 0);
	while (n)
		page_free(hog[--n]);
	vm_destroy(&vm);
}

static void test_protect(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	vm_map_anon(&vm, A, 3, RW);
	uint64_t pa1 = pte_pa(*leaf(&vm, A + PG));
	unsigned fences = host_sfences;

	assert_int_equal(vm_protect(&vm, A, 3, VM_R | VM_X), PIER_OK);
	assert_true(host_sfences > fences);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(vm_query(&vm, A + i * PG, &pa, &perm), 0);
		assert_int_equal(perm, VM_R | VM_X);
		assert_int_equal(*leaf(&vm, A + i * PG) & (PTE_W | PTE_U | PTE_V),
				 PTE_U | PTE_V);
	}
	assert_int_equal(pte_pa(*leaf(&vm, A + PG)), pa1);

	/* One page beyond is a hole: nothing changes. */
	fences = host_sfences;
	assert_int_equal(vm_protect(&vm, A, 4, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(vm_protect(&vm, 0x940000000ull, 1, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(host_sfences, fences);
	vm_query(&vm, A, &pa, &perm);
	assert_int_equal(perm, VM_R | VM_X);

	/* Device registers keep their permissions. */
	assert_int_equal(vm_map_device(&vm, DEV_VA, DEV_PA, 1), PIER_OK);
	pte_t dev = *leaf(&vm, DEV_VA);
	assert_int_equal(vm_protect(&vm, DEV_VA, 1, VM_R | VM_X), PIER_E_UNMAPPED);
	assert_int_equal(*leaf(&vm, DEV_VA), dev);
	vm_destroy(&vm);
}

static void test_unmap_skips_holes(void **state)
{
	(void)state;
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	vm_init(&vm);
	vm_map_anon(&vm, A, 1, RW);
	vm_map_anon(&vm, A + 2 * PG, 1, RW);
	uint64_t p0 = pte_pa(*leaf(&vm, A));
	size_t before = page_free_count();
	unsigned fences = host_sfences;

	vm_unmap(&vm, A, 3);
	assert_true(host_sfences > fences);
	assert_int_equal(page_free_count(), before + 2);
	assert_int_equal(vm.pages, 0);
	assert_int_equal(vm.table_pages, 3);	/* tables stay until the space goes */
	assert_int_equal(page_refs(p0), 0);
	assert_int_equal(vm_query(&vm, A, &pa, &perm), -1);
	assert_int_equal(*leaf(&vm, A + 2 * PG), 0);

	/* Nothing there, not even tables: nothing happens. */
	vm_unmap(&vm, 0x940000000ull, 1000);
	assert_int_equal(page_free_count(), before + 2);
	assert_int_equal(vm.table_pages, 3);
	vm_destroy(&vm);
}

/* uaccess remembers two pages it found writable (vm->wok): an unmap or a
 * protect forgets those it touched, and only those. */
static void test_writable_pages_forgotten_in_range(void **state)
{
	(void)state;
	struct vm vm = { 0 };

	vm_init(&vm);
	assert_int_equal(vm.wok[0], ~0ull);
	assert_int_equal(vm.wok[1], ~0ull);
	vm_map_anon(&vm, A, 4, RW);
	vm.wok[0] = A;
	vm.wok[1] = A + 2 * PG;
	vm_unmap(&vm, A + PG, 1);
	assert_int_equal(vm.wok[0], A);
	assert_int_equal(vm.wok[1], A + 2 * PG);
	vm_unmap(&vm, A + 2 * PG, 2);
	assert_int_equal(vm.wok[0], A);
	assert_int_equal(vm.wok[1], ~0ull);
	vm.wok[1] = A + 3 * PG;     /* as if still cached: out of range below */
	assert_int_equal(vm_protect(&vm, A, 1, VM_R), PIER_OK);
	assert_int_equal(vm.wok[0], ~0ull);
	assert_int_equal(vm.wok[1], A + 3 * PG);
	vm.wok[0] = A;
	vm_destroy(&vm);
	assert_int_equal(vm.wok[0], ~0ull);
	assert_int_equal(vm.wok[1], ~0ull);
}

static void test_device_pages_never_freed(void **state)
{
	(void)state;
	size_t start = page_free_count();
	struct vm vm = { 0 };
	uint64_t ram = page_alloc();	/* a device may sit in what looks like RAM */

	vm_init(&vm);
	assert_int_equal(vm_map_device(&vm, DEV_VA, DEV_PA, 2), PIER_OK);
	assert_int_equal(vm_map_device(&vm, DEV_VA + 3 * PG, ram, 1), PIER_OK);
	pte_t d = *leaf(&vm, DEV_VA + PG);
	assert_int_equal(pte_pa(d), DEV_PA + PG);
	assert_int_equal(d & 0x3ff, PTE_V | PTE_U | PTE_R | PTE_W | PTE_A | PTE_D | PTE_DEV);
	assert_int_equal(vm.pages, 0);

	/* Over a mapping: refused, and the first page given back. */
	assert_int_equal(vm_map_device(&vm, DEV_VA + 2 * PG, DEV_PA, 2), PIER_E_ARG);
	assert_int_equal(*leaf(&vm, DEV_VA + 2 * PG), 0);

	vm_unmap(&vm, DEV_VA, 2);
	assert_int_equal(page_refs(ram), 1);
	vm_destroy(&vm);
	assert_int_equal(page_refs(ram), 1);
	page_free(ram);
	assert_int_equal(page_free_count(), start);
}

static void test_destroy_gives_everything_back(void **state)
{
	(void)state;
	size_t start = page_free_count();
	struct vm vm = { 0 };

	vm_init(&vm);
	vm_activate(&vm);
	assert_int_equal((host_csr_satp & ((1ull << 44) - 1)) << 12, vm.root_pa);
	assert_int_equal(host_csr_satp >> 60, 8);	/* Sv39 */
	for (uint64_t gib = 0; gib < 4; gib++)
		assert_int_equal(vm_map_anon(&vm, A + (gib << 30) + gib * 0x200000, 7,
					     gib & 1 ? VM_R | VM_X : RW), PIER_OK);
	vm_map_device(&vm, DEV_VA, DEV_PA, 3);
	vm_unmap(&vm, A + PG, 2);
	uint64_t root = vm.root_pa;
	assert_true(page_free_count() < start - 28);

	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
	/* The CPU no longer walks the freed tables. */
	assert_int_not_equal((host_csr_satp & ((1ull << 44) - 1)) << 12, root);
}

/* Each switch charges the space leaving the CPU; idle time is nobody's. */
static void test_cpu_time_per_space(void **state)
{
	(void)state;
	struct vm a = { 0 }, b = { 0 };

	vm_init(&a);
	vm_init(&b);
	host_csr_time = 100;
	vm_activate(&a);           /* from the kernel's tables: nobody charged */
	host_csr_time = 130;
	vm_activate(&a);           /* no switch, no charge */
	assert_int_equal(a.cpu_ticks, 0);
	vm_activate(&b);
	assert_int_equal(a.cpu_ticks, 30);
	host_csr_time = 180;
	vm_cpu_charge();           /* the idle loop, before it waits */
	assert_int_equal(b.cpu_ticks, 50);
	host_csr_time = 1000;      /* idle */
	vm_cpu_restart();
	host_csr_time = 1007;
	vm_activate(&a);
	assert_int_equal(b.cpu_ticks, 57);
	host_csr_time = 1010;
	vm_destroy(&a);            /* it leaves the CPU: charged up to then */
	assert_int_equal(a.cpu_ticks, 33);
	vm_destroy(&b);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, vm_fixture_setup, vm_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_copies_kernel_half),
		T(test_cpu_time_per_space),
		T(test_tables_made_and_counted),
		T(test_pte_bits_and_query),
		T(test_map_all_or_nothing),
		T(test_protect),
		T(test_unmap_skips_holes),
		T(test_writable_pages_forgotten_in_range),
		T(test_device_pages_never_freed),
		T(test_destroy_gives_everything_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
