/* SiFive UART (sifive,uart0) hardware: init, FIFO transfers, interrupt enables. */
#include "uartsifive.h"
#include "mmio32.h"

/*
 * Every access goes through reg_rd and reg_wr, over drivers/common/mmio32.h:
 * volatile 32-bit loads and stores on the target, a simulated register
 * file in the host unit test (MMIO_SIM).
 */

static uint32_t reg_rd(const struct uartsifive *u, enum uartsifive_reg r)
{
	return mmio_rd32(u->base + r);
}

static void reg_wr(const struct uartsifive *u, enum uartsifive_reg r, uint32_t v)
{
	mmio_wr32(u->base + r, v);
}

void uartsifive_init(struct uartsifive *u, uintptr_t base)
{
	u->base = base;
	u->ie = 0;
	reg_wr(u, SIFIVE_IE, 0);
	/*
	 * DIV is left as found. The divisor depends on the bus clock, which
	 * the device tree gives only as a "clocks" reference to the PRCI: we
	 * have no clock driver to resolve it. The firmware printed through
	 * this UART, so U-Boot (or OpenSBI) has already set 115200 baud for
	 * the clock it runs the bus at; QEMU ignores the divisor.
	 */
	/* TX watermark 1: TXWM is pending exactly when the FIFO is empty. */
	reg_wr(u, SIFIVE_TXCTRL, SIFIVE_CTRL_EN | SIFIVE_CTRL_CNT(1));
	/* RX watermark 0: RXWM is pending while any byte waits. */
	reg_wr(u, SIFIVE_RXCTRL, SIFIVE_CTRL_EN | SIFIVE_CTRL_CNT(0));
	/* Drop whatever was received before we were ready. */
	for (int i = 0; i < 64 && !(reg_rd(u, SIFIVE_RXDATA) & SIFIVE_RXDATA_EMPTY); i++)
		;
	u->ie = SIFIVE_IP_RXWM;
	reg_wr(u, SIFIVE_IE, u->ie);
}

uint32_t uartsifive_rx(struct uartsifive *u, uint8_t *buf, uint32_t max)
{
	uint32_t n = 0, v;

	/* Each read of RXDATA pops a byte: keep it unless "empty" is set. */
	while (n < max && !((v = reg_rd(u, SIFIVE_RXDATA)) & SIFIVE_RXDATA_EMPTY))
		buf[n++] = (uint8_t)v;
	return n;
}

uint32_t uartsifive_tx(struct uartsifive *u, const uint8_t *buf, uint32_t n)
{
	uint32_t i;

	/* A write to a full FIFO is dropped by the hardware: look first. The
	 * firmware's console (the kernel's log, through the SBI) shares it. */
	for (i = 0; i < n && i < SIFIVE_TX_FIFO; i++) {
		if (reg_rd(u, SIFIVE_TXDATA) & SIFIVE_TXDATA_FULL)
			break;
		reg_wr(u, SIFIVE_TXDATA, buf[i]);
	}
	return i;
}

void uartsifive_tx_irq(struct uartsifive *u, bool on)
{
	uint32_t ie = on ? (u->ie | SIFIVE_IP_TXWM) : (u->ie & ~SIFIVE_IP_TXWM);

	if (ie != u->ie) {
		u->ie = ie;
		reg_wr(u, SIFIVE_IE, ie);
	}
}

void uartsifive_rearm(struct uartsifive *u)
{
	reg_wr(u, SIFIVE_IE, 0);
	reg_wr(u, SIFIVE_IE, u->ie);
}
