/* bench: figure 6, an interrupt to its handler's first instruction. */

/*
 * It needs the benchmark kernel (-DPIER_BENCH, built by make bench): a
 * normal one leaves the packet's stamp 0, and the samples fail. It uses
 * QEMU virt's goldfish RTC, which init gives us (bench.manifest): an
 * alarm at time 0 is past, so the store arming it raises the interrupt
 * at once. What each key measures, and why, is in docs/performance.md.
 */
#include <string.h>
#include "figures.h"

enum { ALARM_LOW = 0x08, ALARM_HIGH = 0x0c, IRQ_ENABLED = 0x10,
       CLEAR_INTERRUPT = 0x1c };


static volatile uint32_t *rtc;
static uint32_t dev, irq_port;

/* Written by the handler, read by the driver after it ran. */
static volatile unsigned irq_count;
static uint64_t irq_entry, irq_kstamp;
static int irq_rc;

static int h_irq(const struct pier_packet *pkt, uint64_t stamp)
{
	struct pier_irq_fired f;

	if (pkt->type != PIER_MSG_IRQ || pkt->size != sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	irq_entry = stamp;
	irq_kstamp = f.stamp;
	rtc[CLEAR_INTERRUPT / 4] = 1;	/* lower the line before completing it */
	irq_rc = pier_dev_irq_ack(dev);
	irq_count++;
	return PIER_OK;
}

int irq_setup(void)
{
	volatile void *regs;
	int rc;

	if ((rc = pier_my_device(&dev)) != PIER_OK)
		return rc;
	if ((rc = pier_dev_map(dev, &regs)) != PIER_OK ||
	    (rc = port_new(bench_entry, (uintptr_t)h_irq, PRIO_IRQ, 0,
			   &irq_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind(dev, irq_port)) != PIER_OK)
		return rc;
	rtc = (volatile uint32_t *)regs;
	rtc[ALARM_HIGH / 4] = 0;	/* each sample's ALARM_LOW store arms time 0 */
	rtc[IRQ_ENABLED / 4] = 1;
	return PIER_OK;
}

/*
 * One interrupt, raised by the store after the driver's stamp u. WHOLE:
 * from the trap (u, less the store) to the handler's stamp; TO_KERNEL: to
 * the kernel's stamp; FROM_KERNEL: from the kernel's stamp.
 */
static int irq_once(enum part part, uint32_t *d)
{
	unsigned n = irq_count;
	uint64_t u;

	u = instret_then_store0(&rtc[ALARM_LOW / 4]);
	if (irq_count != n + 1)
		return PIER_E_STATE;
	if (!irq_kstamp)
		return PIER_E_UNSUPPORTED;	/* not the benchmark kernel */
	*d = (uint32_t)(part == WHOLE ? irq_entry - u - 1 :
			part == TO_KERNEL ? irq_kstamp - u - 1 :
			irq_entry - irq_kstamp);
	return irq_rc;
}

int s_irq(uint32_t *d)
{
	return irq_once(WHOLE, d);
}

int s_irq_entry(uint32_t *d)
{
	return irq_once(TO_KERNEL, d);
}

int s_irq_stamp(uint32_t *d)
{
	return irq_once(FROM_KERNEL, d);
}
