/* Trap entry and exit: save a user activation's registers into its context, restore the next one's. */
#include "csr.h"
#include "context.h"

/*
 * While user code runs, sscratch holds the address of its struct context;
 * while the kernel runs, sscratch is zero. So the first instruction tells
 * the two apart, and a trap from the kernel (always a bug: it runs with
 * interrupts off) gets its own path to the panic report.
 */
/* Store x1 and x3..x31 at their slots of the struct context at sp. */
.macro save_gprs
	sd	x1, 1*8(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, \n*8(sp)
	.endr
.endm

	.section .text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	sp, sscratch, sp
	beqz	sp, trap_from_kernel

	save_gprs
	csrrw	t0, sscratch, zero	/* the user sp; sscratch = 0: in kernel now */
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, CTX_PC(sp)

	mv	a0, sp
	ld	sp, CTX_KSP(a0)
	call	trap_user		/* returns the context to resume */
	/* fall through */

/* a0 = struct context to resume in U-mode. */
	.globl user_return
user_return:
	lla	t0, boot_stack_top	/* one hart, one kernel stack */
	sd	t0, CTX_KSP(a0)
	ld	t0, CTX_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	t0, CTX_FRESH(a0)
	bnez	t0, user_start

	ld	x1, 1*8(a0)
	ld	x2, 2*8(a0)
	ld	x3, 3*8(a0)
	ld	x4, 4*8(a0)
	ld	x5, 5*8(a0)
	ld	x6, 6*8(a0)
	ld	x7, 7*8(a0)
	ld	x8, 8*8(a0)
	ld	x9, 9*8(a0)
	ld	x11, 11*8(a0)
	ld	x12, 12*8(a0)
	ld	x13, 13*8(a0)
	ld	x14, 14*8(a0)
	ld	x15, 15*8(a0)
	ld	x16, 16*8(a0)
	ld	x17, 17*8(a0)
	ld	x18, 18*8(a0)
	ld	x19, 19*8(a0)
	ld	x20, 20*8(a0)
	ld	x21, 21*8(a0)
	ld	x22, 22*8(a0)
	ld	x23, 23*8(a0)
	ld	x24, 24*8(a0)
	ld	x25, 25*8(a0)
	ld	x26, 26*8(a0)
	ld	x27, 27*8(a0)
	ld	x28, 28*8(a0)
	ld	x29, 29*8(a0)
	ld	x30, 30*8(a0)
	ld	x31, 31*8(a0)
	ld	x10, 10*8(a0)
	sret

/* A new activation (ctx_start): pc, sp, a0 and a1 from the context, every other register zero. */
user_start:
	sd	zero, CTX_FRESH(a0)
	ld	sp, 2*8(a0)
	ld	a1, 11*8(a0)
	.irp n, 1,3,4,5,6,7,8,9,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\n, 0
	.endr
	ld	a0, 10*8(a0)
	sret

/*
 * A trap taken in S-mode. A page or access fault inside a user copy
 * (arch/riscv/uaccess.S) resumes at uaccess_fault, which makes it a
 * status; anything else is a kernel bug: save everything on the kernel
 * stack and report.
 */
trap_from_kernel:
	csrrw	sp, sscratch, sp	/* back to the kernel sp; sscratch = 0 again */
	addi	sp, sp, -16
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	csrr	t0, sepc
	lla	t1, uaccess_begin
	bltu	t0, t1, 1f
	lla	t1, uaccess_end
	bgeu	t0, t1, 1f
	lla	t0, uaccess_fault
	csrw	sepc, t0
	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 16
	sret
1:	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 16
	addi	sp, sp, -CTX_SIZE
	save_gprs
	addi	t0, sp, CTX_SIZE
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, CTX_PC(sp)
	mv	a0, sp
	call	trap_kernel		/* does not return */
1:	wfi
	j	1b
