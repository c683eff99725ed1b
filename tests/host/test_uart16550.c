/* Host tests of the 16550 hardware part: register stride and width, init, FIFOs, interrupt causes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "uart16550.h"

/*
 * A 16550 as the driver sees it: registers at base + (i << shift), each
 * access exactly width bytes wide, or the test fails. Transmission is
 * instant unless tx_busy; received bytes wait in rx.
 */
#define BASE 0x10000000u

static struct sim {
	uint32_t shift, width;
	uint8_t ier, lcr, fcr, mcr, dll, dlm;
	bool thr_pending, tx_busy, dw_busy;
	uint8_t rx[64];
	unsigned rx_n, rx_pos;
	uint8_t tx[256];
	unsigned tx_n, usr_reads, ier_writes;
} sim;

static unsigned reg_of(uintptr_t addr, uint32_t width)
{
	uintptr_t off = addr - BASE;

	assert_int_equal(width, sim.width);
	assert_true(addr >= BASE);
	assert_int_equal(off & ((1u << sim.shift) - 1), 0);
	return (unsigned)(off >> sim.shift);
}

uint32_t uart16550_sim_read(uintptr_t addr, uint32_t width)
{
	bool dlab = sim.lcr & UART_LCR_DLAB;

	switch (reg_of(addr, width)) {
	case 0:
		if (dlab)
			return sim.dll;
		return sim.rx_pos < sim.rx_n ? sim.rx[sim.rx_pos++] : 0;
	case 1:
		return dlab ? sim.dlm : sim.ier;
	case 2:
		if (sim.dw_busy) {
			return 0xc0 | UART_IIR_BUSY;
		} else if ((sim.ier & UART_IER_RDI) && sim.rx_pos < sim.rx_n) {
			return 0xc0 | UART_IIR_RDI;
		} else if ((sim.ier & UART_IER_THRI) && sim.thr_pending) {
			sim.thr_pending = false;	/* reading IIR clears it */
			return 0xc0 | UART_IIR_THRI;
		}
		return 0xc0 | UART_IIR_NONE;
	case 3:
		return sim.lcr;
	case 4:
		return sim.mcr;
	case 5:
		return (sim.rx_pos < sim.rx_n ? UART_LSR_DR : 0) |
		       (sim.tx_busy ? 0 : UART_LSR_THRE | 0x40);
	case 6:
		return 0;
	case 31:
		sim.usr_reads++;
		sim.dw_busy = false;
		return 0;
	}
	fail_msg("read of no register at %#lx", (unsigned long)addr);
	return 0;
}

void uart16550_sim_write(uintptr_t addr, uint32_t width, uint32_t v)
{
	bool dlab = sim.lcr & UART_LCR_DLAB;

	assert_true(v <= 0xff);
	switch (reg_of(addr, width)) {
	case 0:
		if (dlab) {
			sim.dll = (uint8_t)v;
		} else {
			assert_true(sim.tx_n < sizeof(sim.tx));
			sim.tx[sim.tx_n++] = (uint8_t)v;
			sim.thr_pending = true;	/* sent at once: empty again */
		}
		return;
	case 1:
		if (dlab) {
			sim.dlm = (uint8_t)v;
			return;
		}
		if ((v & ~sim.ier & UART_IER_THRI) && !sim.tx_busy)
			sim.thr_pending = true;
		sim.ier = (uint8_t)v;
		sim.ier_writes++;
		return;
	case 2:
		sim.fcr = (uint8_t)v;
		return;
	case 3:
		sim.lcr = (uint8_t)v;
		return;
	case 4:
		sim.mcr = (uint8_t)v;
		return;
	}
	fail_msg("write of no register at %#lx", (unsigned long)addr);
}

/* The two layouts the device trees have: QEMU's and the VisionFive 2's. */
static const uint32_t layouts[][2] = { { 0, 1 }, { 2, 4 } };

static void fresh(struct uart16550 *u, int layout, uint64_t clock)
{
	memset(&sim, 0, sizeof(sim));
	sim.shift = layouts[layout][0];
	sim.width = layouts[layout][1];
	sim.dll = 0x55;		/* what the firmware left */
	memcpy(sim.rx, "stale", 5);
	sim.rx_n = 5;
	assert_int_equal(uart16550_init(u, BASE, sim.shift, sim.width, clock, 115200), 0);
}

