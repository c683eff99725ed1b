/* irqmask: a device's interrupt stays masked from delivery until the driver acknowledges or unmasks it. */

/*
 * The device is QEMU virt's goldfish RTC (given by init: dev= in
 * tests/qemu/manifests/irqmask.manifest, fetched with pier_my_device). An alarm set in the past fires
 * at once and holds its level-triggered line up until CLEAR_INTERRUPT.
 * Rewriting IRQ_ENABLED raises the line again: QEMU's PLIC latches a
 * source as pending only when the line is raised, so each phase raises it
 * afresh and checks whether a packet came.
 *  1. alarm -> IRQ packet 1; not acknowledged; line raised again;
 *     20 ms later still 1 packet. Acknowledge, raise: packet 2.
 *  2. clear, acknowledge, MASK; alarm again; 20 ms later still 2 packets.
 *     UNMASK, raise: packet 3.
 */
#include <stdio.h>
#include <libpier.h>

enum { TIME_LOW = 0x00, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c, IRQ_ENABLED = 0x10,
       CLEAR_INTERRUPT = 0x1c };
enum { WAIT_ACK = 1, ACKED, WAIT_UNMASK, UNMASKED };

static volatile uint32_t *rtc;
static uint32_t dev, irq_port, check_port;
static uint64_t wait_ticks;
static int irqs, phase, fails;

static void wr(uint32_t off, uint32_t v) { rtc[off / 4] = v; }

static void check(const char *what, int got, int want)
{
	if (got == want)
		printf("irqmask: PASS %s\n", what);
	else
		printf("irqmask: FAIL %s: got %d want %d\n", what, got, want), fails++;
}

static void later(void)
{
	pier_timer_set(check_port, PIER_TIMER_RELATIVE, wait_ticks, 0, 0, 0);
}

static void alarm_now(void)
{
	wr(ALARM_HIGH, 0);
	wr(ALARM_LOW, 0);	/* arms it; in the past, so it fires now */
}

static int on_irq(const struct pier_packet *pkt)
{
	if (pkt->type != PIER_MSG_IRQ)
		return PIER_E_TYPE;
	irqs++;
	if (irqs == 1) {
		wr(IRQ_ENABLED, 1);	/* raised while unacknowledged */
		later();
	} else if (irqs == 2) {
		check("packet 2 only after the acknowledge", phase, ACKED);
		wr(CLEAR_INTERRUPT, 1);
		check("acknowledge", pier_dev_irq_ack(dev), PIER_OK);
		check("mask", pier_dev_irq_mask(dev), PIER_OK);
		phase = WAIT_UNMASK;
		alarm_now();
		later();
	} else {
		check("packet 3 only after the unmask", phase, UNMASKED);
		wr(CLEAR_INTERRUPT, 1);
		check("last acknowledge", pier_dev_irq_ack(dev), PIER_OK);
		printf("irqmask: done\n");
		pier_exit(fails);
	}
	return PIER_OK;
}

static int on_check(const struct pier_packet *pkt)
{
	(void)pkt;
	if (phase == WAIT_ACK) {
		check("masked until acknowledged", irqs, 1);
		phase = ACKED;
		check("acknowledge", pier_dev_irq_ack(dev), PIER_OK);
	} else {
		check("masked until unmasked", irqs, 2);
		phase = UNMASKED;
		check("unmask", pier_dev_irq_unmask(dev), PIER_OK);
	}
	wr(IRQ_ENABLED, 1);	/* raise: the packet must come now */
	return PIER_OK;
}

int main(void)
{
	struct pier_time t;
	volatile void *regs;
	int rc;

	if ((rc = pier_my_device(&dev)) != PIER_OK ||
	    (rc = pier_dev_map(dev, &regs)) != PIER_OK ||
	    (rc = pier_time_now(&t)) != PIER_OK ||
	    (rc = pier_port_create(on_irq, 20, 0, 0, &irq_port)) != PIER_OK ||
	    (rc = pier_port_create(on_check, 10, 0, 0, &check_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind(dev, irq_port)) != PIER_OK) {
		printf("irqmask: FAIL setup: %s\n", pier_strerror(rc ? rc : PIER_E_HANDLE));
		return 1;
	}
	rtc = (volatile uint32_t *)regs;
	wait_ticks = t.hz / 50;
	phase = WAIT_ACK;
	wr(IRQ_ENABLED, 1);
	alarm_now();
	return 0;
}
