/* Host tests of the SiFive SPI hardware part: the divider, init, chip selects, FIFO steps and watermarks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "spisifive.h"

/*
 * The controller as the driver sees it: word registers at BASE, each
 * access aligned, inside the block and not reserved, or the test fails.
 * Frames written to TXDATA wait in the TX FIFO until the test moves them
 * (wire()): each goes out and the slave's answer (its byte + 1) lands in
 * the RX FIFO, which, like the hardware, drops what does not fit. IP is
 * computed from the levels, as the hardware does.
 */
#define BASE 0x10050000u

static struct sim {
	uint32_t reg[SPI_REGS_END / 4];
	uint8_t txq[SPI_FIFO], rxq[SPI_FIFO];
	unsigned txn, rxn, rx_dropped, tx_dropped;
	uint8_t wire[512];     /* every frame sent, with the CSMODE it went out under */
	uint32_t wire_mode[512];
	unsigned wiren;
} sim;

static enum spisifive_reg reg_of(uintptr_t addr)
{
	uint32_t off;

	assert_true(addr >= BASE && addr < BASE + SPI_REGS_END);
	off = (uint32_t)(addr - BASE);
	assert_int_equal(off & 3, 0);
	switch (off) {
	case 0x08: case 0x0c: case 0x1c: case 0x20: case 0x24: case 0x30: case 0x34:
	case 0x38: case 0x3c: case 0x44: case 0x58: case 0x5c: case 0x68: case 0x6c:
		fail_msg("reserved register %#x", off);
	}
	return (enum spisifive_reg)off;
}

static uint32_t ip(void)
{
	return (sim.txn < sim.reg[SPI_TXMARK / 4] ? SPI_IP_TXWM : 0) |
	       (sim.rxn > sim.reg[SPI_RXMARK / 4] ? SPI_IP_RXWM : 0);
}

uint32_t mmio_sim_read(uintptr_t addr)
{
	enum spisifive_reg r = reg_of(addr);
	uint32_t v;

	switch (r) {
	case SPI_TXDATA:
		return sim.txn == SPI_FIFO ? SPI_TXDATA_FULL : 0;
	case SPI_RXDATA:
		if (sim.rxn == 0)
			return SPI_RXDATA_EMPTY;
		v = sim.rxq[0];
		memmove(sim.rxq, sim.rxq + 1, --sim.rxn);
		return v;
	case SPI_IP:
		return ip();
	default:
		return sim.reg[r / 4];
	}
}

void mmio_sim_write(uintptr_t addr, uint32_t v)
{
	enum spisifive_reg r = reg_of(addr);

	switch (r) {
	case SPI_TXDATA:
		assert_true(v <= 0xff);
		if (sim.txn == SPI_FIFO)
			sim.tx_dropped++;
		else
			sim.txq[sim.txn++] = (uint8_t)v;
		return;
	case SPI_RXDATA:
	case SPI_IP:
		fail_msg("write to read-only register %#x", (unsigned)r);
		return;
	case SPI_TXMARK:
	case SPI_RXMARK:
		assert_true(v < SPI_FIFO);
		break;
	case SPI_SCKDIV:
		assert_true(v <= SPI_SCKDIV_MAX);
		break;
	default:
		break;
	}
	sim.reg[r / 4] = v;
}

/* n frames (at most what waits) go over the wire. */
static void wire(unsigned n)
{
	for (unsigned i = 0; i < n && sim.txn; i++) {
		uint8_t b = sim.txq[0];

		memmove(sim.txq, sim.txq + 1, --sim.txn);
		sim.wire_mode[sim.wiren] = sim.reg[SPI_CSMODE / 4];
		sim.wire[sim.wiren++] = b;
		if (sim.rxn == SPI_FIFO)
			sim.rx_dropped++;
		else
			sim.rxq[sim.rxn++] = (uint8_t)(b + 1);
	}
}

static void fresh(struct spisifive *s)
{
	memset(&sim, 0, sizeof(sim));
	sim.reg[SPI_SCKDIV / 4] = 3;
	sim.reg[SPI_FCTRL / 4] = 1;     /* the firmware left flash mode on */
	sim.reg[SPI_IE / 4] = 3;
	sim.rxq[0] = 0xaa;              /* and a stale frame */
	sim.rxn = 1;
	spisifive_init(s, BASE, 500000000ull, 4);
}

