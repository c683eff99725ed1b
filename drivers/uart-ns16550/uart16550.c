/* 16550-compatible UART hardware: register access by reg-shift and reg-io-width, FIFOs, interrupts. */
#include "uart16550.h"

/*
 * Every access goes through reg_rd and reg_wr. The host unit test builds
 * this file with UART16550_SIM and supplies a simulated register file in
 * their place; on the target they are volatile loads and stores.
 */
#ifdef UART16550_SIM
uint32_t uart16550_sim_read(uintptr_t addr, uint32_t width);
void uart16550_sim_write(uintptr_t addr, uint32_t width, uint32_t val);
#endif

static uint32_t reg_rd(const struct uart16550 *u, enum uart16550_reg r)
{
	uintptr_t a = u->base + ((uintptr_t)r << u->shift);

#ifdef UART16550_SIM
	return uart16550_sim_read(a, u->width);
#else
	/* A DesignWare UART answers only whole 32-bit accesses. */
	if (u->width == 4)
		return *(volatile uint32_t *)a & 0xff;
	return *(volatile uint8_t *)a;
#endif
}

static void reg_wr(const struct uart16550 *u, enum uart16550_reg r, uint32_t v)
{
	uintptr_t a = u->base + ((uintptr_t)r << u->shift);

#ifdef UART16550_SIM
	uart16550_sim_write(a, u->width, v & 0xff);
#else
	if (u->width == 4)
		*(volatile uint32_t *)a = v & 0xff;
	else
		*(volatile uint8_t *)a = (uint8_t)v;
#endif
}

int uart16550_init(struct uart16550 *u, uintptr_t base, uint32_t shift,
		   uint32_t width, uint64_t clock_hz, uint32_t baud)
{
	if ((width != 1 && width != 4) || shift > 4)
		return -1;
	u->base = base;
	u->shift = shift;
	u->width = width;
	u->ier = 0;
	reg_wr(u, UART_IER, 0);
	/*
	 * The firmware already set the line up (it printed through it), so
	 * the divisor is rewritten only when the device tree gives the input
	 * clock: a board whose node has "clocks" instead keeps the firmware's
	 * rate, and QEMU ignores the divisor anyway.
	 */
	if (clock_hz && baud) {
		uint32_t div = (uint32_t)((clock_hz + 8u * baud) / (16u * baud));

		reg_wr(u, UART_LCR, UART_LCR_DLAB);
		reg_wr(u, UART_DLL, div & 0xff);
		reg_wr(u, UART_DLM, (div >> 8) & 0xff);
	}
	reg_wr(u, UART_LCR, UART_LCR_8N1);
	reg_wr(u, UART_FCR, UART_FCR_INIT);
	reg_wr(u, UART_MCR, UART_MCR_INIT);
	/* Drop whatever was received before we were ready. */
	for (int i = 0; i < 64 && (reg_rd(u, UART_LSR) & UART_LSR_DR); i++)
		(void)reg_rd(u, UART_RBR);
	u->ier = UART_IER_RDI | UART_IER_RLSI;
	reg_wr(u, UART_IER, u->ier);
	return 0;
}

uint32_t uart16550_rx(struct uart16550 *u, uint8_t *buf, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && (reg_rd(u, UART_LSR) & UART_LSR_DR))
		buf[n++] = (uint8_t)reg_rd(u, UART_RBR);
	return n;
}

uint32_t uart16550_tx(struct uart16550 *u, const uint8_t *buf, uint32_t n)
{
	uint32_t i;

	/* THRE means the whole FIFO is empty: that many writes cannot overrun it. */
	if (!(reg_rd(u, UART_LSR) & UART_LSR_THRE))
		return 0;
	for (i = 0; i < n && i < UART_TX_FIFO; i++)
		reg_wr(u, UART_THR, buf[i]);
	return i;
}

void uart16550_tx_irq(struct uart16550 *u, bool on)
{
	uint8_t ier = on ? (u->ier | UART_IER_THRI) : (u->ier & ~UART_IER_THRI);

	/* Rewriting THRI when the FIFO is empty raises the interrupt again:
	 * write only on a change. */
	if (ier != u->ier) {
		u->ier = ier;
		reg_wr(u, UART_IER, ier);
	}
}

void uart16550_rearm(struct uart16550 *u)
{
	reg_wr(u, UART_IER, 0);
	reg_wr(u, UART_IER, u->ier);
}

uint32_t uart16550_causes(struct uart16550 *u)
{
	uint32_t seen = 0, iir;

	/* Bounded: a wedged or absent device must not hang the driver. */
	for (int i = 0; i < 8; i++) {
		iir = reg_rd(u, UART_IIR) & UART_IIR_ID;
		/* Busy (7) has the "none pending" bit set, yet is pending. */
		if ((iir & UART_IIR_NONE) && iir != UART_IIR_BUSY)
			break;
		switch (iir) {
		case UART_IIR_RDI:
		case UART_IIR_RTO:
			return seen | UART_IER_RDI;	/* stays pending until read */
		case UART_IIR_THRI:
			seen |= UART_IER_THRI;		/* reading IIR cleared it */
			break;
		case UART_IIR_RLSI:
			(void)reg_rd(u, UART_LSR);
			break;
		case UART_IIR_BUSY:
			(void)reg_rd(u, UART_USR);
			break;
		default:
			(void)reg_rd(u, UART_MSR);
			break;
		}
	}
	return seen;
}
