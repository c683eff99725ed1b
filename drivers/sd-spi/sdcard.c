/* SD in SPI mode: the byte stream from the card, commands and their responses, init, reads and writes. */
#include <string.h>
#include "sdcard.h"

#define R1_IDLE 0x01u
#define R1_ILLEGAL 0x04u
#define R1_CRC 0x08u
#define R1_ADDRESS 0x20u
#define R1_PARAM 0x40u
#define R1_ERRORS 0x7eu
#define TOKEN_SINGLE 0xfeu       /* read blocks; write one block */
#define TOKEN_MULTI 0xfcu        /* each block of CMD25 */
#define TOKEN_STOP 0xfdu         /* ends CMD25 */

/* ---- the byte stream: what the card sent, read ahead in bus transfers ---- */

static void rx_reset(struct sdcard *c)
{
	c->rx.pos = c->rx.n = 0;
}

/* The next byte from the card, reading up to want bytes ahead (1..SD_XFER_MAX). */
static int rx_byte(struct sdcard *c, uint32_t want, uint8_t *out)
{
	if (c->rx.pos == c->rx.n) {
		if (want == 0 || want > SD_XFER_MAX)
			want = SD_XFER_MAX;
		if (c->bus.xfer(c->bus.ctx, NULL, c->rx.b, want) < 0)
			return SD_E_BUS;
		c->rx.pos = 0;
		c->rx.n = want;
	}
	*out = c->rx.b[c->rx.pos++];
	return SD_OK;
}

/* n bytes from the card into out. Bounded by n. */
static int rx_bytes(struct sdcard *c, uint8_t *out, uint32_t n)
{
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if ((rc = rx_byte(c, n - i, &out[i])) != SD_OK)
			return rc;
	return SD_OK;
}

/* The first byte other than `skip` before the deadline: a token, an R1, the end of busy. */
static int rx_wait(struct sdcard *c, uint8_t skip, uint32_t us, uint32_t chunk, uint8_t *out)
{
	uint64_t end = c->bus.now_us(c->bus.ctx) + us;
	int rc;

	/* Bounded by SD_POLLS_MAX and by the deadline. */
	for (uint32_t i = 0; i < SD_POLLS_MAX; i++) {
		if ((rc = rx_byte(c, chunk, out)) != SD_OK)
			return rc;
		if (*out != skip)
			return SD_OK;
		if (c->rx.pos == c->rx.n && c->bus.now_us(c->bus.ctx) > end)
			break;
	}
	return SD_E_TIMEOUT;
}

/* ---- commands ---- */

/*
 * Send command idx and read its R1 (and nextra bytes after it: R3, R7).
 * The response comes within SD_NCR bytes; the bytes read ahead stay in
 * the stream for a data token that follows. CMD12's first byte back is a
 * stuff byte, skipped.
 */
static int cmd(struct sdcard *c, uint8_t idx, uint32_t arg, uint8_t *extra, uint32_t nextra)
{
	uint8_t f[6], r1 = 0xff;
	int rc;

	sd_cmd_frame(f, idx, arg);
	rx_reset(c);
	if (c->bus.xfer(c->bus.ctx, f, NULL, sizeof(f)) < 0)
		return SD_E_BUS;
	if (idx == 12 && (rc = rx_byte(c, 1, &r1)) != SD_OK)
		return rc;
	/* Bounded by SD_NCR: the response's first bit is 0. */
	for (uint32_t i = 0; i < SD_NCR; i++) {
		if ((rc = rx_byte(c, SD_NCR + 1 - i + nextra, &r1)) != SD_OK)
			return rc;
		if (!(r1 & 0x80))
			break;
	}
	if (r1 & 0x80)
		return SD_E_TIMEOUT;
	c->last_r1 = r1;
	if (nextra && (rc = rx_bytes(c, extra, nextra)) != SD_OK)
		return rc;
	return r1;
}

/* An R1 other than 0 (or idle, when idle is fine) as a status. */
static int r1_status(int r1, bool idle_ok)
{
	if (r1 < 0)
		return r1;
	if (r1 & R1_CRC)
		return SD_E_CRC;
	if (r1 & (R1_ADDRESS | R1_PARAM))
		return SD_E_RANGE;
	if ((r1 & R1_ERRORS) || (!idle_ok && (r1 & R1_IDLE)))
		return SD_E_CARD;
	return SD_OK;
}

/* Wait until the card stops holding the line low (busy), within us. */
static int busy_wait(struct sdcard *c, uint32_t us)
{
	uint8_t b;

	return rx_wait(c, 0x00, us, 8, &b);
}

/* Release the card: CS high, then a byte so it lets go of the line. */
static int deselect(struct sdcard *c, int rc)
{
	int r = c->bus.select(c->bus.ctx, false);

	if (r >= 0)
		r = c->bus.idle(c->bus.ctx, 1);
	return rc != SD_OK ? rc : r < 0 ? SD_E_BUS : SD_OK;
}

