/* SiFive SPI controller (sifive,spi0) hardware: registers, divider, chip selects, FIFO steps. No Pier calls here. */
#ifndef SPISIFIVE_H
#define SPISIFIVE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * 32-bit registers, word access only (FU540-C000 manual, chapter "SPI";
 * the FU740 has the same block). FIFOs of 8 frames each way. IP bits are
 * levels computed from the FIFO fill against the watermarks: TXWM while
 * the TX FIFO holds fewer than txmark frames, RXWM while the RX FIFO
 * holds more than rxmark.
 */
enum spisifive_reg {
	SPI_SCKDIV = 0x00,   /* bits 11:0: SCK = f_in / (2 * (div + 1)) */
	SPI_SCKMODE = 0x04,  /* bit 0 PHA, bit 1 POL */
	SPI_CSID = 0x10,     /* which chip select the hardware drives */
	SPI_CSDEF = 0x14,    /* inactive level per chip select (1: active low) */
	SPI_CSMODE = 0x18,   /* SPI_CSMODE_* */
	SPI_DELAY0 = 0x28,   /* cssck 7:0, sckcs 23:16 */
	SPI_DELAY1 = 0x2c,   /* intercs 7:0, interxfr 23:16 */
	SPI_FMT = 0x40,      /* proto 1:0, endian bit 2, dir bit 3, len 19:16 */
	SPI_TXDATA = 0x48,   /* write: a frame; read: bit 31 = FIFO full */
	SPI_RXDATA = 0x4c,   /* read: bit 31 = FIFO was empty, else 7:0 a frame */
	SPI_TXMARK = 0x50,   /* 2:0 */
	SPI_RXMARK = 0x54,   /* 2:0 */
	SPI_FCTRL = 0x60,    /* bit 0: the memory-mapped flash mode */
	SPI_FFMT = 0x64,     /* the flash mode's command format */
	SPI_IE = 0x70,
	SPI_IP = 0x74,
};
#define SPI_REGS_END 0x78u

#define SPI_CSMODE_AUTO 0u   /* asserted during each frame */
#define SPI_CSMODE_HOLD 2u   /* asserted from the first frame until CSMODE changes */
#define SPI_CSMODE_OFF 3u    /* the hardware leaves CS at its inactive level */
#define SPI_FMT_LEN8 (8u << 16)
#define SPI_FMT_DIR_TX (1u << 3)   /* set: received frames are dropped */
#define SPI_TXDATA_FULL 0x80000000u
#define SPI_RXDATA_EMPTY 0x80000000u
#define SPI_IP_TXWM 0x1u
#define SPI_IP_RXWM 0x2u
#define SPI_SCKDIV_MAX 0xfffu
#define SPI_FIFO 8u

struct spisifive {
	uintptr_t base;      /* where the registers are mapped */
	uint64_t in_hz;      /* the controller's input clock */
	uint32_t ncs;        /* chip selects it has (1..32) */
};

/*
 * The divider for at most hz from in_hz: the smallest div with
 * in_hz / (2 * (div + 1)) <= hz, clamped to SPI_SCKDIV_MAX (then the
 * rate is as slow as the hardware goes, which may still be above hz).
 * *out gets the rate it gives. Pure arithmetic.
 */
uint32_t spisifive_div(uint64_t in_hz, uint32_t hz, uint32_t *out);

/* Mode 0, 8-bit MSB-first frames, flash mode off, interrupts off, FIFOs drained. */
void spisifive_init(struct spisifive *s, uintptr_t base, uint64_t in_hz, uint32_t ncs);
/* Set the divider for at most hz; returns the rate set. */
uint32_t spisifive_rate(struct spisifive *s, uint32_t hz);
/* Drive chip select cs: held asserted (HOLD), released (AUTO: between frames),
 * or kept inactive while frames go out (OFF). */
void spisifive_cs(struct spisifive *s, uint32_t cs, uint32_t mode);

/*
 * A transfer as FIFO steps, so the glue can wait for the interrupt between
 * them. spisifive_push writes up to SPI_FIFO frames not yet sent (never
 * more than the RX FIFO can take: at most SPI_FIFO in flight) and sets
 * the RX watermark so RXWM says exactly those arrived; spisifive_pull
 * reads what arrived (true when all of them). spisifive_irq turns the
 * RXWM interrupt on or off. *done grows to len.
 */
struct spisifive_xfer {
	const uint8_t *tx;   /* NULL: send 0xff */
	uint8_t *rx;
	uint32_t len, sent, done;
};
void spisifive_push(struct spisifive *s, struct spisifive_xfer *x);
bool spisifive_pull(struct spisifive *s, struct spisifive_xfer *x);
void spisifive_irq(struct spisifive *s, bool on);
/* Is RXWM pending now (the step's frames all arrived)? */
bool spisifive_rx_ready(struct spisifive *s);

#endif
