/* sd-spi: struct sd_bus over the SPI service (pier/spi.h): each bus step is a call. */
#include <string.h>
#include <libpier.h>
#include <pier/spi.h>
#include "spibus.h"

static int xfer(void *ctx, const uint8_t *tx, uint8_t *rx, uint32_t n)
{
	struct spibus *b = ctx;
	struct {
		struct pier_spi_xfer h;
		uint8_t data[PIER_SPI_XFER_MAX];
	} req;
	uint8_t in[PIER_SPI_XFER_MAX];
	uint32_t got;
	int rc;

	if (n == 0 || n > PIER_SPI_XFER_MAX)
		return PIER_E_ARG;
	req.h = (struct pier_spi_xfer){ .cs = b->cs, .len = (uint16_t)n,
					.flags = tx ? 0 : PIER_SPI_TX_ONES };
	if (tx)
		memcpy(req.data, tx, n);
	rc = pier_call(b->spi, PIER_SPI_XFER, &req, (uint32_t)sizeof(req.h) + (tx ? n : 0),
		       in, sizeof(in), &got);
	b->calls++;
	if (rc == PIER_OK && got != n)
		rc = PIER_E_STATE;
	if (rc == PIER_OK && rx)
		memcpy(rx, in, n);
	return rc;
}

static int cs_call(struct spibus *b, uint32_t type)
{
	struct pier_spi_cs c = { b->cs, 0 };
	uint32_t got;

	b->calls++;
	return pier_call(b->spi, type, &c, sizeof(c), NULL, 0, &got);
}

static int sel(void *ctx, bool on)
{
	return cs_call(ctx, on ? PIER_SPI_SELECT : PIER_SPI_DESELECT);
}

/* Bytes with CS released: a transfer while this chip select is not selected. */
static int idle(void *ctx, uint32_t n)
{
	struct spibus *b = ctx;
	int rc = cs_call(b, PIER_SPI_DESELECT);

	for (uint32_t done = 0; rc == PIER_OK && done < n; done += PIER_SPI_XFER_MAX)
		rc = xfer(b, NULL, NULL, n - done < PIER_SPI_XFER_MAX ? n - done : PIER_SPI_XFER_MAX);
	return rc;
}

static int rate(void *ctx, uint32_t hz)
{
	struct spibus *b = ctx;
	struct pier_spi_setup s = { b->cs, hz };
	uint32_t got;
	int rc = pier_call(b->spi, PIER_SPI_SETUP, &s, sizeof(s), &s, sizeof(s), &got);

	b->calls++;
	if (rc != PIER_OK)
		return rc;
	b->hz = s.hz;
	return (int)(s.hz & 0x7fffffff);
}

static uint64_t now_us(void *ctx)
{
	struct pier_time t;

	(void)ctx;
	if (pier_time_now(&t) != PIER_OK)
		return UINT64_MAX;	/* no clock: every deadline has passed */
	return t.ns / 1000;
}

void spibus_bind(struct spibus *b, struct sd_bus *bus)
{
	*bus = (struct sd_bus){ b, xfer, sel, idle, rate, now_us };
}
