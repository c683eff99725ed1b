/* spi-sifive: serves an SPI controller (pier/spi.h) from a sifive,spi0 node; the glue around spisifive.c. */

/*
 * init starts it as "spi-sifive NAME" for a sifive,spi0 node, with the
 * node's device handle. Every request is held (pier_hold) and queued;
 * requests run one at a time in arrival order, so a SELECT, the transfers
 * after it and the DESELECT reach the wire in the order the client sent
 * them. A transfer runs in FIFO steps of at most 8 frames: each step
 * fills the TX FIFO, arms RXWM for exactly those frames and waits for
 * the interrupt, which is bound to the service port: one port owns the
 * registers and the queue, no lock. Beyond QUEUE_MAX waiting requests a
 * call gets PIER_E_FULL.
 *
 * Chip selects: SELECT sets CSMODE HOLD, DESELECT sets AUTO (released
 * between frames, and the FIFO is empty then). A transfer to a chip
 * select that is not the selected one runs with CSMODE OFF, which on the
 * hardware leaves every chip select inactive. (QEMU's model treats OFF
 * as asserted; an SD card ignores the 0xff bytes sent that way, so the
 * clocks before CMD0 work there too.)
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <dt.h>
#include <pier/spi.h>
#include "spisifive.h"
#include "spiclock.h"

#define PRIO 22           /* above its clients (sd-spi runs at 20) */
#define QUEUE_MAX 8u
#define CS_NONE 0xffffffffu
#define SPIN_MAX 64u          /* looks at RXWM before waiting for the interrupt */
#define SPIN_MIN_HZ 1000000u  /* from this rate on */

static uint32_t dev, svc_port;
static struct spisifive spi;
static uint32_t selected = CS_NONE;
static uint32_t rate[32];          /* per chip select, as SETUP set it */
static uint32_t hz_now;            /* the SCK rate the divider gives now */

static struct req {
	uint32_t token, type, cs, flags, len;
	uint8_t tx[PIER_SPI_XFER_MAX];
} queue[QUEUE_MAX];
static uint32_t q_first, q_count;

/* The transfer on the wire, if any. */
static bool busy;
static uint8_t rx[PIER_SPI_XFER_MAX];
static struct spisifive_xfer cur;

static void finish(int status, const void *data, uint32_t size)
{
	struct req *r = &queue[q_first];

	(void)pier_reply_token(r->token, status, r->type, data, size);
	q_first = (q_first + 1) % QUEUE_MAX;
	q_count--;
}

static uint32_t set_rate(uint32_t hz)
{
	return hz_now = spisifive_rate(&spi, hz);
}

static void finish_xfer(void)
{
	struct req *r = &queue[q_first];

	busy = false;
	if (selected == CS_NONE) {	/* back from OFF */
		spisifive_cs(&spi, r->cs, SPI_CSMODE_AUTO);
	} else if (selected != r->cs) {
		(void)set_rate(rate[selected]);
		spisifive_cs(&spi, selected, SPI_CSMODE_HOLD);
	}
	finish(PIER_OK, rx, cur.len);
}

/*
 * Steps of the transfer on the wire until one must wait for the
 * interrupt. At 1 MHz and more, 8 frames take at most 64 us, less than an
 * interrupt's way through the kernel (about 4 ms under QEMU, measured):
 * look at RXWM up to SPIN_MAX times first, then wait for the interrupt.
 * Slower (400 kHz while an SD card is identified), every step waits for
 * the interrupt. Bounded: len / 8 steps.
 */
static void advance(void)
{
	while (cur.sent < cur.len || cur.done < cur.sent) {
		uint32_t k = 0;

		if (cur.done == cur.sent)
			spisifive_push(&spi, &cur);
		if (hz_now >= SPIN_MIN_HZ)
			for (; k < SPIN_MAX && !spisifive_rx_ready(&spi); k++)
				;
		if (hz_now < SPIN_MIN_HZ || k == SPIN_MAX || !spisifive_pull(&spi, &cur)) {
			spisifive_irq(&spi, true);
			return;
		}
	}
	finish_xfer();
}

/* Run the request at the head: the chip-select ones at once, a transfer's first step. */
static void run_head(void)
{
	struct req *r = &queue[q_first];
	struct pier_spi_setup s;

	switch (r->type) {
	case PIER_SPI_SETUP:
		rate[r->cs] = r->len;
		s = (struct pier_spi_setup){ r->cs, set_rate(r->len) };
		if (selected != CS_NONE)	/* the selected device keeps its own rate */
			(void)set_rate(rate[selected]);
		finish(PIER_OK, &s, sizeof(s));
		return;
	case PIER_SPI_SELECT:
		selected = r->cs;
		(void)set_rate(rate[r->cs]);
		spisifive_cs(&spi, r->cs, SPI_CSMODE_HOLD);
		finish(PIER_OK, 0, 0);
		return;
	case PIER_SPI_DESELECT:
		if (selected == r->cs) {
			spisifive_cs(&spi, r->cs, SPI_CSMODE_AUTO);
			selected = CS_NONE;
		}
		finish(PIER_OK, 0, 0);
		return;
	}
	/* A transfer. */
	if (selected != r->cs) {
		(void)set_rate(rate[r->cs]);
		spisifive_cs(&spi, r->cs, SPI_CSMODE_OFF);
	}
	cur = (struct spisifive_xfer){
		.tx = (r->flags & PIER_SPI_TX_ONES) ? NULL : r->tx, .rx = rx, .len = r->len,
	};
	busy = true;
	advance();
}

