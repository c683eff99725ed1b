/* The page-table host tests' fixture: fake RAM under the real page allocator, kernel_root, CSRs as variables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "page.h"
#include "physmap.h"
#include "boot.h"
#include "asid.h"
#include "vm_fixture.h"

uintptr_t host_phys_offset;
uint64_t host_csr_satp;
uint64_t host_csr_time;
unsigned host_sfences;
uint64_t asid_generation = 1;
pte_t kernel_root[512];
int bugs;
static uint8_t *arena;

void kernel_bug(const char *what, uint64_t value)
{
	print_error("kernel_bug: %s 0x%llx\n", what, (unsigned long long)value);
	bugs++;
}

int vm_fixture_setup(void **state)
{
	struct page_range ram = { RAM_BASE, RAM_PAGES * PG };

	(void)state;
	arena = aligned_alloc(PG, RAM_PAGES * PG);
	assert_non_null(arena);
	memset(arena, 0xa5, RAM_PAGES * PG);
	host_phys_offset = (uintptr_t)arena - (uintptr_t)RAM_BASE;
	assert_int_equal(page_init(&ram, 1, NULL, 0), PIER_OK);
	/* The lower half is junk that must not be copied; the upper half,
	 * global gigapages, must be copied as it is. */
	for (int i = 0; i < 512; i++)
		kernel_root[i] = i < 256 ? 0xdeadbeef00ull | PTE_V :
			pte_make((uint64_t)i << 30, PTE_R | PTE_W | PTE_X | PTE_G);
	host_csr_satp = 0;
	host_csr_time = 0;
	vm_active = NULL;
	vm_cpu_since = 0;
	host_sfences = 0;
	bugs = 0;
	return 0;
}

int vm_fixture_teardown(void **state)
{
	(void)state;
	free(arena);
	assert_int_equal(bugs, 0);
	return 0;
}

pte_t *leaf(const struct vm *vm, uint64_t va)
{
	pte_t *t = pa_to_kva(vm->root_pa);

	for (int level = 2; level > 0; level--) {
		pte_t e = t[(va >> (12 + 9 * level)) & 511];

		if (!(e & PTE_V))
			return NULL;
		assert_false(pte_is_leaf(e));
		assert_int_equal(e & (PTE_U | PTE_G | PTE_A | PTE_D), 0);
		t = pa_to_kva(pte_pa(e));
	}
	return &t[(va >> 12) & 511];
}

uint8_t *user_bytes(const struct vm *vm, uint64_t va)
{
	pte_t *e = leaf(vm, va);

	assert_non_null(e);
	assert_true(*e & PTE_V);
	return (uint8_t *)pa_to_kva(pte_pa(*e)) + (va & (PG - 1));
}
