/* Host tests of a program's image loaded page by page on first touch (kernel/image.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "image.h"
#include "page.h"
#include "vm_fixture.h"

/*
 * Three segments as lib/user.ld lays them out: text (R-X) over two pages,
 * its second half full; rodata (R) in one page; data (RW-) starting 0x100
 * into its page with 0x200 file bytes, then bss to 0x16100.
 */
static uint8_t file[0x4000];
static struct image im;

static int setup(void **state)
{
	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(i * 7 + 1);
	im = (struct image){ .file = file, .nsegs = 3, .seg = {
		{ .vaddr = 0x10000, .memsz = 0x1800, .offset = 0, .filesz = 0x1800,
		  .flags = ELF_PF_R | ELF_PF_X },
		{ .vaddr = 0x12000, .memsz = 0x100, .offset = 0x2000, .filesz = 0x100,
		  .flags = ELF_PF_R },
		{ .vaddr = 0x13100, .memsz = 0x3000, .offset = 0x3100, .filesz = 0x200,
		  .flags = ELF_PF_R | ELF_PF_W },
	} };
	return vm_fixture_setup(state);
}

static void test_which_segment(void **state)
{
	(void)state;
	assert_null(image_segment(&im, 0xfff));
	assert_null(image_segment(&im, 0xffff));
	assert_ptr_equal(image_segment(&im, 0x10000), &im.seg[0]);
	assert_ptr_equal(image_segment(&im, 0x11fff), &im.seg[0]);   /* the rest of its last page */
	assert_ptr_equal(image_segment(&im, 0x12fff), &im.seg[1]);
	assert_ptr_equal(image_segment(&im, 0x13000), &im.seg[2]);   /* below vaddr, in its page */
	assert_ptr_equal(image_segment(&im, 0x16fff), &im.seg[2]);
	assert_null(image_segment(&im, 0x17000));
	assert_null(image_segment(&im, ~0ull));
}

static void test_bytes_of_a_page(void **state)
{
	struct image_page p;

	(void)state;
	assert_int_equal(image_page(&im, 0x10005, VM_X, &p), PIER_OK);
	assert_int_equal(p.va, 0x10000);
	assert_int_equal(p.perm, VM_R | VM_X);
	assert_ptr_equal(p.src, file);
	assert_int_equal(p.at, 0);
	assert_int_equal(p.n, PG);
	/* The text's second page: half file bytes, half zero. */
	assert_int_equal(image_page(&im, 0x11fff, VM_R, &p), PIER_OK);
	assert_ptr_equal(p.src, file + 0x1000);
	assert_int_equal(p.at, 0);
	assert_int_equal(p.n, 0x800);
	/* Data: 0x100 zero bytes, its 0x200 file bytes, zero to the end. */
	assert_int_equal(image_page(&im, 0x13000, VM_W, &p), PIER_OK);
	assert_int_equal(p.perm, VM_R | VM_W);
	assert_ptr_equal(p.src, file + 0x3100);
	assert_int_equal(p.at, 0x100);
	assert_int_equal(p.n, 0x200);
	/* bss: nothing to copy. */
	assert_int_equal(image_page(&im, 0x16000, VM_W, &p), PIER_OK);
	assert_int_equal(p.n, 0);
	assert_null(p.src);
	/* Any access (0): a protect or a share loading it. */
	assert_int_equal(image_page(&im, 0x12000, 0, &p), PIER_OK);
	assert_int_equal(p.perm, VM_R);
}

static void test_access_check(void **state)
{
	struct image_page p;

	(void)state;
	assert_int_equal(image_page(&im, 0x10000, VM_R, &p), PIER_OK);
	assert_int_equal(image_page(&im, 0x10000, VM_W, &p), PIER_E_UNMAPPED);  /* store into text */
	assert_int_equal(image_page(&im, 0x12000, VM_X, &p), PIER_E_UNMAPPED);  /* run rodata */
	assert_int_equal(image_page(&im, 0x12000, VM_W, &p), PIER_E_UNMAPPED);
	assert_int_equal(image_page(&im, 0x14000, VM_X, &p), PIER_E_UNMAPPED);  /* run bss */
	assert_int_equal(image_page(&im, 0x14000, VM_R, &p), PIER_OK);
	assert_int_equal(image_page(&im, 0x17000, VM_R, &p), PIER_E_UNMAPPED);  /* past it all */
}

static void test_overlaps(void **state)
{
	(void)state;
	assert_false(image_overlaps(&im, 0x0, 0x10000));
	assert_true(image_overlaps(&im, 0xf000, 2 * PG));
	assert_true(image_overlaps(&im, 0x11000, PG));
	assert_true(image_overlaps(&im, 0x16000, PG));
	assert_false(image_overlaps(&im, 0x17000, 100 * PG));
	assert_false(image_overlaps(&im, 0x12000, 0));
	assert_true(image_overlaps(&im, 0x1000, ~0ull));        /* no overflow either way */
	assert_false(image_overlaps(&im, 0x20000, ~0ull));
	assert_false(image_overlaps(&im, ~0ull - PG, PG));
}

