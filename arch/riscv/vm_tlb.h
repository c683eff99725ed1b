/* The TLB and the cached writable answers of a space, after its tables changed (arch/riscv/vm.c). */
#ifndef VM_TLB_H
#define VM_TLB_H

#include <stddef.h>
#include <stdint.h>
#include "vm.h"

/* Drop vm's translations and what uaccess knows of [va, va + npages pages)
 * (npages 0: everywhere). */
void vm_flush(struct vm *vm, uint64_t va, size_t npages);

#endif
