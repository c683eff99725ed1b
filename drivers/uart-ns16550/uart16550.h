/* 16550-compatible UART hardware: registers, init, FIFOs and interrupt enables. No Pier calls here. */
#ifndef UART16550_H
#define UART16550_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Register i lives at base + (i << shift) and is accessed reg_io_width
 * bytes wide (1, or 4 on the DesignWare APB UART of the VisionFive 2),
 * as the device tree's reg-shift and reg-io-width say.
 */
enum uart16550_reg {
	UART_RBR = 0,   /* receive buffer (read) */
	UART_THR = 0,   /* transmit holding (write) */
	UART_DLL = 0,   /* divisor latch low (LCR.DLAB set) */
	UART_IER = 1,   /* interrupt enable */
	UART_DLM = 1,   /* divisor latch high (LCR.DLAB set) */
	UART_IIR = 2,   /* interrupt identification (read) */
	UART_FCR = 2,   /* FIFO control (write) */
	UART_LCR = 3,   /* line control */
	UART_MCR = 4,   /* modem control */
	UART_LSR = 5,   /* line status */
	UART_MSR = 6,   /* modem status */
	UART_USR = 31,  /* DesignWare only: UART status; reading clears "busy" */
};

#define UART_IER_RDI   0x01u  /* receive data available (and timeout) */
#define UART_IER_THRI  0x02u  /* transmit holding register empty */
#define UART_IER_RLSI  0x04u  /* receive line status */
#define UART_IIR_NONE  0x01u  /* no interrupt pending */
#define UART_IIR_ID    0x0fu  /* which interrupt, highest priority first: */
#define UART_IIR_MSI   0x00u  /*   modem status */
#define UART_IIR_THRI  0x02u  /*   transmitter empty; cleared by reading IIR */
#define UART_IIR_RDI   0x04u  /*   receive data */
#define UART_IIR_RLSI  0x06u  /*   line status error */
#define UART_IIR_BUSY  0x07u  /*   DesignWare: LCR written while busy */
#define UART_IIR_RTO   0x0cu  /*   receive timeout: data waits below the trigger */
#define UART_FCR_INIT  0x07u  /* enable FIFOs, clear both; receive trigger 1 byte */
#define UART_LCR_8N1   0x03u
#define UART_LCR_DLAB  0x80u  /* divisor latch access */
#define UART_MCR_INIT  0x0bu  /* DTR, RTS, OUT2 (which gates the IRQ line on PC-style boards) */
#define UART_LSR_DR    0x01u  /* receive data ready */
#define UART_LSR_THRE  0x20u  /* transmit FIFO empty */

/* Bytes we may write after THRE: the 16550A's FIFO (DesignWare ones are deeper). */
#define UART_TX_FIFO 16u

struct uart16550 {
	uintptr_t base;    /* where register 0 is mapped */
	uint32_t shift;    /* reg-shift */
	uint32_t width;    /* reg-io-width: 1 or 4 */
	uint8_t ier;       /* what IER holds: it is never read back */
};

/* Returns -1 for a width other than 1 or 4, or a shift above 4. */
int uart16550_init(struct uart16550 *u, uintptr_t base, uint32_t shift,
		   uint32_t width, uint64_t clock_hz, uint32_t baud);
/* Read received bytes into buf, at most max; returns how many. */
uint32_t uart16550_rx(struct uart16550 *u, uint8_t *buf, uint32_t max);
/* Write up to n bytes if the transmitter is empty (at most UART_TX_FIFO); returns how many. */
uint32_t uart16550_tx(struct uart16550 *u, const uint8_t *buf, uint32_t n);
/* Ask for (or stop) the transmitter-empty interrupt. */
void uart16550_tx_irq(struct uart16550 *u, bool on);
/* Write IER again: a cause still pending raises the line anew. */
void uart16550_rearm(struct uart16550 *u);
/* Read IIR until no cause is pending, clearing the ones that reading clears;
 * returns the receive and transmit causes seen (UART_IER_* bits). */
uint32_t uart16550_causes(struct uart16550 *u);

#endif
