/* Copies between the kernel and a space's memory, every byte checked against its page tables. */
#ifndef UACCESS_H
#define UACCESS_H

#include <stdint.h>
#include <stddef.h>

struct vm;

/*
 * A bad user pointer is a status (below), never a kernel trap. The space
 * on the CPU (vm_active) is reached through its own page tables, with a
 * fault inside the copy turned into PIER_E_UNMAPPED (arch/riscv/uaccess.S);
 * any other space by walking its tables and using the direct map.
 *   PIER_E_KERNEL_ADDR  it starts in the kernel half
 *   PIER_E_RANGE        it starts or ends outside user space
 *   PIER_E_UNMAPPED     a page is not mapped for the user, or lacks the permission
 */
int uaccess_check(struct vm *vm, uint64_t va, size_t len, unsigned perm);
int copy_from_user(struct vm *vm, void *dst, uint64_t va, size_t len);
int copy_to_user(struct vm *vm, uint64_t va, const void *src, size_t len);

#endif
