/* pier_ecall: the one system call, as an ordinary function. */

/*
 * A real call rather than inline asm, so the compiler already treats the
 * caller-saved registers and all memory as clobbered: the kernel need only
 * keep ra, sp, gp, tp and s0-s11 across the ecall (it writes the frame
 * back for a call, and a call may suspend this activation for a while).
 */
	.section .text.pier_ecall, "ax", @progbits
	.globl pier_ecall
	.type pier_ecall, @function
pier_ecall:
	ecall				/* a0 = frame in, status out */
	ret
	.size pier_ecall, . - pier_ecall
