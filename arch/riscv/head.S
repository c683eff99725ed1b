/* Boot entry: the RISC-V "Image" header, then the first instructions after OpenSBI. */
#include "csr.h"

/*
 * The 64-byte header lets U-Boot's booti and QEMU's -kernel load this file
 * as they load Linux: text_offset says where above RAM base it wants to
 * sit, image_size covers bss too, and magic2 "RSC\x05" sits at 0x38.
 */
	.section .head, "ax"
	.globl _start
_start:
	j	boot_entry		/* code0 */
	.word	0			/* code1 */
	.dword	0x200000		/* text_offset */
	.dword	_image_size		/* image_size, bss included */
	.dword	0			/* flags: little endian */
	.word	2			/* header version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3: no PE/COFF header */

/*
 * OpenSBI enters in S-mode with a0 = hart id, a1 = device tree, the MMU off,
 * at whatever physical address we were loaded to. Until satp is written,
 * only PC-relative addressing works, so this code and boot_mmu() use lla
 * and never load an absolute address.
 */
	.section .text.boot, "ax"
boot_entry:
	csrw	sie, zero
	csrw	sscratch, zero
	mv	s0, a0
	mv	s1, a1
	lla	sp, boot_stack_top

	/* bss must be zero before any C runs. */
	lla	t0, _bss_start
	lla	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	mv	a0, s0
	mv	a1, s1
	lla	a2, _start
	call	boot_mmu		/* returns the satp value to use */

	/* The identity map boot_mmu made keeps this code running after the switch. */
	sfence.vma
	csrw	satp, a0
	sfence.vma

	/* Now move to the link address: pc, sp, and from here on absolute addresses work. */
	lla	t0, _start
	ld	t1, kernel_va_of_start
	sub	t2, t1, t0		/* virtual minus physical */
	add	sp, sp, t2
	ld	t3, kernel_main_addr
	mv	a0, s0
	mv	a1, s1
	jr	t3

	.balign 8
kernel_va_of_start:
	.dword	_start
kernel_main_addr:
	.dword	kernel_main

	.section .bss
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
