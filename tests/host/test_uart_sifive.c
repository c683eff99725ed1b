/* Host tests of the SiFive UART hardware part: word access, init, FIFOs, interrupt enables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "uartsifive.h"

/*
 * A SiFive UART as the driver sees it: seven word registers at BASE, each
 * access aligned and inside the block, or the test fails. The TX FIFO
 * drains only when the test says (tx_drain); received bytes wait in rx.
 * IP is computed from the FIFO levels, as the hardware does.
 */
#define BASE 0x10010000u
#define FIFO 8u

static struct sim {
	uint32_t txctrl, rxctrl, ie, div;
	uint8_t txq[FIFO];
	unsigned txq_n;            /* bytes waiting in the TX FIFO */
	uint8_t sent[256];
	unsigned sent_n, dropped, ie_writes;
	uint8_t rx[64];
	unsigned rx_n, rx_pos;
	uint32_t ie_log[8];
} sim;

static enum uartsifive_reg reg_of(uintptr_t addr)
{
	assert_true(addr >= BASE && addr < BASE + 0x1c);
	assert_int_equal((addr - BASE) & 3, 0);
	return (enum uartsifive_reg)(addr - BASE);
}

static uint32_t ip(void)
{
	uint32_t txcnt = (sim.txctrl >> 16) & 7, rxcnt = (sim.rxctrl >> 16) & 7;

	return (sim.txq_n < txcnt ? SIFIVE_IP_TXWM : 0) |
	       (sim.rx_n - sim.rx_pos > rxcnt ? SIFIVE_IP_RXWM : 0);
}

uint32_t mmio_sim_read(uintptr_t addr)
{
	switch (reg_of(addr)) {
	case SIFIVE_TXDATA:
		return sim.txq_n == FIFO ? SIFIVE_TXDATA_FULL : 0;
	case SIFIVE_RXDATA:
		if (!(sim.rxctrl & SIFIVE_CTRL_EN) || sim.rx_pos == sim.rx_n)
			return SIFIVE_RXDATA_EMPTY;
		return sim.rx[sim.rx_pos++];
	case SIFIVE_TXCTRL:
		return sim.txctrl;
	case SIFIVE_RXCTRL:
		return sim.rxctrl;
	case SIFIVE_IE:
		return sim.ie;
	case SIFIVE_IP:
		return ip();
	case SIFIVE_DIV:
		return sim.div;
	}
	return 0;
}

void mmio_sim_write(uintptr_t addr, uint32_t v)
{
	switch (reg_of(addr)) {
	case SIFIVE_TXDATA:
		assert_true(v <= 0xff);
		if (sim.txq_n == FIFO)
			sim.dropped++;	/* what the hardware does with it */
		else
			sim.txq[sim.txq_n++] = (uint8_t)v;
		return;
	case SIFIVE_RXDATA:
	case SIFIVE_IP:
		fail_msg("write to read-only register %#lx", (unsigned long)addr);
		return;
	case SIFIVE_TXCTRL:
		sim.txctrl = v;
		return;
	case SIFIVE_RXCTRL:
		sim.rxctrl = v;
		return;
	case SIFIVE_IE:
		sim.ie_log[sim.ie_writes++ % 8] = v;
		sim.ie = v;
		return;
	case SIFIVE_DIV:
		fail_msg("the divisor must be kept as the firmware set it");
		return;
	}
}

/* The TX FIFO sends everything it holds. */
static void tx_drain(void)
{
	memcpy(sim.sent + sim.sent_n, sim.txq, sim.txq_n);
	sim.sent_n += sim.txq_n;
	sim.txq_n = 0;
}

static void fresh(struct uartsifive *u)
{
	memset(&sim, 0, sizeof(sim));
	sim.div = 0x10f;		/* what the firmware left */
	sim.txctrl = SIFIVE_CTRL_EN | SIFIVE_TXCTRL_NSTOP;
	memcpy(sim.rx, "stale", 5);
	sim.rx_n = 5;
	sim.rxctrl = SIFIVE_CTRL_EN;
	uartsifive_init(u, BASE);
}

