/* The console server of the UART drivers: a console port for clients, an IRQ port for the device. */

/*
 * Two ports split the work (docs/drivers.md walks through it):
 *  - the IRQ port (high priority) is the only code that touches the
 *    device, through the driver's ops. It runs on each PIER_MSG_IRQ
 *    packet, and on UART_KICK from the console port when there is new
 *    output; it moves bytes between the FIFOs and the rings, passes input
 *    on to the reader, and acknowledges.
 *  - the console port (lower priority) serves clients (<pier/console.h>).
 *    Writes go into the transmit ring. A write call is held (pier_hold)
 *    until its last byte has left the ring for the UART's FIFO; a write
 *    that does not fit keeps its rest in a slot until the ring drains.
 * The transmit ring has one producer (console port) and one consumer (IRQ
 * port, which may preempt it), so its indices are atomics; everything else
 * belongs to one port.
 *
 * init starts a driver with its name port at PIER_H_PARENT (pier/names.h):
 * the driver fetches its device there (pier_my_device), attaches its
 * console port to the service `console` init made for it (pier_serve) and
 * says it is ready. When the driver ends, init starts it again; the
 * service port lives on, so clients keep their handle and repeat the
 * write that was cut off (PIER_E_RESTARTED). Since a write is answered
 * only once its bytes are on their way out of the UART, the bytes a dying
 * driver still held in its ring belong to writes not yet answered, and
 * come again: nothing answered is lost. What a repeat can do is print the
 * part of a cut-off write that had already gone out a second time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include <console.h>
#include <dt.h>
#include "uartcon.h"
#include "coninput.h"

#define PRIO_IRQ 30
#define PRIO_CONSOLE 16
#define TX_CHUNK 32u             /* more than any FIFO takes at once */
#define TX_SIZE 4096u            /* a power of two: indices run free */
#define RX_SIZE 1024u

enum { UART_KICK = 100, UART_DRAINED = 101 };   /* between our own ports */

static const struct uartcon_ops *hw;
static uint32_t dev, irq_port, con_port;
static struct coninput in;      /* console port writes, IRQ port reads reader and intr */

static uint8_t tx[TX_SIZE];
static uint32_t tx_head, tx_tail;  /* head: console port; tail: IRQ port */
static volatile int want_drained;  /* console port waits for tx_tail to reach want_tail */
static uint32_t want_tail;         /* written before want_drained is set */

static uint8_t rx[RX_SIZE];      /* IRQ port only */
static uint32_t rx_head, rx_tail, rx_dropped;
static int retry_armed;
static uint64_t retry_ticks;     /* 10 ms, once the timer port told us hz */

/*
 * Console port only: each write not yet answered, oldest first. A call
 * waits here until its bytes are all in the ring (off == len) and the
 * IRQ port has taken them out again (tx_tail has passed end); a send
 * only until its bytes are in.
 */
static struct held {
	uint32_t len, off, end;
	int token;                       /* pier_hold()'s, or 0 for a send */
	uint8_t data[PIER_PACKET_MAX];
} held[PIER_CONSOLE_HELD_MAX];
static uint32_t held_first, held_count;

static uint32_t tx_free(void)
{
	return TX_SIZE - (tx_head - __atomic_load_n(&tx_tail, __ATOMIC_ACQUIRE));
}

/* Console port: copy what fits into the ring; the IRQ port sends it. */
static uint32_t tx_put(const uint8_t *p, uint32_t n)
{
	uint32_t k = n < tx_free() ? n : tx_free();

	for (uint32_t i = 0; i < k; i++)
		tx[(tx_head + i) % TX_SIZE] = p[i];
	__atomic_store_n(&tx_head, tx_head + k, __ATOMIC_RELEASE);
	if (k)	/* full queue: a kick is already waiting there */
		pier_send(irq_port, UART_KICK, 0, 0);
	return k;
}

/* IRQ port: feed the FIFO from the ring; stop the interrupt when empty. */
static void tx_pump(void)
{
	uint32_t head = __atomic_load_n(&tx_head, __ATOMIC_ACQUIRE), n;
	uint8_t chunk[TX_CHUNK];

	for (n = 0; n < TX_CHUNK && tx_tail + n != head; n++)
		chunk[n] = tx[(tx_tail + n) % TX_SIZE];
	n = hw->tx(chunk, n);
	__atomic_store_n(&tx_tail, tx_tail + n, __ATOMIC_RELEASE);
	hw->tx_irq(tx_tail != head);
	if (want_drained && (int32_t)(tx_tail - want_tail) >= 0) {
		want_drained = 0;
		pier_send(con_port, UART_DRAINED, 0, 0);
	}
}

