/* Copies between the kernel and a space's memory, every byte checked against its page tables. */
#ifndef UACCESS_H
#define UACCESS_H

#include <stdint.h>
#include <stddef.h>

struct vm;

/*
 * The kernel never dereferences a user pointer: it walks the space's page
 * tables and reaches the page through the direct map. So a bad pointer is
 * a status (below), never a trap, and a copy works for any space, not only
 * the one on the CPU.
 *   PIER_E_KERNEL_ADDR  it starts in the kernel half
 *   PIER_E_RANGE        it starts or ends outside user space
 *   PIER_E_UNMAPPED     a page is not mapped for the user, or lacks the permission
 */
int uaccess_check(const struct vm *vm, uint64_t va, size_t len, unsigned perm);
int copy_from_user(const struct vm *vm, void *dst, uint64_t va, size_t len);
int copy_to_user(const struct vm *vm, uint64_t va, const void *src, size_t len);

#endif
