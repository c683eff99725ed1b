/* uaccess.S's copy and reply writer, called as the leaves they are: only the registers they use change. */
#ifndef UACCESS_LEAF_H
#define UACCESS_LEAF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Copy n bytes between the kernel and the space on the CPU, by its own
 * page tables: 0, or -1 if a page faulted (a0-a2 and t0-t2 change).
 */
static inline int uaccess_copy(void *dst, const void *src, size_t n)
{
	register uintptr_t a0 __asm__("a0") = (uintptr_t)dst;
	register uintptr_t a1 __asm__("a1") = (uintptr_t)src;
	register size_t a2 __asm__("a2") = n;

	__asm__ volatile("call uaccess_copy_bytes"
			 : "+r"(a0), "+r"(a1), "+r"(a2) : : "t0", "t1", "t2", "ra", "memory");
	return (int)a0;
}

/*
 * A frame's rsz, rtype and rgrant, three 32-bit words at at (the space on
 * the CPU): 0, or -1 if the page faulted. A plain C call would make the
 * compiler keep every live value in a saved register around it; this
 * way the fast path's return case needs no stack frame but for ra.
 */
static inline int uaccess_result(void *at, uint32_t rsz, uint32_t rtype, uint32_t rgrant)
{
	register uintptr_t a0 __asm__("a0") = (uintptr_t)at;
	register uint64_t a1 __asm__("a1") = rsz;
	register uint64_t a2 __asm__("a2") = rtype;
	register uint64_t a3 __asm__("a3") = rgrant;

	__asm__ volatile("call uaccess_put_result"
			 : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3) : "t2", "ra", "memory");
	return (int)a0;
}

#endif
