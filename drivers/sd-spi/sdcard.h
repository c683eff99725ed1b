/* An SD/SDHC card in SPI mode: commands, CRC7/CRC16, responses, init, block reads and writes. No Pier calls here. */
#ifndef SDCARD_H
#define SDCARD_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Portable: it reaches the card only through struct sd_bus, so the host
 * unit test runs it against a simulated card (tests/host/sd_card_sim.c)
 * and the driver against the SPI service. SD Physical Layer Simplified
 * Specification, chapter 7 ("SPI Mode").
 *
 * Every wait is bounded twice: by a deadline on the bus's clock and by a
 * count of polls, so a card that never answers (or a clock that stands
 * still) ends the request with SD_E_TIMEOUT, never a hang.
 */
#define SD_SECTOR 512u
#define SD_XFER_MAX 224u        /* bytes one bus transfer may move (the SPI protocol's limit) */

struct sd_bus {
	void *ctx;
	/* n bytes out (tx NULL: 0xff) and n in (rx may be NULL), chip select as it is; 0 or < 0. */
	int (*xfer)(void *ctx, const uint8_t *tx, uint8_t *rx, uint32_t n);
	int (*select)(void *ctx, bool on);
	/* n bytes of 0xff with the chip select released (clocks the card needs). */
	int (*idle)(void *ctx, uint32_t n);
	/* SCK at most hz; returns the rate set, or < 0. */
	int (*rate)(void *ctx, uint32_t hz);
	uint64_t (*now_us)(void *ctx);
};

enum sd_status {
	SD_OK = 0,
	SD_E_NOCARD = -1,     /* nothing answers CMD0 */
	SD_E_TIMEOUT = -2,    /* a response, token or busy wait ran past its deadline */
	SD_E_CRC = -3,        /* a CRC did not match (ours of its data, or the card's of our command) */
	SD_E_CARD = -4,       /* an R1 with error bits, or a data error token */
	SD_E_UNUSABLE = -5,   /* a voltage or check pattern mismatch, an unknown CSD */
	SD_E_BUS = -6,        /* the bus (the SPI service) failed */
	SD_E_WRITE = -7,      /* the card rejected written data */
	SD_E_RANGE = -8,      /* the card said out of range / address error */
};

struct sd_rxstream {          /* bytes received but not yet used */
	uint8_t b[SD_XFER_MAX];
	uint32_t pos, n;
};

struct sdcard {
	struct sd_bus bus;
	bool v2;                  /* answered CMD8: physical layer 2.00 or later */
	bool hc;                  /* CCS: block addressing (SDHC/SDXC) */
	bool crc_on;              /* the card checks our CRCs (CMD59 accepted) */
	uint64_t sectors;         /* from the CSD */
	uint8_t csd[16];
	uint8_t last_r1;          /* the last R1 an error came from */
	struct sd_rxstream rx;
};

uint8_t sd_crc7(const uint8_t *p, uint32_t n);
uint16_t sd_crc16(const uint8_t *p, uint32_t n);
/* The 6 bytes of a command: start bits, index, argument, CRC7 and end bit. */
void sd_cmd_frame(uint8_t out[6], uint8_t idx, uint32_t arg);
/* Sectors from a CSD (v1 or v2); 0 for an unknown structure. */
uint64_t sd_csd_sectors(const uint8_t csd[16]);

/* Identify and initialise the card (400 kHz is set first). SD_OK or an SD_E_* status. */
int sd_init(struct sdcard *c, const struct sd_bus *bus);
/* count sectors from lba into buf / from buf. */
int sd_read(struct sdcard *c, uint64_t lba, uint32_t count, uint8_t *buf);
int sd_write(struct sdcard *c, uint64_t lba, uint32_t count, const uint8_t *buf);

/* Bounds: an R1 within SD_NCR bytes; a read token within SD_READ_US; busy within SD_BUSY_US. */
#define SD_NCR 8u
#define SD_INIT_US 1000000u       /* ACMD41 until the card leaves idle: the spec's 1 s */
#define SD_READ_US 200000u        /* 100 ms in the spec; some slack */
#define SD_BUSY_US 1000000u       /* write busy: 250 ms SDSC, 500 ms SDHC in the spec */
#define SD_POLLS_MAX 100000u      /* polls of any one wait, whatever the clock says */

#endif
