/* Copies between the kernel and a space's memory, every byte checked against its page tables. */
#ifndef UACCESS_H
#define UACCESS_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "vm.h"
#include "physmap.h"
#include <pier/status.h>

/*
 * A bad user pointer is a status (below), never a kernel trap. The space
 * on the CPU (vm_active) is reached through its own page tables, with a
 * fault inside the copy turned into PIER_E_UNMAPPED (arch/riscv/uaccess.S);
 * any other space by walking its tables and using the direct map.
 *   PIER_E_KERNEL_ADDR  it starts in the kernel half
 *   PIER_E_RANGE        it starts or ends outside user space
 *   PIER_E_UNMAPPED     a page is not mapped for the user, or lacks the permission
 * A page of a handler stack not touched yet, or of the program's image
 * not loaded yet, is touched by the copy, as the program's own access
 * would: mapped and charged to that space (port_stack_grow,
 * image_fault; a write into a read-only segment is PIER_E_UNMAPPED and
 * loads nothing), or, if it cannot be had:
 *   PIER_E_QUOTA        the space's quota is used up
 *   PIER_E_NOMEM        the machine has no free page
 */
int uaccess_check(struct vm *vm, uint64_t va, size_t len, unsigned perm);
/*
 * uaccess_check(vm, va, len, VM_W) for a call's reply buffer, which a
 * reply fills with PIER_PACKET_MAX bytes at most: only the stack pages of
 * those are touched now, and a stack further down counts as writable
 * untouched. So a buffer as large as a whole stack costs no more than
 * one reply's pages.
 */
int uaccess_check_rbuf(struct vm *vm, uint64_t va, size_t len);
int copy_from_user_walk(struct vm *vm, void *dst, uint64_t va, size_t len);
/* int uaccess_copy(void *dst, const void *src, size_t n) (arch, in
 * uaccess_leaf.h below): copy with the user's own page tables; -1 if a
 * page faulted. */

/* True if [va, va + len) is known writable: one page found writable lately. */
static inline int uaccess_w_known(const struct vm *vm, uint64_t va, size_t len)
{
	uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1);

	return len ? (va & (PAGE_SIZE - 1)) + len <= PAGE_SIZE &&
		     (page == vm->wok[0] || page == vm->wok[1]) : va < USER_END;
}

/* uaccess_check(vm, va, len, VM_W), at once when it is known writable. */
static inline int uaccess_check_w(struct vm *vm, uint64_t va, size_t len)
{
	return uaccess_w_known(vm, va, len) ? 0 : uaccess_check(vm, va, len, VM_W);
}

/* int uaccess_result(void *at, u32 rsz, u32 rtype, u32 rgrant) (arch):
 * a frame's rsz, rtype and rgrant into the space on the CPU; -1 on a fault. */
#include "uaccess_leaf.h"
/* uaccess_copy for one whole frame, unrolled: every system call reads one. */
int uaccess_frame(void *dst, const void *src);

/* Is [va, va + len) in user space? */
static inline bool uaccess_user_range(uint64_t va, size_t len)
{
	return va < USER_END && len <= USER_END - va;
}

/* The space on the CPU is read directly; after a fault, its tables are
 * walked (which touches a stack page, or says why not). */
static inline int copy_from_user(struct vm *vm, void *dst, uint64_t va, size_t len)
{
	if (vm == vm_active && uaccess_user_range(va, len) &&
	    (!len || !uaccess_copy(dst, (const void *)va, len)))
		return 0;
	return copy_from_user_walk(vm, dst, va, len);
}
int copy_to_user(struct vm *vm, uint64_t va, const void *src, size_t len);

#endif
