/* multidev: one device handle for several register ranges and interrupts, each named by index. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include "dtdev.h"

/*
 * Started with super (PIER_TASK_DEVICE needs PIER_R_SUPER), on QEMU virt.
 * A handle covering two virtio-mmio slots: both mapped (each shows the
 * virtio magic), both interrupts bound, PIER_DEV_INFO says all of it.
 * Then a handle over a virtio slot and the goldfish RTC whose second
 * interrupt (index 1) is fired for real: the packet names index 1 and
 * the RTC's source, and is acknowledged by index. Hostile requests in
 * between: too many ranges or interrupts, a source repeated, out of the
 * PLIC's range or owned by another device, bad indexes everywhere.
 */
#define VIRTIO_MAGIC 0x74726976u        /* "virt", little-endian */
enum { RTC_ALARM_LOW = 0x08, RTC_ALARM_HIGH = 0x0c, RTC_IRQ_ENABLED = 0x10,
       RTC_CLEAR_INTERRUPT = 0x1c };

static struct dtdev slot[DTDEV_SLOTS], rtc;
static volatile uint32_t *rtc_regs;
static uint32_t mixed, irq_port;
static int fails;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("multidev: PASS %s\n", what);
	} else {
		printf("multidev: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* A request for these nodes' first ranges and interrupts. */
static struct pier_device_req req_of(const struct dtdev *a, const struct dtdev *b)
{
	struct pier_device_req r = { .nranges = 2, .nirqs = 2, .node = (uint32_t)a->node };

	r.range[0] = (struct pier_dev_range){ a->base, a->size };
	r.range[1] = (struct pier_dev_range){ b->base, b->size };
	r.irq[0] = a->irq;
	r.irq[1] = b->irq;
	return r;
}

static void refused(const char *what, struct pier_device_req r, int want)
{
	uint32_t h;

	check(what, pier_device_create_req(&r, &h), want);
}

static void hostile_requests(void)
{
	struct pier_device_req r = req_of(&slot[2], &slot[3]);

	r.nranges = PIER_DEV_RANGES_MAX + 1;
	refused("too many ranges", r, PIER_E_ARG);
	r.nranges = 0;
	refused("no range", r, PIER_E_ARG);
	r = req_of(&slot[2], &slot[3]);
	r.nirqs = PIER_DEV_IRQS_MAX + 1;
	refused("too many interrupts", r, PIER_E_ARG);
	r.nirqs = 2, r.irq[1] = r.irq[0];
	refused("a source twice", r, PIER_E_ARG);
	r.irq[1] = 0;
	refused("source 0", r, PIER_E_ARG);
	r.irq[1] = board.plic.ndev + 1;
	refused("a source past the PLIC's", r, PIER_E_ARG);
	r.irq[1] = board.uart.irq;
	refused("the console's source (init's device)", r, PIER_E_STATE);
	r.irq[1] = slot[0].irq;
	refused("a source of the first handle", r, PIER_E_STATE);
	r = req_of(&slot[2], &slot[3]);
	r.range[1].base = board.plic.base;
	refused("a second range over the PLIC", r, PIER_E_ARG);
	r = req_of(&slot[2], &slot[3]);
	r.flags = 0x80;
	refused("an unknown flag", r, PIER_E_ARG);
	r.flags = 0, r.node = (uint32_t)slot[2].node + 4;
	refused("a node offset inside a node", r, PIER_E_ARG);
	r.node = 0x7fffff00;
	refused("a node past the blob", r, PIER_E_ARG);
	check("the wrong request size",
	      pier_call_exact(PIER_H_TASK, PIER_TASK_DEVICE, &r, sizeof(r) - 4, 0, 0),
	      PIER_E_PACKET_SIZE);
}

static void bad_indexes(uint32_t h)
{
	struct pier_dev_index two = { .index = 2 }, big = { .index = ~0u };
	struct pier_device_info info;
	volatile void *va;

	check("map index 2", pier_dev_map_index(h, 2, &va), PIER_E_ARG);
	check("map index ~0", pier_call_exact(h, PIER_DEV_MAP, &big, sizeof(big), 0, 0), PIER_E_ARG);
	check("bind index 2", pier_dev_irq_bind_index(h, 2, irq_port), PIER_E_ARG);
	check("ack index 2", pier_dev_irq_ack_index(h, 2), PIER_E_ARG);
	check("ack index 1, nothing claimed", pier_dev_irq_ack_index(h, 1), PIER_E_STATE);
	check("mask index 2", pier_call_exact(h, PIER_DEV_IRQ_MASK, &two, sizeof(two), 0, 0),
	      PIER_E_ARG);
	check("unmask index ~0", pier_call_exact(h, PIER_DEV_IRQ_UNMASK, &big, sizeof(big), 0, 0),
	      PIER_E_ARG);
	check("mask with a short index", pier_call_exact(h, PIER_DEV_IRQ_MASK, &two, 4, 0, 0),
	      PIER_E_PACKET_SIZE);
	check("info with data", pier_call_exact(h, PIER_DEV_INFO, &two, sizeof(two), &info,
						sizeof(info)), PIER_E_PACKET_SIZE);
	check("no DMA right", pier_dma_reset(h), PIER_E_RIGHTS);
}

static void two_slots(void)
{
	struct pier_device_req r = req_of(&slot[0], &slot[1]);
	struct pier_device_info info;
	volatile void *va[2];
	uint32_t h, h2;

	check("a handle for two slots", pier_device_create_req(&r, &h), PIER_OK);
	check("its info", pier_dev_info_all(h, &info), PIER_OK);
	check("two ranges", info.nranges, 2);
	check("two interrupts", info.nirqs, 2);
	check("range 1 is slot 1", (long)info.range[1].base, (long)slot[1].base);
	check("interrupt 1 is slot 1's", info.irq[1], slot[1].irq);
	check("the node", info.node, slot[0].node);
	check("coherent: its node says nothing and there is no cache controller",
	      info.flags, PIER_DEVINFO_COHERENT);
	for (int i = 0; i < 2; i++) {
		check("map", pier_dev_map_index(h, i, &va[i]), PIER_OK);
		check("the virtio magic", *(volatile uint32_t *)va[i], VIRTIO_MAGIC);
	}
	check("bind interrupt 0", pier_dev_irq_bind_index(h, 0, irq_port), PIER_OK);
	check("bind interrupt 1", pier_dev_irq_bind_index(h, 1, irq_port), PIER_OK);
	bad_indexes(h);
	hostile_requests();
	/* The last handle goes: its sources are free again. */
	check("drop it", pier_handle_drop(h), PIER_OK);
	check("its sources are free again", pier_device_create_req(&r, &h2), PIER_OK);
	check("a derived handle keeps no DMA right",
	      pier_handle_derive(h2, PIER_R_SEND, &h), PIER_OK);
	check("drop both", pier_handle_drop(h2) | pier_handle_drop(h), PIER_OK);
}

static int on_irq(const struct pier_packet *pkt)
{
	const struct pier_irq_fired *f = (const void *)pkt->data;

	if (pkt->type != PIER_MSG_IRQ)
		return PIER_E_TYPE;
	check("the packet names index 1", f->index, 1);
	check("and the RTC's source", f->irq, rtc.irq);
	rtc_regs[RTC_CLEAR_INTERRUPT / 4] = 1;
	check("index 0 was not claimed", pier_dev_irq_ack_index(mixed, 0), PIER_E_STATE);
	check("acknowledged by index", pier_dev_irq_ack_index(mixed, 1), PIER_OK);
	printf("multidev: done\n");
	pier_exit(fails);
}

int main(void)
{
	struct pier_device_req r;
	volatile void *va;
	int n;

	check("read the device tree", dt_load(), 0);
	n = dt_devices("virtio,mmio", slot, DTDEV_SLOTS);
	check("eight virtio-mmio slots", n, 8);
	check("a goldfish RTC", dt_devices("google,goldfish-rtc", &rtc, 1), 1);
	if (n < 8 || fails)
		return 1;
	check("a port for interrupts", pier_port_create(on_irq, 20, 0, 0, &irq_port), PIER_OK);
	two_slots();
	r = req_of(&slot[4], &rtc);
	check("a handle for a slot and the RTC", pier_device_create_req(&r, &mixed), PIER_OK);
	check("map the RTC (index 1)", pier_dev_map_index(mixed, 1, &va), PIER_OK);
	check("bind its interrupt (index 1)", pier_dev_irq_bind_index(mixed, 1, irq_port), PIER_OK);
	rtc_regs = va;
	rtc_regs[RTC_IRQ_ENABLED / 4] = 1;
	rtc_regs[RTC_ALARM_HIGH / 4] = 0;
	rtc_regs[RTC_ALARM_LOW / 4] = 0;        /* in the past: fires now */
	return 0;
}
