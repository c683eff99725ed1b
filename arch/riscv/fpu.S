/* The FPU's registers to and from a context (fpu.c), and zeroed for a new owner. */
#include "context.h"

/*
 * The kernel is built without F and D (it never touches the FPU by
 * itself); these three routines alone name FP registers, so only they
 * are assembled with D. fpu.c calls them with sstatus.FS on.
 */
	.option	push
	.option	arch, +d
	.section .text
	.balign 4

/* fpu_save(struct context *c): f0-f31 and fcsr into c. */
	.globl	fpu_save
fpu_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, CTX_F+\n*8(a0)
	.endr
	frcsr	t0
	sd	t0, CTX_F+32*8(a0)
	ret

/* fpu_load(const struct context *c): f0-f31 and fcsr from c. */
	.globl	fpu_load
fpu_load:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, CTX_F+\n*8(a0)
	.endr
	ld	t0, CTX_F+32*8(a0)
	fscsr	t0
	ret

/* fpu_zero(void): every FP register +0.0 (all bits zero), fcsr 0 (round to nearest, no flags). */
	.globl	fpu_zero
fpu_zero:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, zero
	.endr
	fscsr	zero
	ret
	.option	pop