/* IRQ port: pass buffered input to the reader; if it is full, try later. */
static void rx_deliver(void)
{
	uint8_t chunk[PIER_PACKET_MAX];
	uint32_t n;

	uint32_t reader = __atomic_load_n(&in.reader, __ATOMIC_ACQUIRE);

	while (reader && rx_tail != rx_head) {
		for (n = 0; n < sizeof(chunk) && rx_tail + n != rx_head; n++)
			chunk[n] = rx[(rx_tail + n) % RX_SIZE];
		if (pier_send(reader, PIER_CONSOLE_INPUT, chunk, n) != PIER_OK)
			break;
		rx_tail += n;
	}
	if (reader && rx_tail != rx_head && !retry_armed && retry_ticks)
		retry_armed = pier_timer_set(irq_port, PIER_TIMER_RELATIVE,
					     retry_ticks, 0, 0, 0) == PIER_OK;
}

static void rx_pull(void)
{
	uint8_t b[32];
	uint32_t n;

	while ((n = hw->rx(b, sizeof(b))) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			uint8_t c = (uint8_t)PIER_CONSOLE_INTR_BYTE;

			uint32_t intr = __atomic_load_n(&in.intr, __ATOMIC_ACQUIRE);

			if (b[i] == c && intr && !__atomic_load_n(&in.reader, __ATOMIC_ACQUIRE))
				pier_send(intr, PIER_CONSOLE_INPUT, &c, 1);
			else if (rx_head - rx_tail == RX_SIZE)
				rx_dropped++;
			else
				rx[rx_head++ % RX_SIZE] = b[i];
		}
	}
}

static int on_irq(const struct pier_packet *pkt)
{
	if (pkt->type == PIER_MSG_TIMER)
		retry_armed = 0;
	if (pkt->type == PIER_MSG_IRQ && hw->causes)
		hw->causes();
	rx_pull();
	tx_pump();
	rx_deliver();
	/* Served: only now may the source interrupt again. */
	if (pkt->type == PIER_MSG_IRQ) {
		pier_dev_irq_ack(dev);
		if (hw->rearm)
			hw->rearm();
	}
	return PIER_OK;
}

/* Console port: has the IRQ port taken everything up to pos out of the ring? */
static int sent(uint32_t pos)
{
	return (int32_t)(__atomic_load_n(&tx_tail, __ATOMIC_ACQUIRE) - pos) >= 0;
}

/* Console port: move held bytes into the ring; answer writers whose bytes have gone out. */
static void held_drain(void)
{
	while (held_count > 0) {
		struct held *h = &held[held_first];

		if (h->off < h->len) {
			h->off += tx_put(h->data + h->off, h->len - h->off);
			if (h->off < h->len)
				return;
			h->end = tx_head;
		}
		if (h->token && !sent(h->end))
			return;
		if (h->token)
			pier_reply_token((uint32_t)h->token, PIER_OK, 0, 0, 0);
		held_first = (held_first + 1) % PIER_CONSOLE_HELD_MAX;
		held_count--;
	}
}

static int con_write(const struct pier_packet *pkt)
{
	uint32_t n = 0, call = pkt->flags & PIER_PKT_CALL;
	struct held *h, *last;
	int token = 0;

	held_drain();
	if (held_count == PIER_CONSOLE_HELD_MAX)
		return PIER_E_FULL;                          /* nothing written */
	if (call && (token = pier_hold()) < 0)
		return token;
	/* Bytes of earlier writes still waiting to go in go first. */
	last = &held[(held_first + held_count + PIER_CONSOLE_HELD_MAX - 1) % PIER_CONSOLE_HELD_MAX];
	if (held_count == 0 || last->off == last->len)
		n = tx_put(pkt->data, pkt->size);
	if (!call && n == pkt->size)
		return PIER_OK;
	h = &held[(held_first + held_count++) % PIER_CONSOLE_HELD_MAX];
	h->len = pkt->size - n;
	h->off = 0;
	h->end = tx_head;
	h->token = token;
	memcpy(h->data, pkt->data + n, h->len);
	return PIER_OK;
}

/* Console port: what the oldest waiting writer needs the IRQ port to reach. */
static uint32_t wanted(void)
{
	const struct held *h = &held[held_first];

	return h->off < h->len ? tx_head - TX_SIZE / 2 : h->end;
}

