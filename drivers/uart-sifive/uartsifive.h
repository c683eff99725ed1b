/* SiFive UART (sifive,uart0) hardware: registers, init, FIFOs and interrupt enables. No Pier calls here. */
#ifndef UARTSIFIVE_H
#define UARTSIFIVE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Seven 32-bit registers, accessed only as whole words (FU540/FU740
 * manuals, chapter "UART"). Data is always 8 bits with no parity; the
 * FIFOs hold 8 bytes each. Interrupts are levels, not events: a pending
 * bit says how full a FIFO is, and reading changes nothing.
 */
enum uartsifive_reg {
	SIFIVE_TXDATA = 0x00,  /* write: a byte to send; read: bit 31 = TX FIFO full */
	SIFIVE_RXDATA = 0x04,  /* read: bit 31 = RX FIFO was empty, else bits 7:0 = a byte */
	SIFIVE_TXCTRL = 0x08,  /* bit 0 enable, bit 1 two stop bits, bits 18:16 watermark */
	SIFIVE_RXCTRL = 0x0c,  /* bit 0 enable, bits 18:16 watermark */
	SIFIVE_IE = 0x10,      /* interrupt enables: the IP bits */
	SIFIVE_IP = 0x14,      /* pending: what the FIFO levels say now */
	SIFIVE_DIV = 0x18,     /* baud divisor: bus clock / baud - 1 */
};

#define SIFIVE_TXDATA_FULL   0x80000000u
#define SIFIVE_RXDATA_EMPTY  0x80000000u
#define SIFIVE_CTRL_EN       0x1u
#define SIFIVE_TXCTRL_NSTOP  0x2u         /* two stop bits; clear for 8N1 */
#define SIFIVE_CTRL_CNT(n)   ((uint32_t)(n) << 16)
#define SIFIVE_CTRL_CNT_MASK SIFIVE_CTRL_CNT(7)
#define SIFIVE_IP_TXWM       0x1u         /* TX FIFO holds fewer than its watermark */
#define SIFIVE_IP_RXWM       0x2u         /* RX FIFO holds more than its watermark */

/* Bytes the TX FIFO holds: once it is empty (TXWM with watermark 1), that many writes fit. */
#define SIFIVE_TX_FIFO 8u

struct uartsifive {
	uintptr_t base;    /* where the registers are mapped */
	uint32_t ie;       /* what IE holds */
};

void uartsifive_init(struct uartsifive *u, uintptr_t base);
/* Read received bytes into buf, at most max; returns how many. */
uint32_t uartsifive_rx(struct uartsifive *u, uint8_t *buf, uint32_t max);
/* Write up to n bytes while the TX FIFO has room; returns how many. */
uint32_t uartsifive_tx(struct uartsifive *u, const uint8_t *buf, uint32_t n);
/* Ask for (or stop) the interrupt that says the TX FIFO is empty. */
void uartsifive_tx_irq(struct uartsifive *u, bool on);
/* Write IE again, so a level still pending raises the line anew. */
void uartsifive_rearm(struct uartsifive *u);

#endif
