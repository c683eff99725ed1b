/* Sv39 page tables for user spaces: three levels, 4 KiB user pages, the kernel half shared. */
#include <string.h>
#include <pier/status.h>
#include "vm.h"
#include "pte.h"
#include "page.h"
#include "physmap.h"
#include "boot.h"
#include "asid.h"
#include "vm_switch.h"
#include "vm_tlb.h"

/* Sharing, protection changes and teardown are rare: those are built for size (cold). */
struct vm *vm_active;
uint64_t vm_cpu_since;

void vm_cpu_charge(void)
{
	vm_cpu_account();
}

void vm_cpu_restart(void)
{
	vm_cpu_since = csr_read(time);
}

/*
 * Drop the TLB entries of vm's space after its tables changed at
 * [va, va + npages pages) (npages 0: anywhere). Those of a space whose ASID
 * is from an older generation went with that flush; with no ASIDs at all,
 * everything goes.
 */
void vm_flush(struct vm *vm, uint64_t va, size_t npages)
{
	vm_forget_writable(vm, va, npages * PAGE_SIZE);
	if (asid_bits_limit() <= 1)
		sfence_vma();
	else if (vm->asid_gen == asid_generation)
		sfence_vma_asid(vm->asid);
}

static pte_t *table_of(uint64_t pa)
{
	return pa_to_kva(pa);
}

