/* SiFive SPI controller (sifive,spi0) hardware: divider, init, chip selects, FIFO steps. */
#include "spisifive.h"
#include "mmio32.h"

/*
 * Every access goes through reg_rd and reg_wr, over drivers/common/mmio32.h:
 * volatile 32-bit loads and stores on the target, a simulated register
 * file in the host unit test (MMIO_SIM).
 */

static uint32_t reg_rd(const struct spisifive *s, enum spisifive_reg r)
{
	return mmio_rd32(s->base + r);
}

static void reg_wr(const struct spisifive *s, enum spisifive_reg r, uint32_t v)
{
	mmio_wr32(s->base + r, v);
}

uint32_t spisifive_div(uint64_t in_hz, uint32_t hz, uint32_t *out)
{
	uint64_t div;

	if (hz == 0)
		hz = 1;
	/* Smallest div with in / (2 (div + 1)) <= hz: div + 1 = ceil(in / 2hz). */
	div = (in_hz + 2ull * hz - 1) / (2ull * hz);
	div = div ? div - 1 : 0;
	if (div > SPI_SCKDIV_MAX)
		div = SPI_SCKDIV_MAX;
	if (out)
		*out = (uint32_t)(in_hz / (2 * (div + 1)));
	return (uint32_t)div;
}

void spisifive_init(struct spisifive *s, uintptr_t base, uint64_t in_hz, uint32_t ncs)
{
	s->base = base;
	s->in_hz = in_hz;
	s->ncs = ncs;
	reg_wr(s, SPI_IE, 0);
	reg_wr(s, SPI_FCTRL, 0);	/* the firmware may have left flash mode on */
	reg_wr(s, SPI_SCKMODE, 0);
	reg_wr(s, SPI_FMT, SPI_FMT_LEN8);	/* single lane, MSB first, full duplex */
	reg_wr(s, SPI_CSMODE, SPI_CSMODE_AUTO);
	reg_wr(s, SPI_TXMARK, 1);
	reg_wr(s, SPI_RXMARK, 0);
	/* Drop what a previous instance left; bounded by the FIFO's depth. */
	for (uint32_t i = 0; i < 2 * SPI_FIFO && !(reg_rd(s, SPI_RXDATA) & SPI_RXDATA_EMPTY); i++)
		;
	(void)spisifive_rate(s, 400000);	/* SD's identification rate until told */
}

uint32_t spisifive_rate(struct spisifive *s, uint32_t hz)
{
	uint32_t got;

	reg_wr(s, SPI_SCKDIV, spisifive_div(s->in_hz, hz, &got));
	return got;
}

void spisifive_cs(struct spisifive *s, uint32_t cs, uint32_t mode)
{
	reg_wr(s, SPI_CSID, cs);
	reg_wr(s, SPI_CSMODE, mode);
}

void spisifive_push(struct spisifive *s, struct spisifive_xfer *x)
{
	uint32_t n = x->len - x->sent;

	if (n > SPI_FIFO)
		n = SPI_FIFO;
	reg_wr(s, SPI_RXMARK, n - 1);
	for (uint32_t i = 0; i < n; i++)
		reg_wr(s, SPI_TXDATA, x->tx ? x->tx[x->sent + i] : 0xff);
	x->sent += n;
}

void spisifive_irq(struct spisifive *s, bool on)
{
	/* RXWM is a level: if the frames are already in, writing IE raises
	 * the line at once, so nothing is missed between push and this. */
	reg_wr(s, SPI_IE, on ? SPI_IP_RXWM : 0);
}

bool spisifive_rx_ready(struct spisifive *s)
{
	return reg_rd(s, SPI_IP) & SPI_IP_RXWM;
}

bool spisifive_pull(struct spisifive *s, struct spisifive_xfer *x)
{
	uint32_t v;

	/* At most the frames in flight: each read that is not "empty" pops one. */
	while (x->done < x->sent && !((v = reg_rd(s, SPI_RXDATA)) & SPI_RXDATA_EMPTY))
		x->rx[x->done++] = (uint8_t)v;
	if (x->done < x->sent) {
		/* Some frames still on the wire: wait for the rest. */
		reg_wr(s, SPI_RXMARK, x->sent - x->done - 1);
		return false;
	}
	return true;
}
