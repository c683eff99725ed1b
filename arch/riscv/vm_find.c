/* Finding unmapped runs of pages in a space: by the tables that exist, not page by page. */
#include "vm.h"
#include "pte.h"
#include "physmap.h"

/* The bytes one entry of a level-`level` table covers: 4 KiB, 2 MiB, 1 GiB. */
static uint64_t entry_span(int level)
{
	return 1ull << (12 + 9 * level);
}

/*
 * A page at a time, a search for a run of npages in a window of W pages
 * costs up to W * npages walks: 2^35 of them for 2^18 pages in the 32 GiB
 * heap window, with interrupts off. Instead an empty entry's whole region
 * (1 GiB at the root, 2 MiB at level 1) is skipped at once, and only the
 * level-0 tables that exist are read entry by entry.
 */
int vm_find_free(const struct vm *vm, uint64_t lo, uint64_t hi, size_t npages, uint64_t *va)
{
	uint64_t run = lo, a = lo;      /* [run, a) is known to be unmapped */
	uint64_t need;

	if (hi > USER_END)
		hi = USER_END;
	if (!npages || lo >= hi || npages > (hi - lo) / PAGE_SIZE)
		return -1;
	need = npages * PAGE_SIZE;
	/*
	 * Bound: each pass reads one entry per level on the way down (at most
	 * three) and moves a past the whole region the last one covers, so a
	 * pass is one entry of a table that exists, in [lo, hi): at most one
	 * per root entry in the window plus 512 per table page the space holds
	 * there. Those are charged to its quota, so the search costs what its
	 * own tables allow, whatever npages is.
	 */
	while (a - run < need) {
		const pte_t *t = pa_to_kva(vm->root_pa);
		int level = 2;
		pte_t e;

		if (a >= hi)
			return -1;
		while ((e = t[(a >> (12 + 9 * level)) & 511]) & PTE_V &&
		       !pte_is_leaf(e) && level > 0) {
			t = pa_to_kva(pte_pa(e));
			level--;
		}
		/* e: a page (or a larger leaf, which no user space holds: taken
		 * all the same), or nothing, to the end of its region. */
		a = (a | (entry_span(level) - 1)) + 1;
		if (e & PTE_V)
			run = a;
	}
	if (run + need > hi)
		return -1;      /* runs only move up: none later fits either */
	*va = run;
	return 0;
}

/*
 * The lowest page in [lo, hi) that is mapped, or hi. Bound: as above, a
 * pass per entry of a table that exists in the window, the regions with
 * no table skipped whole.
 */
uint64_t vm_next_mapped(const struct vm *vm, uint64_t lo, uint64_t hi)
{
	uint64_t a = lo & ~(uint64_t)(PAGE_SIZE - 1);

	if (hi > USER_END)
		hi = USER_END;
	while (a < hi) {
		const pte_t *t = pa_to_kva(vm->root_pa);
		int level = 2;
		pte_t e;

		while ((e = t[(a >> (12 + 9 * level)) & 511]) & PTE_V &&
		       !pte_is_leaf(e) && level > 0) {
			t = pa_to_kva(pte_pa(e));
			level--;
		}
		if (e & PTE_V)
			return a > lo ? a : lo;
		a = (a | (entry_span(level) - 1)) + 1;
	}
	return hi;
}
