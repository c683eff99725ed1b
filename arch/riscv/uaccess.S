/* Copies to and from the space on the CPU, by its own page tables, with a fault made a status. */
#include "csr.h"

/*
 * The kernel reaches the memory of the space it runs in directly, with
 * sstatus.SUM set for the length of one copy. A page fault inside this
 * section is not a kernel bug: trap.S sends it to uaccess_fault, which
 * returns -1 from the copy. So these functions are leaves that keep
 * nothing on the stack, and ra still holds their caller when they fault.
 */
	.section .text.uaccess, "ax", @progbits
	.balign 4
	.globl uaccess_begin, uaccess_end
uaccess_begin:

/*
 * uaccess_copy_bytes(void *dst, const void *src, size_t n): a0 = 0, or -1
 * on a fault. Called only by uaccess_copy (uaccess_leaf.h), which tells
 * the compiler that a0-a2, t0-t2 and ra alone change: keep it so.
 */
	.globl uaccess_copy_bytes
	.type uaccess_copy_bytes, @function
uaccess_copy_bytes:
	li	t2, SSTATUS_SUM
	csrs	sstatus, t2
	add	t1, a1, a2		/* end of src */
	or	t0, a0, a1
	or	t0, t0, a2
	andi	t0, t0, 7
	bnez	t0, 2f
	beq	a1, t1, 3f
1:	ld	t0, 0(a1)		/* all three 8-byte aligned: words */
	sd	t0, 0(a0)
	addi	a1, a1, 8
	addi	a0, a0, 8
	bne	a1, t1, 1b
	j	3f
2:	beq	a1, t1, 3f		/* otherwise bytes */
	lbu	t0, 0(a1)
	sb	t0, 0(a0)
	addi	a1, a1, 1
	addi	a0, a0, 1
	j	2b
3:	csrc	sstatus, t2
	li	a0, 0
	ret
	.size uaccess_copy_bytes, . - uaccess_copy_bytes

/* int uaccess_frame(void *dst, const void *src): one 8-byte aligned struct pier_frame. */
	.globl uaccess_frame
	.type uaccess_frame, @function
uaccess_frame:
	li	t2, SSTATUS_SUM
	csrs	sstatus, t2
	.irp n, 0,8,16,24,32,40,48
	ld	t0, \n(a1)
	sd	t0, \n(a0)
	.endr
	csrc	sstatus, t2
	li	a0, 0
	ret
	.size uaccess_frame, . - uaccess_frame

/*
 * uaccess_put_result(void *at, u32 rsz, u32 rtype, u32 rgrant): what a
 * reply writes back into a frame; a0 = 0, or -1 on a fault. Called only
 * by uaccess_result (uaccess_leaf.h), which tells the compiler that
 * a0, t2 and ra alone change: keep it so, and uaccess_fault too.
 */
	.globl uaccess_put_result
	.type uaccess_put_result, @function
uaccess_put_result:
	li	t2, SSTATUS_SUM
	csrs	sstatus, t2
	sw	a1, 0(a0)
	sw	a2, 4(a0)
	sw	a3, 8(a0)
	csrc	sstatus, t2
	li	a0, 0
	ret
	.size uaccess_put_result, . - uaccess_put_result

uaccess_end:

/* Where a fault in [uaccess_begin, uaccess_end) resumes. */
	.globl uaccess_fault
	.type uaccess_fault, @function
uaccess_fault:
	li	t2, SSTATUS_SUM
	csrc	sstatus, t2
	li	a0, -1
	ret
	.size uaccess_fault, . - uaccess_fault
