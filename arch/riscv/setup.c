/* After the MMU is on: drop the identity map, take traps, seed the page allocator, start the kernel. */
#include <pier/pier.h>
#include "boot.h"
#include "csr.h"
#include "page.h"
#include "physmap.h"
#include "kmain.h"
#include "log.h"
#include "kio.h"
#include "plic.h"
#include "arch.h"
#include "asid.h"
#include "fpu.h"
#include "fp_insn.h"

extern char trap_entry[];

/* The flattened device tree's header says how long it is (big-endian). */
static uint32_t fdt_total_size(uint64_t dtb_pa)
{
	const uint8_t *h = pa_to_kva(dtb_pa);

	return (uint32_t)h[4] << 24 | h[5] << 16 | h[6] << 8 | h[7];
}

/* Everything that is RAM but not free: us, the device tree, the firmware's regions. */
static int boot_reserved(uint64_t dtb_pa, struct page_range *r)
{
	const struct board *b = &boot_board;
	int n = 0;

	r[n++] = (struct page_range){ boot_load_pa,
		(uint64_t)(_kernel_end - _kernel_start) };
	r[n++] = (struct page_range){ dtb_pa, fdt_total_size(dtb_pa) };
	for (uint32_t i = 0; i < b->nreserved; i++)
		r[n++] = (struct page_range){ b->reserved[i].base, b->reserved[i].size };
	return n;
}

static void report_harts(const struct board *b, uint64_t hartid)
{
	uint32_t usable = 0;

	for (uint32_t i = 0; i < b->nharts; i++)
		usable += b->harts[i].usable;
	kprintf("pier: boot hart %lu, %u harts (%u usable; the others stay parked)\n",
		hartid, b->nharts, usable);
	kprintf("pier: %s, timebase %lu Hz\n", b->model[0] ? b->model : "unknown board",
		b->timebase_hz);
}

static const struct board_hart *hart_of(const struct board *b, uint64_t hartid)
{
	for (uint32_t i = 0; i < b->nharts; i++)
		if (b->harts[i].hartid == hartid)
			return &b->harts[i];
	return NULL;
}

/* The PLIC context and Sstc of the boot hart come from the device tree. */
static void interrupts_init(const struct board *b, uint64_t hartid)
{
	const struct board_hart *h = hart_of(b, hartid);

	if (!h)
		panic("boot hart %lu is not in the device tree", hartid);
	arch_timer_init(h->sstc);
	/* User code has the FPU only if the boot hart's riscv,isa names F
	 * and D; elsewhere an FP instruction is a fault, reported as such. */
	fpu_init(isa_has_fd(h->isa));
	kprintf("pier: floating point %s\n", fpu_present ?
		"(F, D) for user code, switched lazily" : "absent: FP instructions fault");
	if (!b->plic.present || h->plic_s_ctx < 0) {
		kprintf("pier: no PLIC context for hart %lu: no device interrupts\n", hartid);
		return;
	}
	if (!plic_init(b->plic.base, b->plic.size, b->plic.ndev, h->plic_s_ctx))
		panic("cannot map the PLIC");
	kprintf("pier: PLIC at 0x%lx, %u sources, context %d; timer %s\n",
		b->plic.base, b->plic.ndev, h->plic_s_ctx,
		h->sstc ? "by stimecmp (Sstc)" : "by SBI");
}

_Noreturn void kernel_main(uint64_t hartid, uint64_t dtb_pa)
{
	struct page_range ram[BOARD_MAX_MEM], res[BOARD_MAX_RESERVED + 2];
	const struct board *b = &boot_board;
	int nram, nres, rc;

	kernel_root[boot_identity_slot] = 0;
	sfence_vma();
	csr_write(stvec, trap_entry);
	csr_write(sscratch, 0);
	/* SPP: every sret goes to U-mode. Only a trap from S-mode sets it
	 * again, and the only one the kernel survives (a user copy's fault,
	 * arch/riscv/uaccess.S) ends in an sret, which clears it.
	 * FS and VS: off (the firmware may have left them on). FS goes on
	 * only for the context that owns the FPU (fpu.c), whose registers
	 * are loaded or zeroed first. VS is never turned on: the kernel
	 * saves no vector registers, so a vector instruction is an
	 * illegal-instruction fault like any other. */
	csr_clear(sstatus, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_FS | SSTATUS_VS | SSTATUS_SPP);
	/* User code may read cycle, time and instret: the benchmarks count
	 * instructions with rdinstret, and time is no secret. */
	csr_write(scounteren, 7);
	asid_init();
	kprintf("\n");
	report_harts(b, hartid);
	kprintf("pier: loaded at 0x%lx\n", boot_load_pa);

	for (uint32_t i = 0; i < b->nmem; i++)
		ram[i] = (struct page_range){ b->mem[i].base, b->mem[i].size };
	/* Only what the direct map covers (boot_mmu.c): the allocator's
	 * pages are zeroed and used through it. */
	nram = (int)b->nmem;
	if (page_ranges_below(ram, &nram, boot_dmap_end))
		kprintf("pier: RAM above 0x%lx is not mapped and not used\n",
			boot_dmap_end);
	nres = boot_reserved(dtb_pa, res);
	rc = page_init(ram, nram, res, nres);
	if (rc)
		panic("cannot set up the page allocator: status %d", rc);
	kio_init();
	interrupts_init(b, hartid);
	kernel_start(b, hartid, pa_to_kva(dtb_pa), fdt_total_size(dtb_pa));
}