static void test_init(void **state)
{
	struct uart16550 u;

	(void)state;
	for (int l = 0; l < 2; l++) {
		fresh(&u, l, 0);
		assert_int_equal(sim.lcr, UART_LCR_8N1);
		assert_int_equal(sim.fcr, UART_FCR_INIT);
		assert_int_equal(sim.mcr, UART_MCR_INIT);
		assert_int_equal(sim.ier, UART_IER_RDI | UART_IER_RLSI);
		assert_int_equal(sim.dll, 0x55);	/* no clock: divisor kept */
		assert_int_equal(sim.rx_pos, sim.rx_n);	/* stale input dropped */

		fresh(&u, l, 1843200);			/* 1.8432 MHz / 16 / 115200 = 1 */
		assert_int_equal(sim.dll, 1);
		assert_int_equal(sim.dlm, 0);
		assert_int_equal(sim.lcr, UART_LCR_8N1);	/* DLAB off again */
	}
}

static void test_bad_layout(void **state)
{
	struct uart16550 u;

	(void)state;
	assert_int_equal(uart16550_init(&u, BASE, 0, 2, 0, 115200), -1);
	assert_int_equal(uart16550_init(&u, BASE, 5, 1, 0, 115200), -1);
}

static void test_rx(void **state)
{
	struct uart16550 u;
	uint8_t b[8];

	(void)state;
	for (int l = 0; l < 2; l++) {
		fresh(&u, l, 0);
		memcpy(sim.rx, "hello", 5);
		sim.rx_n = 5;
		sim.rx_pos = 0;
		assert_int_equal(uart16550_rx(&u, b, 3), 3);
		assert_memory_equal(b, "hel", 3);
		assert_int_equal(uart16550_rx(&u, b, sizeof(b)), 2);
		assert_memory_equal(b, "lo", 2);
		assert_int_equal(uart16550_rx(&u, b, sizeof(b)), 0);
	}
}

static void test_tx(void **state)
{
	struct uart16550 u;
	uint8_t msg[40];

	(void)state;
	for (unsigned i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)('A' + i);
	for (int l = 0; l < 2; l++) {
		fresh(&u, l, 0);
		/* One FIFO's worth after THRE, never more. */
		assert_int_equal(uart16550_tx(&u, msg, sizeof(msg)), UART_TX_FIFO);
		assert_int_equal(sim.tx_n, UART_TX_FIFO);
		assert_memory_equal(sim.tx, msg, UART_TX_FIFO);
		sim.tx_busy = true;
		assert_int_equal(uart16550_tx(&u, msg, sizeof(msg)), 0);
		sim.tx_busy = false;
		assert_int_equal(uart16550_tx(&u, msg + 16, 3), 3);
		assert_memory_equal(sim.tx + 16, msg + 16, 3);
	}
}

static void test_irqs(void **state)
{
	struct uart16550 u;
	unsigned writes;

	(void)state;
	for (int l = 0; l < 2; l++) {
		fresh(&u, l, 0);
		writes = sim.ier_writes;
		uart16550_tx_irq(&u, true);
		assert_true(sim.ier & UART_IER_THRI);
		uart16550_tx_irq(&u, true);		/* no change: not written */
		assert_int_equal(sim.ier_writes, writes + 1);
		assert_int_equal(uart16550_causes(&u), UART_IER_THRI);
		assert_int_equal(uart16550_causes(&u), 0);	/* reading IIR cleared it */

		sim.rx[0] = 'x';
		sim.rx_n = 1;
		sim.rx_pos = 0;
		assert_int_equal(uart16550_causes(&u), UART_IER_RDI);

		sim.dw_busy = true;	/* DesignWare: LCR written while busy */
		sim.rx_pos = 1;
		assert_int_equal(uart16550_causes(&u), 0);
		assert_int_equal(sim.usr_reads, 1);

		uart16550_tx_irq(&u, false);
		assert_false(sim.ier & UART_IER_THRI);
		uart16550_rearm(&u);
		assert_int_equal(sim.ier, UART_IER_RDI | UART_IER_RLSI);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_bad_layout),
		cmocka_unit_test(test_rx),
		cmocka_unit_test(test_tx),
		cmocka_unit_test(test_irqs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