/* A data block from the card: token, n bytes, CRC16 checked. */
static int read_block(struct sdcard *c, uint8_t *out, uint32_t n)
{
	uint8_t tok, crc[2];
	int rc;

	if ((rc = rx_wait(c, 0xff, SD_READ_US, 16, &tok)) != SD_OK)
		return rc;
	if (tok != TOKEN_SINGLE) {
		/* A data error token: 000x xxxx, bit 3 out of range. */
		if ((tok & 0xe0) == 0)
			return tok & 0x08 ? SD_E_RANGE : SD_E_CARD;
		return SD_E_CARD;
	}
	if ((rc = rx_bytes(c, out, n)) != SD_OK || (rc = rx_bytes(c, crc, 2)) != SD_OK)
		return rc;
	if (sd_crc16(out, n) != (uint16_t)(crc[0] << 8 | crc[1]))
		return SD_E_CRC;
	return SD_OK;
}

/* ---- init ---- */

static int identify(struct sdcard *c)
{
	uint8_t r7[4], ocr[4];
	uint64_t end;
	int r1 = -1, rc;

	/* CMD0 until idle: a card busy from an earlier stream may miss the first. */
	for (int i = 0; i < 10 && r1 != R1_IDLE; i++)
		if ((r1 = cmd(c, 0, 0, NULL, 0)) == SD_E_BUS)
			return r1;
	if (r1 != R1_IDLE)
		return r1 == SD_E_TIMEOUT ? SD_E_NOCARD : SD_E_CARD;
	/* CRCs on: the card then rejects a command or data we garbled. A card
	 * that refuses checks nothing; we check its CRCs all the same. */
	c->crc_on = cmd(c, 59, 1, NULL, 0) == R1_IDLE;
	/* CMD8: 2.7-3.6 V (1) and the check pattern 0xaa, echoed in R7. */
	if ((r1 = cmd(c, 8, 0x1aa, r7, 4)) < 0)
		return r1;
	if (r1 & R1_ILLEGAL) {
		c->v2 = false;	/* a version 1 card: standard capacity */
	} else if ((rc = r1_status(r1, true)) != SD_OK) {
		return rc;
	} else if ((r7[2] & 0xf) != 1 || r7[3] != 0xaa) {
		return SD_E_UNUSABLE;
	} else {
		c->v2 = true;
	}
	/* ACMD41 (HCS when v2) until the card leaves idle. */
	end = c->bus.now_us(c->bus.ctx) + SD_INIT_US;
	for (uint32_t i = 0;; i++) {
		if ((rc = r1_status(cmd(c, 55, 0, NULL, 0), true)) != SD_OK)
			return rc;
		if ((r1 = cmd(c, 41, c->v2 ? 1u << 30 : 0, NULL, 0)) < 0)
			return r1;
		if ((rc = r1_status(r1, true)) != SD_OK)
			return rc;
		if (!(r1 & R1_IDLE))
			break;
		if (i >= SD_POLLS_MAX || c->bus.now_us(c->bus.ctx) > end)
			return SD_E_TIMEOUT;
	}
	c->hc = false;
	if (c->v2) {
		/* CMD58: the OCR; CCS (bit 30) says block addressing. */
		if ((rc = r1_status(cmd(c, 58, 0, ocr, 4), true)) != SD_OK)
			return rc;
		c->hc = ocr[0] & 0x40;
	}
	if (!c->hc && (rc = r1_status(cmd(c, 16, SD_SECTOR, NULL, 0), true)) != SD_OK)
		return rc;
	/* CMD9: the CSD, as a 16-byte data block; its own CRC7 in the last byte. */
	if ((rc = r1_status(cmd(c, 9, 0, NULL, 0), true)) != SD_OK ||
	    (rc = read_block(c, c->csd, 16)) != SD_OK)
		return rc;
	if ((c->csd[15] | 1) != (uint8_t)(sd_crc7(c->csd, 15) << 1 | 1))
		return SD_E_CRC;
	if ((c->sectors = sd_csd_sectors(c->csd)) == 0)
		return SD_E_UNUSABLE;
	return SD_OK;
}

int sd_init(struct sdcard *c, const struct sd_bus *bus)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->bus = *bus;
	if (c->bus.rate(c->bus.ctx, 400000) < 0)
		return SD_E_BUS;
	/* 80 clocks and more with CS high: the card enters its native mode ready for CMD0. */
	if (c->bus.idle(c->bus.ctx, 10) < 0 || c->bus.select(c->bus.ctx, true) < 0)
		return SD_E_BUS;
	/*
	 * A card an earlier driver left mid-stream (it was killed) may still
	 * take a block of written data or stream read blocks. Bytes of 0xff
	 * finish a block it waits for (that write was never acknowledged, so
	 * its sector may hold anything), and CMD12 ends a read stream; a card
	 * at rest takes the first as idle and answers the second "illegal".
	 */
	for (uint32_t i = 0; i < SD_SECTOR + 8; i += SD_XFER_MAX)
		if (c->bus.xfer(c->bus.ctx, NULL, NULL, SD_XFER_MAX) < 0)
			return deselect(c, SD_E_BUS);
	(void)cmd(c, 12, 0, NULL, 0);
	(void)busy_wait(c, SD_BUSY_US);
	rc = identify(c);
	return deselect(c, rc);
}

