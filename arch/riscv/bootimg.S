/* The boot image: a cpio archive of programs, linked into the kernel's read-only data. */
	.section .rodata.bootimg, "a"
	.balign 16
	.globl bootimg_start, bootimg_end
bootimg_start:
	.incbin BOOTIMG_PATH
bootimg_end:
