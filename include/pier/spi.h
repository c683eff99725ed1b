/* The SPI controller protocol: chip selects, clock and full-duplex transfers (service "spiN"). */
#ifndef PIER_SPI_H
#define PIER_SPI_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * One controller, several chip selects, one transfer at a time: the
 * driver holds each call (pier_hold) until its bytes have gone out and
 * come back, and serves calls in the order they arrive. Mode 0 (CPOL=0,
 * CPHA=0), 8-bit frames, MSB first.
 *
 * PIER_SPI_SETUP    call, req pier_spi_setup: the SCK rate for this chip
 *                   select, at most hz (the divider rounds down the rate,
 *                   never up). Reply pier_spi_setup with the rate set.
 * PIER_SPI_SELECT   call, req pier_spi_cs: assert the chip select (low)
 *                   and keep it asserted across transfers until DESELECT.
 * PIER_SPI_DESELECT call, req pier_spi_cs: release it (high).
 * PIER_SPI_XFER     call, req pier_spi_xfer + len bytes (or none with
 *                   PIER_SPI_TX_ONES): len bytes out, len bytes in; the
 *                   reply holds the bytes received. A transfer to a chip
 *                   select other than the selected one, or with none
 *                   selected, runs with every chip select released (SD
 *                   cards need clocks with CS high before their first
 *                   command).
 *
 * Errors: PIER_E_ARG (chip select past the controller's, len 0 or past
 * PIER_SPI_XFER_MAX, hz 0, data size not len), PIER_E_PACKET_SIZE.
 */
enum pier_spi_msg {
	PIER_SPI_SETUP = PIER_PROTO(PIER_PROTO_SPI) | 1u,
	PIER_SPI_SELECT = PIER_PROTO(PIER_PROTO_SPI) | 2u,
	PIER_SPI_DESELECT = PIER_PROTO(PIER_PROTO_SPI) | 3u,
	PIER_SPI_XFER = PIER_PROTO(PIER_PROTO_SPI) | 4u,
};

#define PIER_SPI_XFER_MAX 224u    /* bytes of one transfer: fits a packet with its header */
#define PIER_SPI_TX_ONES 0x1u     /* send 0xff bytes: the request carries no data */

struct pier_spi_setup {
	uint32_t cs;
	uint32_t hz;       /* wanted at most; in the reply: the rate set */
};

struct pier_spi_cs {
	uint32_t cs;
	uint32_t _pad;
};

struct pier_spi_xfer {
	uint32_t cs;
	uint16_t len;      /* 1..PIER_SPI_XFER_MAX */
	uint16_t flags;    /* PIER_SPI_* */
	/* then len bytes to send, unless PIER_SPI_TX_ONES */
};

#endif
