/* Trap entry and exit: save a user activation's registers into its context, restore the next one's. */
#include "csr.h"
#include "context.h"

/*
 * While user code runs, sscratch holds the address of its struct context;
 * while the kernel runs, sscratch is zero. So the first instruction tells
 * the two apart, and a trap from the kernel (always a bug: it runs with
 * interrupts off) gets its own path to the panic report.
 *
 * A system call saves only what C code may clobber: the caller-saved
 * registers, sp and the pc. The callee-saved ones (s0-s11, and gp and tp,
 * which kernel C never touches) stay live in the CPU through the C code,
 * and are stored only when the caller does not go straight on (see
 * ipc_next in kernel/ipc.h and docs/design.md). An interrupt
 * or fault saves everything.
 */
.macro save_caller	/* ra, t0-t2, a1-a7, t3-t6: all but a0 */
	.irp n, 1,5,6,7,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, \n*8(sp)
	.endr
.endm
.macro save_callee base	/* gp, tp, s0, s1, s2-s11 */
	.irp n, 3,4,8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, \n*8(\base)
	.endr
.endm

/*
 * Interrupts-off kernels only (-DPIER_IRQOFF, make bench; irqoff.c):
 * instret and scause at every entry from user mode, and a call to
 * irqoff_exit before every return to it, which keeps only a0 (the
 * context about to run) and the callee-saved registers C keeps anyway.
 * In every other build both are empty.
 */
.macro irqoff_stamp
#ifdef PIER_IRQOFF
	sd	t0, 5*8(sp)
	sd	t1, 6*8(sp)
	csrr	t0, instret
	lla	t1, irqoff_entry
	sd	t0, 0(t1)
	csrr	t0, scause
	sd	t0, 8(t1)
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
#endif
.endm
.macro irqoff_end
#ifdef PIER_IRQOFF
	addi	sp, sp, -16
	sd	a0, 0(sp)
	call	irqoff_exit
	ld	a0, 0(sp)
	addi	sp, sp, 16
#endif
.endm

/* A kernel trap's context on the kernel stack, kept 16-byte aligned for C. */
	.equ	KTRAP_FRAME, (CTX_SIZE + 15) & ~15
/* A system call's: the port and frame address, then a copy of the frame. */
	.equ	ECALL_FRAME, (16 + FRAME_SIZE + 15) & ~15

	.section .text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	sp, sscratch, sp
	beqz	sp, trap_from_kernel
	irqoff_stamp

	save_caller
	csrrw	t0, sscratch, zero	/* the user sp; sscratch = 0: in kernel now */
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	csrr	t1, scause
	li	t2, CAUSE_ECALL_U
	bne	t1, t2, trap_other

	/* The system call: a0 = the frame's address. */
	addi	t0, t0, 4		/* resume after the ecall */
	sd	t0, CTX_PC(sp)
	mv	a1, a0
	mv	a0, sp
	lla	sp, boot_stack_top	/* one hart, one kernel stack */
	addi	sp, sp, -ECALL_FRAME	/* the port, the frame's address, the frame */
	sd	a0, 0(sp)
	sd	a1, 8(sp)
	/* A copy of the frame for the fast path, if it is 8-byte aligned,
	 * starts in user space and is readable; else the slow path says why.
	 * (Past the end of user space the addresses are not canonical, so a
	 * frame that runs over faults.) */
	andi	t0, a1, 7
	bnez	t0, ecall_slow
	srli	t0, a1, USER_VA_BITS
	bnez	t0, ecall_slow
	addi	a0, sp, 16
	call	uaccess_frame		/* keeps a1; -1 if it faulted */
	bnez	a0, ecall_slow
	ld	a0, 0(sp)
	addi	a2, sp, 16
	call	ipc_fast		/* an ipc_next, or 0: not its case */
	bnez	a0, ecall_out
ecall_slow:
	ld	a0, 0(sp)
	ld	a1, 8(sp)
	save_callee a0		/* the slow path keeps the whole context */
	call	ipc_slow		/* keeps only a caller that goes straight on */

/*
 * a0 = the context to run (0: none, the kernel picks), with bit 0
 * (IPC_KEEP) set if the caller's callee-saved registers must be kept:
 * stored into its context, or, when it is the one to run, left in place
 * while only its caller-saved registers are reloaded. (A port begins
 * with its context: see ipc_next in kernel/ipc.h.)
 */
ecall_out:
	andi	t0, a0, 1
	andi	a0, a0, -2
	beqz	t0, 1f
	ld	a1, 0(sp)		/* the caller */
	beq	a0, a1, ecall_resume
	save_callee a1
1:	bnez	a0, user_return
	call	kernel_dispatch		/* does not return */

ecall_resume:
	irqoff_end
	ld	t0, CTX_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	.irp n, 1,2,5,6,7,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, \n*8(a0)
	.endr
	ld	a0, 10*8(a0)
	sret

/*
 * The trap vector while the FPU's owner runs with sstatus.FS on (set by
 * fpu_trap, arch/riscv/fpu.c, just before it returns to the owner). Any
 * trap from the owner turns FS off again, noting whether it was Dirty,
 * puts trap_entry back, and goes on there. So every return to user mode
 * finds FS off unless fpu_trap just lent the FPU, and a switch between
 * ports costs nothing for it. An illegal instruction taken with FS on is
 * noted too: it is not one the FPU's absence made illegal (fpu_trap).
 */
	.balign 4
	.globl trap_entry_fp
trap_entry_fp:
	csrrw	sp, sscratch, sp
	beqz	sp, 3f			/* from S-mode: not the owner's; as usual */
	sd	t0, 5*8(sp)		/* trap_entry saves them again */
	sd	t1, 6*8(sp)
	csrr	t0, sstatus
	li	t1, SSTATUS_FS
	csrc	sstatus, t1
	and	t0, t0, t1
	bne	t0, t1, 1f		/* Dirty is both bits */
	li	t0, 1
	sb	t0, fpu_dirty, t1
1:	csrr	t0, scause
	addi	t0, t0, -CAUSE_ILLEGAL_INSN
	bnez	t0, 2f
	li	t0, 1
	sb	t0, fpu_was_on, t1
2:	lla	t0, trap_entry
	csrw	stvec, t0
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
3:	csrrw	sp, sscratch, sp
	j	trap_entry

/* An interrupt or a fault: keep the rest of the context, then C decides. */
trap_other:
	sd	t0, CTX_PC(sp)
	sd	a0, 10*8(sp)
	save_callee sp
	mv	a0, sp
	lla	sp, boot_stack_top
	call	trap_user		/* does not return */

/* a0 = struct context to resume in U-mode. */
	.globl user_return
user_return:
	irqoff_end
	ld	t0, CTX_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	lwu	t0, CTX_FRESH(a0)
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
	sd	zero, CTX_FRESH(a0)	/* fresh and fp: no FP state yet (fpu.c) */
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
	addi	sp, sp, -KTRAP_FRAME
	save_caller
	sd	a0, 10*8(sp)
	save_callee sp
	addi	t0, sp, KTRAP_FRAME
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, CTX_PC(sp)
	mv	a0, sp
	call	trap_kernel		/* does not return */
1:	wfi
	j	1b
