/* spibad: the SPI protocol (pier/spi.h) with every bad request, and good ones around them, on spi0. */

/*
 * On QEMU sifive_u, spi0 is the flash controller (no flash attached
 * unless -drive if=mtd): what comes back is whatever the bus reads, so
 * only sizes and statuses are checked. Each bad request must get its own
 * status and leave the driver serving: a good transfer after each.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/spi.h>

static int fails;
static uint32_t spi;

static void check(const char *what, long got, long want)
{
	if (got != want) {
		printf("spibad: FAIL %s: got %ld (%s), want %ld\n", what, got,
		       got < 0 ? pier_strerror((int)got) : "", want);
		fails++;
	}
}

static struct {
	struct pier_spi_xfer h;
	uint8_t data[PIER_SPI_XFER_MAX + 8];
} req;
static uint8_t in[PIER_SPI_XFER_MAX + 8];

static int xfer(uint32_t cs, uint32_t len, uint32_t flags, uint32_t datalen, uint32_t *got)
{
	req.h = (struct pier_spi_xfer){ .cs = cs, .len = (uint16_t)len, .flags = (uint16_t)flags };
	return pier_call(spi, PIER_SPI_XFER, &req, (uint32_t)sizeof(req.h) + datalen, in,
			 sizeof(in), got);
}

static void good(const char *after)
{
	uint32_t got = 0;
	char what[64];

	snprintf(what, sizeof(what), "a transfer after %s", after);
	check(what, xfer(0, 16, 0, 16, &got), PIER_OK);
	check(what, got, 16);
}

int main(void)
{
	struct pier_hello h;
	struct pier_spi_setup s = { 0, 1000000 };
	struct pier_spi_cs c = { 0, 0 };
	uint32_t got;
	int rc;

	if ((rc = pier_lookup("spi0", &spi)) != PIER_OK) {
		printf("spibad: FAIL lookup spi0: %s\n", pier_strerror(rc));
		return 1;
	}
	check("hello", pier_call_exact(spi, PIER_HELLO, 0, 0, &h, sizeof(h)), PIER_OK);
	check("hello's protocol", h.proto, PIER_PROTO_SPI);
	/* Setup: the rate set is never above the rate asked. */
	check("setup", pier_call_exact(spi, PIER_SPI_SETUP, &s, sizeof(s), &s, sizeof(s)), PIER_OK);
	check("setup's rate at most 1 MHz", s.hz > 0 && s.hz <= 1000000, 1);
	s = (struct pier_spi_setup){ 0, 0 };
	check("setup 0 Hz", pier_call(spi, PIER_SPI_SETUP, &s, sizeof(s), &s, sizeof(s), &got),
	      PIER_E_ARG);
	s = (struct pier_spi_setup){ h.info, 1000 };
	check("setup cs past the last", pier_call(spi, PIER_SPI_SETUP, &s, sizeof(s), &s,
						  sizeof(s), &got), PIER_E_ARG);
	check("setup short", pier_call(spi, PIER_SPI_SETUP, &s, 4, 0, 0, &got), PIER_E_PACKET_SIZE);
	good("bad setups");
	/* Chip selects. */
	check("select", pier_call(spi, PIER_SPI_SELECT, &c, sizeof(c), 0, 0, &got), PIER_OK);
	good("select");
	check("deselect", pier_call(spi, PIER_SPI_DESELECT, &c, sizeof(c), 0, 0, &got), PIER_OK);
	c.cs = 0xffffffffu;
	check("select cs ~0", pier_call(spi, PIER_SPI_SELECT, &c, sizeof(c), 0, 0, &got),
	      PIER_E_ARG);
	check("deselect long", pier_call(spi, PIER_SPI_DESELECT, &c, sizeof(c) + 4, 0, 0, &got),
	      PIER_E_PACKET_SIZE);
	/* Transfers. */
	check("len 0", xfer(0, 0, 0, 0, &got), PIER_E_ARG);
	check("len over the max", xfer(0, PIER_SPI_XFER_MAX + 1, 0, PIER_SPI_XFER_MAX + 1, &got),
	      PIER_E_ARG);
	check("data shorter than len", xfer(0, 16, 0, 15, &got), PIER_E_ARG);
	check("data with TX_ONES", xfer(0, 16, PIER_SPI_TX_ONES, 16, &got), PIER_E_ARG);
	check("unknown flag", xfer(0, 16, 0x80, 16, &got), PIER_E_ARG);
	check("cs past the last", xfer(h.info, 16, 0, 16, &got), PIER_E_ARG);
	check("header short", pier_call(spi, PIER_SPI_XFER, &req, 4, in, sizeof(in), &got),
	      PIER_E_PACKET_SIZE);
	check("unknown type", pier_call(spi, PIER_PROTO(PIER_PROTO_SPI) | 99u, 0, 0, 0, 0, &got),
	      PIER_E_TYPE);
	/* A send is no call: nothing to answer, nothing queued. */
	check("a send", pier_send(spi, PIER_SPI_XFER, &req, sizeof(req.h) + 16), PIER_OK);
	good("bad transfers");
	/* The largest, with and without data. */
	check("the largest", xfer(0, PIER_SPI_XFER_MAX, 0, PIER_SPI_XFER_MAX, &got), PIER_OK);
	check("its reply", got, PIER_SPI_XFER_MAX);
	check("the largest of ones", xfer(0, PIER_SPI_XFER_MAX, PIER_SPI_TX_ONES, 0, &got), PIER_OK);
	check("its reply", got, PIER_SPI_XFER_MAX);
	if (!fails)
		printf("spibad: done\n");
	return fails != 0;
}
