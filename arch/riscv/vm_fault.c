/* A page fault's answer: one fresh page where a space grows (its handler stacks) or loads its image, the TLB told. */
#include <pier/status.h>
#include "vm.h"
#include "physmap.h"
#include "vm_tlb.h"
#include "csr.h"
#include <string.h>

/*
 * RISC-V lets a hart cache a translation that was invalid, and an
 * sfence.vma naming one address orders only leaf entries, while this
 * map may have made a table too: so the space's whole TLB goes (one
 * ASID's entries; vm_flush). It happens once per page of a stack in a
 * port's life. A page already there is the answer of an earlier touch
 * whose stale "invalid" the TLB still held: the flush alone answers it.
 */
int vm_fault_in(struct vm *vm, uint64_t va)
{
	uint64_t page = va & ~(PAGE_SIZE - 1), pa;
	unsigned perm;
	int rc = PIER_OK;

	if (vm_query(vm, page, &pa, &perm))
		rc = vm_map_anon(vm, page, 1, VM_R | VM_W);
	else if (perm != (VM_R | VM_W))
		return PIER_E_UNMAPPED;         /* not a page this grows: the fault is real */
	if (!rc)
		vm_flush(vm, page, 1);
	return rc;
}

/*
 * The same for a page of a program's image (kernel/image.c): a fresh
 * page with n bytes from src at offset at (the rest stays zero, as
 * page_alloc gives it), mapped with perm. Written through the direct map
 * before the leaf is made, so the program never sees it half filled. A
 * page already there answers as above: a stale "invalid" if its
 * permissions allow the access (need), else a real fault.
 */
int vm_fault_load(struct vm *vm, uint64_t va, unsigned perm, unsigned need,
		  const void *src, size_t at, size_t n)
{
	uint64_t page = va & ~(PAGE_SIZE - 1), pa;
	unsigned have;
	int rc;

	if (!vm_query(vm, page, &pa, &have)) {
		if ((have & need) != need || (have & VM_DEV))
			return PIER_E_UNMAPPED;
		vm_flush(vm, page, 1);
		return PIER_OK;
	}
	if (at > PAGE_SIZE || n > PAGE_SIZE - at)
		return PIER_E_ARG;
	if ((rc = vm_map_anon(vm, page, 1, perm)))
		return rc;
	if (n) {
		vm_query(vm, page, &pa, &have);
		memcpy((char *)pa_to_kva(pa) + at, src, n);
	}
	/* Code written by stores: the hart's instruction cache may hold
	 * what the page held before (RISC-V orders them only by fence.i).
	 * Pier runs on one hart for now (docs/design.md); with more, each
	 * would need one before it runs the page. */
	if (perm & VM_X)
		fence_i();
	vm_flush(vm, page, 1);
	return PIER_OK;
}
