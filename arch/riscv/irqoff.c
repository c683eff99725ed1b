/* Interrupts-off kernels only (-DPIER_IRQOFF, make bench): the longest stretch the kernel ran with interrupts off. */
#ifdef PIER_IRQOFF
#include <pier/pier.h>
#include "csr.h"
#include "arch.h"
#include "irqoff.h"

/*
 * The kernel always runs with interrupts off (sstatus.SIE clear), and
 * user mode always with them on. So a stretch runs from an entry (trap.S
 * stamps instret at trap_entry's fifth instruction, once it has saved a
 * register to use) to the return to user mode (the stamp below, called
 * before trap.S reloads the user's registers) or to wfi in the idle
 * loop, which a pending interrupt ends. Boot, before init first runs,
 * has no entry stamp and is not counted.
 */
uint64_t irqoff_entry[2];       /* instret at the latest entry, 0 once it ended; its scause */
static struct pier_irqoff worst;

void irqoff_exit(void)
{
	uint64_t now = csr_read(instret), d = now - irqoff_entry[0];

	if (!irqoff_entry[0])
		return;
	worst.stretches++;
	if (d > worst.max) {
		worst.max = d;
		worst.cause = irqoff_entry[1];
		worst.start = irqoff_entry[0];
	}
	irqoff_entry[0] = 0;
}

void irqoff_wake(void)
{
	irqoff_entry[0] = csr_read(instret);
	irqoff_entry[1] = PIER_IRQOFF_IDLE;
}

void arch_irqoff(struct pier_irqoff *out)
{
	*out = worst;
}
#endif
