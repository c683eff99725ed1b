/* A page fault's answer: one fresh page where a space may grow (its handler stacks), the TLB told. */
#include <pier/status.h>
#include "vm.h"
#include "physmap.h"
#include "vm_tlb.h"

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