/* ---- reads and writes ---- */

static uint32_t addr_of(const struct sdcard *c, uint64_t lba)
{
	return (uint32_t)(c->hc ? lba : lba * SD_SECTOR);
}

int sd_read(struct sdcard *c, uint64_t lba, uint32_t count, uint8_t *buf)
{
	int rc, rc2;

	if (count == 0 || lba >= c->sectors || count > c->sectors - lba)
		return SD_E_RANGE;
	if (c->bus.select(c->bus.ctx, true) < 0)
		return SD_E_BUS;
	rc = r1_status(cmd(c, count == 1 ? 17 : 18, addr_of(c, lba), NULL, 0), false);
	/* Bounded by count: a block each. */
	for (uint32_t i = 0; rc == SD_OK && i < count; i++)
		rc = read_block(c, buf + (uint64_t)i * SD_SECTOR, SD_SECTOR);
	if (count > 1) {
		/* CMD12 ends the stream, even after an error; its R1b busy after. */
		rc2 = r1_status(cmd(c, 12, 0, NULL, 0), false);
		if (rc2 == SD_OK)
			rc2 = busy_wait(c, SD_BUSY_US);
		if (rc == SD_OK)
			rc = rc2;
	}
	return deselect(c, rc);
}

/* One block out: Nwr byte, token, data, CRC16; then the data response and busy. */
static int write_block(struct sdcard *c, uint8_t token, const uint8_t *data)
{
	uint8_t hdr[2] = { 0xff, token }, crc[2], resp;
	uint16_t crc16 = sd_crc16(data, SD_SECTOR);
	int rc;

	crc[0] = (uint8_t)(crc16 >> 8);
	crc[1] = (uint8_t)crc16;
	if (c->bus.xfer(c->bus.ctx, hdr, NULL, 2) < 0)
		return SD_E_BUS;
	/* Bounded: SD_SECTOR / SD_XFER_MAX + 1 transfers. */
	for (uint32_t off = 0; off < SD_SECTOR; off += SD_XFER_MAX) {
		uint32_t n = SD_SECTOR - off < SD_XFER_MAX ? SD_SECTOR - off : SD_XFER_MAX;

		if (c->bus.xfer(c->bus.ctx, data + off, NULL, n) < 0)
			return SD_E_BUS;
	}
	if (c->bus.xfer(c->bus.ctx, crc, NULL, 2) < 0)
		return SD_E_BUS;
	rx_reset(c);
	/* The data response xxx0sss1 follows at once; allow a few bytes. */
	for (uint32_t i = 0; i < SD_NCR; i++) {
		if ((rc = rx_byte(c, SD_NCR - i, &resp)) != SD_OK)
			return rc;
		if (resp != 0xff)
			break;
	}
	if ((resp & 0x11) != 0x01)
		return SD_E_TIMEOUT;
	switch (resp & 0x1f) {
	case 0x05:
		break;
	case 0x0b:
		return SD_E_CRC;
	default:
		return SD_E_WRITE;
	}
	return busy_wait(c, SD_BUSY_US);
}

int sd_write(struct sdcard *c, uint64_t lba, uint32_t count, const uint8_t *buf)
{
	uint8_t stop[2] = { TOKEN_STOP, 0xff };
	int rc, rc2;

	if (count == 0 || lba >= c->sectors || count > c->sectors - lba)
		return SD_E_RANGE;
	if (c->bus.select(c->bus.ctx, true) < 0)
		return SD_E_BUS;
	rc = r1_status(cmd(c, count == 1 ? 24 : 25, addr_of(c, lba), NULL, 0), false);
	/* Bounded by count. */
	for (uint32_t i = 0; rc == SD_OK && i < count; i++)
		rc = write_block(c, count == 1 ? TOKEN_SINGLE : TOKEN_MULTI,
				 buf + (uint64_t)i * SD_SECTOR);
	if (count > 1 && c->last_r1 == 0) {
		/* The stop token ends CMD25 (after an error too), then busy. */
		rx_reset(c);
		rc2 = c->bus.xfer(c->bus.ctx, stop, NULL, 2) < 0 ? SD_E_BUS
								 : busy_wait(c, SD_BUSY_US);
		if (rc == SD_OK)
			rc = rc2;
	}
	return deselect(c, rc);
}