static void test_init(void **state)
{
	struct uartsifive u;

	(void)state;
	fresh(&u);
	assert_int_equal(sim.div, 0x10f);
	/* 8N1: one stop bit; TX watermark 1, so TXWM means empty. */
	assert_int_equal(sim.txctrl, SIFIVE_CTRL_EN | SIFIVE_CTRL_CNT(1));
	assert_int_equal(sim.rxctrl, SIFIVE_CTRL_EN);
	assert_int_equal(sim.rx_pos, sim.rx_n);		/* stale input dropped */
	assert_int_equal(sim.ie_log[0], 0);		/* quiet while set up */
	assert_int_equal(sim.ie, SIFIVE_IP_RXWM);
	assert_int_equal(ip() & sim.ie, 0);		/* nothing to say yet */
}

static void test_rx(void **state)
{
	struct uartsifive u;
	uint8_t b[8];

	(void)state;
	fresh(&u);
	memcpy(sim.rx, "hello", 5);
	sim.rx_n = 5;
	sim.rx_pos = 0;
	assert_true(ip() & SIFIVE_IP_RXWM);
	assert_int_equal(uartsifive_rx(&u, b, 3), 3);
	assert_memory_equal(b, "hel", 3);
	assert_int_equal(uartsifive_rx(&u, b, sizeof(b)), 2);
	assert_memory_equal(b, "lo", 2);
	assert_int_equal(uartsifive_rx(&u, b, sizeof(b)), 0);
	assert_false(ip() & SIFIVE_IP_RXWM);
	/* A byte of value 0 is a byte, not "empty". */
	sim.rx[5] = 0;
	sim.rx_n = 6;
	assert_int_equal(uartsifive_rx(&u, b, sizeof(b)), 1);
	assert_int_equal(b[0], 0);
}

static void test_tx(void **state)
{
	struct uartsifive u;
	uint8_t msg[40];

	(void)state;
	for (unsigned i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)('A' + i);
	fresh(&u);
	/* One FIFO's worth, never more, and nothing dropped. */
	assert_int_equal(uartsifive_tx(&u, msg, sizeof(msg)), FIFO);
	assert_int_equal(uartsifive_tx(&u, msg, sizeof(msg)), 0);
	assert_int_equal(sim.dropped, 0);
	assert_false(ip() & SIFIVE_IP_TXWM);
	tx_drain();
	assert_true(ip() & SIFIVE_IP_TXWM);
	/* Someone else (the firmware's console) took part of the FIFO. */
	sim.txq_n = 5;
	assert_int_equal(uartsifive_tx(&u, msg + 8, sizeof(msg) - 8), 3);
	assert_int_equal(sim.dropped, 0);
	sim.txq_n = 0;
	assert_int_equal(uartsifive_tx(&u, msg + 11, 2), 2);
	tx_drain();
	assert_memory_equal(sim.sent, msg, 8);
	assert_memory_equal(sim.sent + 8, msg + 11, 2);
}

static void test_irqs(void **state)
{
	struct uartsifive u;
	unsigned writes;

	(void)state;
	fresh(&u);
	writes = sim.ie_writes;
	uartsifive_tx_irq(&u, true);
	assert_int_equal(sim.ie, SIFIVE_IP_RXWM | SIFIVE_IP_TXWM);
	uartsifive_tx_irq(&u, true);		/* no change: not written */
	assert_int_equal(sim.ie_writes, writes + 1);
	assert_true(ip() & sim.ie & SIFIVE_IP_TXWM);	/* empty FIFO: pending */
	uartsifive_tx_irq(&u, false);
	assert_int_equal(sim.ie, SIFIVE_IP_RXWM);
	assert_int_equal(sim.ie_writes, writes + 2);

	/* Rearm drops the enables, then restores them: a new rising edge. */
	uartsifive_rearm(&u);
	assert_int_equal(sim.ie_writes, writes + 4);
	assert_int_equal(sim.ie_log[(writes + 2) % 8], 0);
	assert_int_equal(sim.ie, SIFIVE_IP_RXWM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_rx),
		cmocka_unit_test(test_tx),
		cmocka_unit_test(test_irqs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