static void test_fault_loads_one_page(void **state)
{
	struct vm vm = { 0 };
	size_t start = page_free_count();
	unsigned fences, perm;
	uint64_t pa;
	uint8_t *b;

	(void)state;
	vm_init(&vm);
	fences = host_sfences;
	assert_int_equal(image_fault(&vm, &im, 0x13050, VM_W), PIER_OK);
	assert_true(host_sfences > fences);
	assert_int_equal(vm.pages, 1);
	assert_int_equal(vm_query(&vm, 0x13000, &pa, &perm), 0);
	assert_int_equal(perm, VM_R | VM_W);
	b = user_bytes(&vm, 0x13000);
	for (size_t i = 0; i < PG; i++)
		assert_int_equal(b[i], i >= 0x100 && i < 0x300 ? file[0x3000 + i] : 0);
	/* Again (a stale TLB entry): nothing more. */
	assert_int_equal(image_fault(&vm, &im, 0x13000, VM_R), PIER_OK);
	assert_int_equal(vm.pages, 1);
	/* Text, whole from the file, executable, not writable. */
	assert_int_equal(image_fault(&vm, &im, 0x10000, VM_X), PIER_OK);
	vm_query(&vm, 0x10000, &pa, &perm);
	assert_int_equal(perm, VM_R | VM_X);
	assert_memory_equal(user_bytes(&vm, 0x10000), file, PG);
	/* Refused accesses map nothing; a store into loaded text is refused too. */
	assert_int_equal(image_fault(&vm, &im, 0x12000, VM_W), PIER_E_UNMAPPED);
	assert_int_equal(image_fault(&vm, &im, 0x12000, VM_X), PIER_E_UNMAPPED);
	assert_int_equal(image_fault(&vm, &im, 0x10000, VM_W), PIER_E_UNMAPPED);
	assert_int_equal(image_fault(&vm, &im, 0x20000, VM_R), PIER_E_UNMAPPED);
	assert_int_equal(vm.pages, 2);
	vm_destroy(&vm);
	assert_int_equal(page_free_count(), start);
}

static void test_fault_within_quota(void **state)
{
	struct vm vm = { 0 };

	(void)state;
	vm_init(&vm);
	assert_int_equal(image_fault(&vm, &im, 0x10000, VM_X), PIER_OK);     /* its tables too */
	vm.quota = vm_used(&vm);
	assert_int_equal(image_fault(&vm, &im, 0x11000, VM_X), PIER_E_QUOTA);
	assert_int_equal(vm_used(&vm), vm.quota);
	assert_int_equal(vm.pages, 1);
	vm.quota++;
	assert_int_equal(image_fault(&vm, &im, 0x11000, VM_X), PIER_OK);
	vm_destroy(&vm);
}

static void test_load_range(void **state)
{
	struct vm vm = { 0 };
	uint64_t pa;
	unsigned perm;

	(void)state;
	vm_init(&vm);
	/* Outside the image: nothing. */
	assert_int_equal(image_load_range(&vm, &im, 0x20000, 16), PIER_OK);
	assert_int_equal(vm.pages, 0);
	/* One page there already (made read-only by the program): kept as it is. */
	assert_int_equal(image_fault(&vm, &im, 0x14000, VM_W), PIER_OK);
	assert_int_equal(vm_protect(&vm, 0x14000, 1, VM_R), PIER_OK);
	assert_int_equal(image_load_range(&vm, &im, 0xf000, 16), PIER_OK);
	assert_int_equal(vm.pages, 7);          /* 0x10000..0x16000 */
	assert_int_equal(vm_query(&vm, 0xf000, &pa, &perm), -1);
	vm_query(&vm, 0x14000, &pa, &perm);
	assert_int_equal(perm, VM_R);
	vm_query(&vm, 0x12000, &pa, &perm);
	assert_int_equal(perm, VM_R);
	assert_memory_equal(user_bytes(&vm, 0x12000), file + 0x2000, 0x100);
	vm_destroy(&vm);
}

static void test_next_mapped(void **state)
{
	struct vm vm = { 0 };

	(void)state;
	vm_init(&vm);
	assert_int_equal(vm_next_mapped(&vm, 0x10000, 0x40000000), 0x40000000);   /* no table at all */
	assert_int_equal(image_fault(&vm, &im, 0x14000, VM_W), PIER_OK);
	assert_int_equal(vm_next_mapped(&vm, 0x10000, 0x40000000), 0x14000);
	assert_int_equal(vm_next_mapped(&vm, 0x14010, 0x40000000), 0x14010);      /* its own page */
	assert_int_equal(vm_next_mapped(&vm, 0x14fff, 0x40000000), 0x14fff);
	assert_int_equal(vm_next_mapped(&vm, 0x15000, 0x40000000), 0x40000000);
	assert_int_equal(vm_next_mapped(&vm, 0x10000, 0x13800), 0x13800);          /* not by hi */
	assert_int_equal(vm_next_mapped(&vm, 0x15000, ~0ull), USER_END);
	vm_destroy(&vm);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, vm_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_which_segment),
		T(test_bytes_of_a_page),
		T(test_access_check),
		T(test_overlaps),
		T(test_fault_loads_one_page),
		T(test_fault_within_quota),
		T(test_load_range),
		T(test_next_mapped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