static unsigned vpn(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

int vm_init(struct vm *vm)
{
	uint64_t root = page_alloc();

	if (!root)
		return PIER_E_NOMEM;
	/* The kernel half (entries 256..511) is the same in every space:
	 * global mappings, so a space switch keeps their TLB entries. */
	memcpy(table_of(root) + 256, kernel_root + 256, 256 * sizeof(pte_t));
	vm->root_pa = root;
	vm->pages = 0;
	vm->table_pages = 1;
	vm->asid_gen = 0;       /* takes an ASID when it first runs */
	vm_forget_writable(vm, 0, 0);
	return PIER_OK;
}

/* The level-0 entry for va, making the tables on the way if alloc is set. */
static pte_t *vm_walk(struct vm *vm, uint64_t va, int alloc)
{
	pte_t *t = table_of(vm->root_pa);

	for (int level = 2; level > 0; level--) {
		pte_t *e = &t[vpn(va, level)];

		if (!(*e & PTE_V)) {
			if (!alloc || !vm_charge_ok(vm, 1))
				return NULL;
			uint64_t pa = page_alloc();
			if (!pa)
				return NULL;
			vm->table_pages++;
			*e = pte_table(pa);
		}
		t = table_of(pte_pa(*e));
	}
	return &t[vpn(va, 0)];
}

/* Why a page or table could not be had: the quota, or the machine. */
static int vm_short(const struct vm *vm)
{
	return vm_charge_ok(vm, 1) ? PIER_E_NOMEM : PIER_E_QUOTA;
}

static uint64_t perm_bits(unsigned perm)
{
	return PTE_U | (perm & VM_R ? PTE_R : 0) | (perm & VM_W ? PTE_W : 0) |
	       (perm & VM_X ? PTE_X : 0);
}

/*
 * These loops do a walk and a page's work for each of npages: the space
 * port passes at most PIER_SPACE_PAGES_MAX (about 860 instructions a
 * page to map, most of it zeroing; 360 to share, 240 to unmap, 170 to
 * protect), the kernel's own callers one page (a stack's top, or one
 * touched: vm_fault_in, vm_fault_load for a page of a program's image).
 * Unmapping a port's
 * stack passes up to PIER_STACK_PAGES_MAX, of which only the pages
 * touched cost a page's work (vm_unmap).
 */
int vm_map_anon(struct vm *vm, uint64_t va, size_t npages, unsigned perm)
{
	for (size_t i = 0; i < npages; i++) {
		uint64_t a = va + i * PAGE_SIZE;
		pte_t *e = vm_walk(vm, a, 1);
		uint64_t pa = e && vm_charge_ok(vm, 1) ? page_alloc() : 0;

		if (!pa || (*e & PTE_V)) {
			int rc = pa ? PIER_E_ARG : vm_short(vm);    /* before the undo frees */

			if (pa)
				page_free(pa);
			vm_unmap(vm, va, i);
			return rc;
		}
		*e = pte_make(pa, perm_bits(perm));
		vm->pages++;
	}
	return PIER_OK;
}

int vm_map_device(struct vm *vm, uint64_t va, uint64_t pa, size_t npages)
{
	for (size_t i = 0; i < npages; i++) {
		pte_t *e = vm_walk(vm, va + i * PAGE_SIZE, 1);

		if (!e || (*e & PTE_V)) {
			int rc = e ? PIER_E_ARG : vm_short(vm);

			vm_unmap(vm, va, i);
			return rc;
		}
		*e = pte_make(pa + i * PAGE_SIZE, PTE_U | PTE_R | PTE_W | PTE_DEV);
	}
	return PIER_OK;
}

static int user_range(uint64_t va, size_t npages)
{
	return va < USER_END && npages <= (USER_END - va) / PAGE_SIZE;
}

__attribute__((cold)) int vm_share(struct vm *vm, uint64_t va, struct vm *from, uint64_t from_va,
	     size_t npages, unsigned perm)
{
	if ((perm & VM_X) || !user_range(va, npages) || !user_range(from_va, npages))
		return PIER_E_ARG;
	for (size_t i = 0; i < npages; i++) {
		pte_t *s = vm_walk(from, from_va + i * PAGE_SIZE, 0);

		if (!s || !(*s & PTE_V) || (*s & PTE_DEV) || ((perm & VM_W) && !(*s & PTE_W)))
			return PIER_E_UNMAPPED;
	}
	for (size_t i = 0; i < npages; i++) {
		uint64_t pa = pte_pa(*vm_walk(from, from_va + i * PAGE_SIZE, 0));
		pte_t *e = vm_walk(vm, va + i * PAGE_SIZE, 1);
		int rc = !e || !vm_charge_ok(vm, 1) ? vm_short(vm) :
			 (*e & PTE_V) ? PIER_E_ARG : page_ref(pa);

		if (rc) {
			vm_unmap(vm, va, i);
			return rc;
		}
		*e = pte_make(pa, perm_bits(perm) | PTE_SHARED);
		vm->pages++;
	}
	return PIER_OK;
}

/*
 * Map npages of RAM from pa at va (a DMA buffer): each takes a page
 * reference and counts as vm's page; marked as a share, so vm_protect
 * never makes them executable. All or nothing. PIER_DMA_PAGES_MAX pages.
 */
__attribute__((cold)) int vm_map_ram(struct vm *vm, uint64_t va, uint64_t pa, size_t npages,
				     unsigned perm)
{
	if ((perm & VM_X) || !user_range(va, npages))
		return PIER_E_ARG;
	for (size_t i = 0; i < npages; i++) {
		pte_t *e = vm_walk(vm, va + i * PAGE_SIZE, 1);
		int rc = !e || !vm_charge_ok(vm, 1) ? vm_short(vm) :
			 (*e & PTE_V) ? PIER_E_ARG : page_ref(pa + i * PAGE_SIZE);

		if (rc) {
			vm_unmap(vm, va, i);
			return rc;
		}
		*e = pte_make(pa + i * PAGE_SIZE, perm_bits(perm) | PTE_SHARED);
		vm->pages++;
	}
	return PIER_OK;
}

/* A leaf drops its reference to the page (a device's has none): the last one frees it. */
static void leaf_release(struct vm *vm, pte_t e)
{
	if (e & PTE_DEV)
		return;
	page_unref(pte_pa(e));
	vm->pages--;
}

/*
 * Bound: one pass per page that lies in a leaf table the space has, and
 * one per region with no table at all (2 MiB, or 1 GiB at the root),
 * which is skipped whole. So a range mapped in part, a handler stack
 * whose pages come on first touch, costs what its tables hold, not what
 * it spans.
 */
void vm_unmap(struct vm *vm, uint64_t va, size_t npages)
{
	uint64_t len = npages * PAGE_SIZE;

	for (uint64_t a = va; a - va < len; ) {
		pte_t *t = table_of(vm->root_pa);
		int level = 2;

		while (level > 0 && (t[vpn(a, level)] & PTE_V)) {
			t = table_of(pte_pa(t[vpn(a, level)]));
			level--;
		}
		if (level > 0) {        /* no table below: nothing mapped to its end */
			a = (a | ((1ul << (12 + 9 * level)) - 1)) + 1;
			continue;
		}
		if (t[vpn(a, 0)] & PTE_V) {
			leaf_release(vm, t[vpn(a, 0)]);
			t[vpn(a, 0)] = 0;
		}
		a += PAGE_SIZE;
	}
	/* Stale translations of this space must go before the pages are reused. */
	vm_flush(vm, va, npages);
}

__attribute__((cold)) int vm_protect(struct vm *vm, uint64_t va, size_t npages, unsigned perm)
{
	for (size_t i = 0; i < npages; i++) {
		pte_t *e = vm_walk(vm, va + i * PAGE_SIZE, 0);
		if (!e || !(*e & PTE_V) || (*e & PTE_DEV))
			return PIER_E_UNMAPPED;
		/* A share's permissions are what its giver allowed; and no page
		 * mapped in two places may be executable where another may write. */
		if (*e & PTE_SHARED)
			return PIER_E_RIGHTS;
		if ((perm & VM_X) && !(*e & PTE_X) && page_refs(pte_pa(*e)) > 1)
			return PIER_E_STATE;
	}
	for (size_t i = 0; i < npages; i++) {
		pte_t *e = vm_walk(vm, va + i * PAGE_SIZE, 0);
		*e = pte_make(pte_pa(*e), perm_bits(perm));
	}
	vm_flush(vm, va, npages);
	return PIER_OK;
}

int vm_query(const struct vm *vm, uint64_t va, uint64_t *pa, unsigned *perm)
{
	pte_t *t = table_of(vm->root_pa);

	if (va >= USER_END)
		return -1;
	for (int level = 2; level >= 0; level--) {
		pte_t e = t[vpn(va, level)];

		if (!(e & PTE_V))
			return -1;
		if (pte_is_leaf(e)) {
			if (level != 0 || !(e & PTE_U))
				return -1;  /* user spaces hold only 4 KiB user pages */
			*pa = pte_pa(e) + (va & (PAGE_SIZE - 1));
			*perm = (e & PTE_R ? VM_R : 0) | (e & PTE_W ? VM_W : 0) |
				(e & PTE_X ? VM_X : 0) | (e & PTE_DEV ? VM_DEV : 0);
			return 0;
		}
		t = table_of(pte_pa(e));
	}
	return -1;
}

/*
 * Teardown in steps, so that interrupts wait for one step at most. work
 * bounds a step: each table entry looked at costs 1, each page freed
 * VM_REAP_PAGE_COST more, each table freed as much. Entries already
 * freed are zero, so a step starts again from the lowest that is left,
 * looking again at no more than 1,024 cleared entries (the current root
 * entry's table and one of its tables): a budget above VM_REAP_MIN always
 * makes progress. The CPU must not be using the tables, and nothing may
 * walk them (vm_detach first).
 */
__attribute__((cold)) bool vm_reap(struct vm *vm, size_t work)
{
	pte_t *root = table_of(vm->root_pa);
	size_t done = 0;

	if (work < VM_REAP_MIN)
		work = VM_REAP_MIN;
	for (; vm->reap_next < 256; vm->reap_next++) {
		pte_t *l1;

		if (!(root[vm->reap_next] & PTE_V))
			continue;
		l1 = table_of(pte_pa(root[vm->reap_next]));
		for (int j = 0; j < 512; j++) {
			pte_t *l0;

			done++;
			if (!(l1[j] & PTE_V))
				continue;
			l0 = table_of(pte_pa(l1[j]));
			for (int k = 0; k < 512; k++) {
				if (++done > work)
					return false;
				if (!(l0[k] & PTE_V))
					continue;
				leaf_release(vm, l0[k]);
				l0[k] = 0;
				done += VM_REAP_PAGE_COST;
			}
			page_free(pte_pa(l1[j]));
			l1[j] = 0;
			vm->table_pages--;
			done += VM_REAP_PAGE_COST;
		}
		page_free(pte_pa(root[vm->reap_next]));
		root[vm->reap_next] = 0;
		vm->table_pages--;
	}
	page_free(vm->root_pa);
	vm->root_pa = 0;
	vm->pages = vm->table_pages = 0;
	return true;
}

__attribute__((cold)) void vm_detach(struct vm *vm)
{
	/* Never free the tables the CPU is walking: fall back to the kernel's own. */
	if (vm_active == vm) {
		vm_cpu_account();
		csr_write(satp, satp_of(kimg_pa(kernel_root), 0));
		vm_active = NULL;
	}
	vm_flush(vm, 0, 0);     /* its cached walks and pages, before any is reused */
	vm->reap_next = 0;
}

__attribute__((cold)) void vm_destroy(struct vm *vm)
{
	vm_detach(vm);
	while (!vm_reap(vm, SIZE_MAX))
		;
}

/* The first switch to vm in this ASID generation: it takes a number. */
static __attribute__((noinline, cold)) void vm_switch_new(struct vm *vm)
{
	bool flush = asid_assign(&vm->asid, &vm->asid_gen);

	vm_cpu_account();
	csr_write(satp, satp_of(vm->root_pa, vm->asid));
	if (flush)
		sfence_vma();
	vm_active = vm;
}

/* Switch spaces; with ASIDs the TLB entries of both stay. The common
 * case (vm_switch.h) keeps no frame. */
void vm_switch(struct vm *vm)
{
	if (!vm_switch_quick(vm))
		vm_switch_new(vm);
}