/* Bounded by QUEUE_MAX: each turn answers the head or leaves a transfer on the wire. */
static void start_next(void)
{
	while (!busy && q_count)
		run_head();
}

static int on_irq(void)
{
	/* A level that was pending when a spin found the frames may still
	 * arrive: then there is nothing to pull, or the step is incomplete. */
	if (busy && spisifive_pull(&spi, &cur)) {
		spisifive_irq(&spi, false);
		advance();
		start_next();
	}
	(void)pier_dev_irq_ack_index(dev, 0);
	return PIER_OK;
}

/* Check a request and queue it, held. */
static int enqueue(const struct pier_packet *pkt)
{
	struct req *r;
	struct pier_spi_xfer x;
	struct pier_spi_setup s;
	uint32_t cs, len = 0, flags = 0;
	int tok;

	if (pkt->type == PIER_SPI_XFER) {
		if (pkt->size < sizeof(x))
			return PIER_E_PACKET_SIZE;
		memcpy(&x, pkt->data, sizeof(x));
		cs = x.cs, len = x.len, flags = x.flags;
		if (len == 0 || len > PIER_SPI_XFER_MAX || (flags & ~PIER_SPI_TX_ONES) ||
		    pkt->size != sizeof(x) + ((flags & PIER_SPI_TX_ONES) ? 0 : len))
			return PIER_E_ARG;
	} else if (pkt->type == PIER_SPI_SETUP) {
		if (pkt->size != sizeof(s))
			return PIER_E_PACKET_SIZE;
		memcpy(&s, pkt->data, sizeof(s));
		cs = s.cs, len = s.hz;
		if (len == 0)
			return PIER_E_ARG;
	} else {
		struct pier_spi_cs c;

		if (pkt->size != sizeof(c))
			return PIER_E_PACKET_SIZE;
		memcpy(&c, pkt->data, sizeof(c));
		cs = c.cs;
	}
	if (cs >= spi.ncs)
		return PIER_E_ARG;
	if (q_count == QUEUE_MAX)
		return PIER_E_FULL;
	if ((tok = pier_hold()) < 0)
		return tok;
	r = &queue[(q_first + q_count++) % QUEUE_MAX];
	*r = (struct req){ .token = (uint32_t)tok, .type = pkt->type, .cs = cs,
			   .flags = flags, .len = len };
	if (pkt->type == PIER_SPI_XFER && !(flags & PIER_SPI_TX_ONES))
		memcpy(r->tx, pkt->data + sizeof(x), len);
	start_next();
	return PIER_OK;
}

static int on_spi(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case PIER_MSG_IRQ:
		return on_irq();
	case PIER_HELLO: {
		struct pier_hello h = { PIER_PROTO_SPI, spi.ncs };

		return pier_reply(PIER_HELLO, &h, sizeof(h));
	}
	case PIER_SPI_SETUP:
	case PIER_SPI_SELECT:
	case PIER_SPI_DESELECT:
	case PIER_SPI_XFER:
		return enqueue(pkt);
	}
	return PIER_E_TYPE;
}

static int setup(const char *name)
{
	const struct fdt *f;
	volatile void *regs;
	uint64_t in_hz;
	uint32_t ncs;
	int node, rc, how;

	if ((rc = pier_my_device(&dev)) != PIER_OK ||
	    (rc = pier_dev_map_index(dev, 0, &regs)) != PIER_OK ||
	    (rc = dt_device_node(dev, &f, &node)) != PIER_OK)
		return rc;
	if ((how = spi_clock_hz(f, node, &in_hz)) < 0) {
		printf("spi-sifive: %s: no input clock in the device tree\n", name);
		return PIER_E_NOENT;
	}
	/* The tree's "num-cs" if it says, else the FU540's four (QEMU models one:
	 * a chip select past what it has is simply never asserted). */
	if (fdt_u32_or(f, node, "num-cs", 4, &ncs) != 0 || ncs == 0 || ncs > 32)
		ncs = 4;
	spisifive_init(&spi, (uintptr_t)regs, in_hz, ncs);
	(void)set_rate(400000);
	for (uint32_t i = 0; i < ncs; i++)
		rate[i] = 400000;
	printf("spi-sifive: %s: input clock %s%llu Hz, %u chip selects\n", name,
	       how ? "at most " : "", (unsigned long long)in_hz, (unsigned)ncs);
	if ((rc = pier_serve(name, on_spi, PRIO, 0, &svc_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind_index(dev, 0, svc_port)) != PIER_OK)
		return rc;
	return pier_serve_ready(name);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		printf("spi-sifive: usage: spi-sifive SERVICE\n");
		return 1;
	}
	if ((rc = setup(argv[1])) != PIER_OK) {
		printf("spi-sifive: %s\n", pier_strerror(rc));
		return 1;
	}
	return 0;
}