static int on_console(const struct pier_packet *pkt)
{
	struct pier_hello hello = { PIER_PROTO_CONSOLE, TX_SIZE };
	int rc = PIER_OK;

	switch (pkt->type) {
	case PIER_CONSOLE_WRITE:
		rc = con_write(pkt);
		break;
	case PIER_CONSOLE_READER:
		/* A new reader may have input waiting for it. */
		if ((rc = coninput_msg(&in, pkt)) == PIER_OK)
			pier_send(irq_port, UART_KICK, 0, 0);
		break;
	case PIER_CONSOLE_INTR:
	case PIER_CONSOLE_FOREGROUND:
		rc = coninput_msg(&in, pkt);
		break;
	case PIER_HELLO:
		rc = pier_reply(0, &hello, sizeof(hello));
		break;
	case UART_DRAINED:
		held_drain();
		break;
	default:
		rc = PIER_E_TYPE;
	}
	/* Ask to hear when the ring has moved far enough, then look again:
	 * the IRQ port may have got there before it could see the request. */
	if (held_count > 0) {
		want_tail = wanted();
		__atomic_store_n(&want_drained, 1, __ATOMIC_RELEASE);
		if (sent(want_tail))
			pier_send(con_port, UART_DRAINED, 0, 0);
	}
	return rc;
}

/* The number after "key=" among the arguments, or def. */
static uint64_t arg(int argc, char **argv, const char *key, uint64_t def)
{
	size_t k = strlen(key);

	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=')
			return strtoull(argv[i] + k + 1, NULL, 0);
	return def;
}

/* The layout from the device's node: PIER_OK, or an FDT_E_ / PIER_E_ code. */
static int layout(struct uartcon_cfg *c)
{
	const struct fdt *f;
	int node, rc;

	if ((rc = dt_device_node(dev, &f, &node)) != PIER_OK ||
	    (rc = fdt_u32_or(f, node, "reg-shift", 0, &c->shift)) < 0 ||
	    (rc = fdt_u32_or(f, node, "reg-io-width", 1, &c->width)) < 0)
		return rc;
	/* clock-frequency may be absent (clocks = <...> instead): 0 then. */
	rc = fdt_prop_num(f, node, "clock-frequency", &c->clock);
	return rc == FDT_E_NOTFOUND ? PIER_OK : rc;
}

/* The layout from the device's node, then the arguments over it. */
static void config(int argc, char **argv, struct uartcon_cfg *c)
{
	int rc = layout(c);

	if (rc != PIER_OK) {
		printf("%s: no layout from the device tree (%d); defaults\n", hw->name, rc);
		c->shift = 0;
		c->width = 1;
		c->clock = 0;
	}
	c->shift = (uint32_t)arg(argc, argv, "shift", c->shift);
	c->width = (uint32_t)arg(argc, argv, "width", c->width);
	c->clock = arg(argc, argv, "clock", c->clock);
}

/* Device from init, registers mapped, ports made, IRQ bound: then tell init. */
static int setup(int argc, char **argv)
{
	struct uartcon_cfg cfg = { 0, 1, 0 };
	struct pier_time now;
	volatile void *regs;
	int rc;

	if ((rc = pier_my_device(&dev)) != PIER_OK)
		return rc;
	if ((rc = pier_dev_map(dev, &regs)) != PIER_OK)
		return rc;
	config(argc, argv, &cfg);
	if ((rc = hw->init(regs, &cfg)) != PIER_OK)
		return rc;
	if (pier_time_now(&now) == PIER_OK)
		retry_ticks = now.hz / 100 + 1;
	if ((rc = pier_port_create(on_irq, PRIO_IRQ, 0, 0, &irq_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind(dev, irq_port)) != PIER_OK ||
	    (rc = pier_serve("console", on_console, PRIO_CONSOLE, PIER_PORT_GRANTS,
			     &con_port)) != PIER_OK)
		return rc;
	return pier_serve_ready("console");
}

int uartcon_main(const struct uartcon_ops *ops, int argc, char **argv)
{
	int rc;

	hw = ops;
	/* Our own lines go to the debug port: writing to the console we
	 * serve would wait on ourselves. */
	pier_console_set(0);
	if ((rc = setup(argc, argv)) != PIER_OK) {
		printf("%s: cannot start: %s\n", hw->name, pier_strerror(rc));
		pier_exit(rc);
	}
	return rc;
}
