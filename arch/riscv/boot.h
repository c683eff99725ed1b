/* What the boot code leaves behind for the rest of the kernel. */
#ifndef BOOT_H
#define BOOT_H

#include <stdint.h>
#include "board.h"
#include "pte.h"

extern pte_t kernel_root[512];
extern struct board boot_board;
extern uint64_t boot_load_pa;
extern int boot_identity_slot;
extern uint64_t boot_dmap_end;
extern char _kernel_start[], _etext[], _erodata[], _kernel_end[];
extern char bootimg_start[], bootimg_end[];
extern char boot_stack_top[];

uint64_t boot_mmu(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa);

/* The physical address of something in the kernel image (not the direct map). */
static inline uint64_t kimg_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p - KERNEL_VA + boot_load_pa;
}

#endif
