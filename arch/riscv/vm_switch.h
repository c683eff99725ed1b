/* The space switch's common case, inline: a space whose ASID is of this generation. */
#ifndef VM_SWITCH_H
#define VM_SWITCH_H

#include <stdbool.h>
#include <stdint.h>
#include "csr.h"
#include "asid.h"
#include "vm.h"

static inline uint64_t satp_of(uint64_t root_pa, uint32_t asid)
{
	return SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root_pa >> 12);
}

/* Charge the space leaving the CPU (or the kernel's, NULL: nobody) its time since the last switch. */
static inline void vm_cpu_account(void)
{
	uint64_t now = csr_read(time);

	if (vm_active)
		vm_active->cpu_ticks += now - vm_cpu_since;
	vm_cpu_since = now;
}

/* Switch to vm if its ASID is of this generation: no flush, the TLB
 * entries of both spaces stay. False: vm_switch must give it a number. */
static inline bool vm_switch_quick(struct vm *vm)
{
	if (vm->asid_gen != asid_generation)
		return false;
	vm_cpu_account();
	csr_write(satp, satp_of(vm->root_pa, vm->asid));
	vm_active = vm;
	return true;
}

#endif
