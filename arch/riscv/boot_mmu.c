/* The first page table, built with the MMU off: kernel image, direct map of RAM, identity for the switch. */
#include <stdint.h>
#include <stddef.h>
#include "board.h"
#include "physmap.h"
#include "pte.h"
#include "sbi.h"
#include "boot.h"

/*
 * This file runs before satp is written, at the physical load address,
 * while everything is linked for KERNEL_VA. It may only use PC-relative
 * addressing: no tables of pointers, no absolute addresses in data. Its
 * results (the tables and boot_board) are plain data and stay valid once
 * the kernel runs at its link address.
 */

#define GIB (1ul << 30)
#define MIB2 (1ul << 21)
#define KIMG_L0_MAX 8           /* kernel image up to 16 MiB, mapped with 4 KiB pages */
#define DMAP_L1_MAX 16          /* RAM edges that are not whole GiBs */
/* The direct map stops where the kernel image's GiB begins (254 GiB of
 * physical addresses): RAM from here up is left unmapped. */
#define DMAP_PA_END (KERNEL_VA - PHYS_OFFSET)

pte_t kernel_root[512] __attribute__((aligned(4096)));
static pte_t kimg_l1[512] __attribute__((aligned(4096)));
static pte_t kimg_l0[KIMG_L0_MAX][512] __attribute__((aligned(4096)));
static pte_t dmap_l1[DMAP_L1_MAX][512] __attribute__((aligned(4096)));
static int dmap_l1_used;

struct board boot_board;
uint64_t boot_load_pa;
int boot_identity_slot;
uint64_t boot_dmap_end;         /* the direct map covers all RAM below it, none above */

extern char _kernel_start[], _etext[], _erodata[], _kernel_end[];

static void boot_fail(const char *msg)
{
	while (*msg)
		sbi_putchar(*msg++);
	for (;;)
		__asm__ volatile("wfi");
}

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;  /* the MMU is off: addresses are physical */
}

/* Map [pa, pa+size) of RAM at PHYS_OFFSET + pa: gigapages where whole, else 2 MiB pages. */
static void boot_map_ram(uint64_t pa, uint64_t size)
{
	uint64_t end = (pa + size + MIB2 - 1) & ~(MIB2 - 1);

	pa &= ~(MIB2 - 1);
	while (pa < end) {
		uint64_t va = PHYS_OFFSET + pa;
		unsigned r = (va >> 30) & 511;

		/* Not r == 510: a range that starts above 256 GiB would wrap
		 * around to the lower half. Left unmapped; setup.c says so. */
		if (pa >= DMAP_PA_END)
			break;
		if ((pa & (GIB - 1)) == 0 && end - pa >= GIB &&
		    !(kernel_root[r] & PTE_V)) {
			kernel_root[r] = pte_make(pa, PTE_R | PTE_W | PTE_G);
			pa += GIB;
			continue;
		}
		if (!(kernel_root[r] & PTE_V)) {
			if (dmap_l1_used == DMAP_L1_MAX)
				boot_fail("pier: too many memory fragments to map\n");
			kernel_root[r] = pte_table(pa_of(dmap_l1[dmap_l1_used++]));
		}
		if (pte_is_leaf(kernel_root[r])) {
			pa = (pa & ~(GIB - 1)) + GIB;
			continue;
		}
		pte_t *l1 = (pte_t *)(uintptr_t)pte_pa(kernel_root[r]);
		l1[(va >> 21) & 511] = pte_make(pa, PTE_R | PTE_W | PTE_G);
		pa += MIB2;
	}
	if (pa > DMAP_PA_END)
		pa = DMAP_PA_END;       /* a range starting above it mapped nothing */
	if (pa > boot_dmap_end)
		boot_dmap_end = pa;
}

/* Map the kernel image at its link address with 4 KiB pages, so text is never writable. */
static void boot_map_kernel(uint64_t load_pa)
{
	uint64_t size = pa_of(_kernel_end) - pa_of(_kernel_start);
	uint64_t text = pa_of(_etext) - pa_of(_kernel_start);
	uint64_t ro = pa_of(_erodata) - pa_of(_kernel_start);
	uint64_t npages = size / PAGE_SIZE;

	if (npages > KIMG_L0_MAX * 512ul)
		boot_fail("pier: kernel image too large\n");
	kernel_root[(KERNEL_VA >> 30) & 511] = pte_table(pa_of(kimg_l1));
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t off = i * PAGE_SIZE;
		uint64_t perm = off < text ? PTE_R | PTE_X :
				off < ro ? PTE_R : PTE_R | PTE_W;
		pte_t *l0 = kimg_l0[i / 512];

		kimg_l1[((KERNEL_VA >> 21) & 511) + i / 512] = pte_table(pa_of(l0));
		l0[i % 512] = pte_make(load_pa + off, perm | PTE_G);
	}
}

uint64_t boot_mmu(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa)
{
	(void)hartid;
	if (load_pa & (MIB2 - 1))
		boot_fail("pier: must be loaded at a 2 MiB-aligned address\n");
	if (board_from_fdt((const void *)(uintptr_t)dtb_pa, FDT_MAX_SIZE,
			   &boot_board) != 0)
		boot_fail("pier: cannot read the device tree\n");
	boot_load_pa = load_pa;
	boot_map_kernel(load_pa);
	for (uint32_t i = 0; i < boot_board.nmem; i++)
		boot_map_ram(boot_board.mem[i].base, boot_board.mem[i].size);

	/* The instructions around the satp write run at their physical
	 * address: map that GiB to itself until kernel_main removes it. */
	boot_identity_slot = (load_pa >> 30) & 511;
	kernel_root[boot_identity_slot] =
		pte_make(load_pa & ~(GIB - 1), PTE_R | PTE_W | PTE_X);
	return SATP_MODE_SV39 | (pa_of(kernel_root) >> 12);
}