static void test_div(void **state)
{
	uint32_t got;

	(void)state;
	/* 500 MHz in, 400 kHz asked: div + 1 = 625, exactly 400 kHz. */
	assert_int_equal(spisifive_div(500000000ull, 400000, &got), 624);
	assert_int_equal(got, 400000);
	/* Rounds the rate down, never up: 20 MHz from 33.333 MHz is 16.67 MHz (div 0). */
	assert_int_equal(spisifive_div(33333333ull, 20000000, &got), 0);
	assert_true(got <= 20000000 && got == 16666666);
	/* 25 MHz from 500 MHz: div 9, exactly 25 MHz; 24 MHz: div 10, 22.7 MHz. */
	assert_int_equal(spisifive_div(500000000ull, 25000000, &got), 9);
	assert_int_equal(got, 25000000);
	assert_int_equal(spisifive_div(500000000ull, 24000000, &got), 10);
	assert_true(got <= 24000000);
	/* Faster than half the input: div 0, half the input. */
	assert_int_equal(spisifive_div(100000000ull, 90000000, &got), 0);
	assert_int_equal(got, 50000000);
	/* Slower than the hardware goes: clamped to the register's 12 bits. */
	assert_int_equal(spisifive_div(500000000ull, 1000, &got), SPI_SCKDIV_MAX);
	assert_int_equal(got, 500000000ull / (2 * 4096));
	/* 0 Hz is not a division by zero. */
	assert_int_equal(spisifive_div(500000000ull, 0, NULL), SPI_SCKDIV_MAX);
	/* Every rate: the result never exceeds the request (when reachable) and
	 * div - 1 would. */
	for (uint32_t hz = 100000; hz < 60000000; hz = hz * 5 / 4) {
		uint32_t d = spisifive_div(500000000ull, hz, &got);

		assert_true(got <= hz || d == 0);
		if (d > 0 && d < SPI_SCKDIV_MAX)
			assert_true(500000000ull > 2ull * d * hz);   /* div - 1 is too fast */
	}
}

static void test_init(void **state)
{
	struct spisifive s;

	(void)state;
	fresh(&s);
	assert_int_equal(sim.reg[SPI_IE / 4], 0);
	assert_int_equal(sim.reg[SPI_FCTRL / 4], 0);
	assert_int_equal(sim.reg[SPI_FMT / 4], SPI_FMT_LEN8);   /* 8 bits, MSB first, duplex */
	assert_int_equal(sim.reg[SPI_SCKMODE / 4], 0);          /* mode 0 */
	assert_int_equal(sim.reg[SPI_CSMODE / 4], SPI_CSMODE_AUTO);
	assert_int_equal(sim.reg[SPI_SCKDIV / 4], 624);         /* 400 kHz */
	assert_int_equal(sim.rxn, 0);                           /* stale frame dropped */
	assert_int_equal(spisifive_rate(&s, 25000000), 25000000);
	assert_int_equal(sim.reg[SPI_SCKDIV / 4], 9);
}

static void test_cs(void **state)
{
	struct spisifive s;

	(void)state;
	fresh(&s);
	spisifive_cs(&s, 2, SPI_CSMODE_HOLD);
	assert_int_equal(sim.reg[SPI_CSID / 4], 2);
	assert_int_equal(sim.reg[SPI_CSMODE / 4], SPI_CSMODE_HOLD);
	spisifive_cs(&s, 2, SPI_CSMODE_AUTO);
	assert_int_equal(sim.reg[SPI_CSMODE / 4], SPI_CSMODE_AUTO);
}

/* A 20-byte transfer in steps of at most 8, never more in flight than the RX FIFO holds. */
static void test_xfer(void **state)
{
	struct spisifive s;
	uint8_t tx[20], rx[20];
	struct spisifive_xfer x = { .tx = tx, .rx = rx, .len = sizeof(tx) };
	unsigned steps = 0;

	(void)state;
	fresh(&s);
	for (unsigned i = 0; i < sizeof(tx); i++)
		tx[i] = (uint8_t)(i * 7);
	while (x.done < x.len) {
		assert_true(steps++ < 10);
		spisifive_push(&s, &x);
		assert_int_equal(sim.tx_dropped, 0);
		assert_true(x.sent - x.done <= SPI_FIFO);
		assert_int_equal(sim.reg[SPI_IE / 4], 0);
		spisifive_irq(&s, true);
		assert_int_equal(sim.reg[SPI_IE / 4], SPI_IP_RXWM);
		/* Nothing arrived: no interrupt yet. */
		assert_int_equal(ip() & sim.reg[SPI_IE / 4], 0);
		/* Part of the step arrives: still quiet; pull keeps waiting. */
		wire(1);
		if (x.sent - x.done > 1) {
			assert_int_equal(ip() & SPI_IP_RXWM, 0);
			assert_false(spisifive_pull(&s, &x));
			assert_int_equal(ip() & SPI_IP_RXWM, 0);
		}
		wire(SPI_FIFO);
		/* The whole step is in: RXWM is pending (the interrupt). */
		assert_true(ip() & sim.reg[SPI_IE / 4] & SPI_IP_RXWM);
		assert_true(spisifive_rx_ready(&s));
		assert_true(spisifive_pull(&s, &x));
		spisifive_irq(&s, false);
		assert_int_equal(sim.reg[SPI_IE / 4], 0);
		assert_false(spisifive_rx_ready(&s));
	}
	assert_int_equal(steps, 3);
	assert_int_equal(sim.rx_dropped, 0);
	assert_int_equal(sim.wiren, 20);
	assert_memory_equal(sim.wire, tx, 20);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(rx[i], (uint8_t)(tx[i] + 1));
}

/* No data to send: 0xff frames (what SD cards want while they answer). */
static void test_ones(void **state)
{
	struct spisifive s;
	uint8_t rx[5];
	struct spisifive_xfer x = { .tx = NULL, .rx = rx, .len = sizeof(rx) };

	(void)state;
	fresh(&s);
	spisifive_push(&s, &x);
	wire(SPI_FIFO);
	assert_true(spisifive_pull(&s, &x));
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(sim.wire[i], 0xff);
		assert_int_equal(rx[i], 0x00);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_div),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_cs),
		cmocka_unit_test(test_xfer),
		cmocka_unit_test(test_ones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
