/* A simulated SD card in SPI mode: a byte at a time in, a byte out, as the SD spec's chapter 7 says a card does. */
#include <string.h>
#include "sd_card_sim.h"
#include "sdcard.h"

enum { M_CMD, M_ARG, M_READ, M_WTOKEN, M_WDATA };

static void put(struct sdsim *s, uint8_t b)
{
	if (s->outt < sizeof(s->out))
		s->out[s->outt++] = b;
}

static uint8_t r1(struct sdsim *s, uint8_t bits)
{
	return (uint8_t)(bits | (s->idle ? 0x01 : 0));
}

static void respond(struct sdsim *s, uint8_t b)
{
	put(s, 0xff);		/* Ncr: one byte */
	put(s, b);
}

static void csd(struct sdsim *s, uint8_t c[16])
{
	memset(c, 0, 16);
	if (s->hc) {
		uint32_t c_size = s->sectors / 1024 - 1;

		c[0] = 0x40;
		c[5] = 9;
		c[7] = (uint8_t)(c_size >> 16 & 0x3f);
		c[8] = (uint8_t)(c_size >> 8);
		c[9] = (uint8_t)c_size;
	} else {
		/* 512-byte blocks, C_SIZE_MULT 7 (x512): C_SIZE + 1 = sectors / 512. */
		uint32_t c_size = s->sectors / 512 - 1;

		c[5] = 9;
		c[6] = (uint8_t)(c_size >> 10 & 3);
		c[7] = (uint8_t)(c_size >> 2);
		c[8] = (uint8_t)(c_size << 6);
		c[9] = 3;
		c[10] = 0x80;
	}
	c[15] = (uint8_t)(sd_crc7(c, 15) << 1 | 1);
}

static void data_block(struct sdsim *s, const uint8_t *d, unsigned n, bool corrupt)
{
	uint16_t crc = sd_crc16(d, n);

	put(s, 0xff);		/* Nac */
	put(s, 0xfe);
	for (unsigned i = 0; i < n; i++)
		put(s, (uint8_t)(d[i] ^ (corrupt && i == 7 ? 0x10 : 0)));
	put(s, (uint8_t)(crc >> 8));
	put(s, (uint8_t)crc);
}

/* The sector an address names, or -1 (and the R1 bits to answer). */
static int64_t sector_of(struct sdsim *s, uint32_t arg, uint8_t *bits)
{
	uint64_t lba = s->hc ? arg : arg / 512;

	if (!s->hc && arg % 512) {
		*bits = 0x20;
		return -1;
	}
	if (lba >= s->sectors) {
		*bits = 0x40;
		return -1;
	}
	return (int64_t)lba;
}

static void command(struct sdsim *s)
{
	uint8_t idx = s->cmd[0] & 0x3f, bits = 0, c[16];
	uint32_t arg = (uint32_t)s->cmd[1] << 24 | (uint32_t)s->cmd[2] << 16 |
		       (uint32_t)s->cmd[3] << 8 | s->cmd[4];
	bool app = s->app;
	int64_t lba;

	s->app = false;
	s->cmds[idx]++;
	/* CMD0 and CMD8 are always checked; the rest once CRCs are on. */
	if ((s->crc_on || idx == 0 || idx == 8) &&
	    s->cmd[5] != (uint8_t)(sd_crc7(s->cmd, 5) << 1 | 1)) {
		s->crc_errors++;
		respond(s, r1(s, 0x08));
		return;
	}
	if (idx == 0) {
		s->idle = true, s->ready = false, s->crc_on = false;
		s->polls_left = s->powerup_polls;
		respond(s, 0x01);
		return;
	}
	if (s->idle && idx != 8 && idx != 55 && idx != 41 && idx != 58 && idx != 59 && idx != 12) {
		respond(s, r1(s, 0x04));
		return;
	}
	switch (idx) {
	case 8:
		if (s->v1) {
			respond(s, r1(s, 0x04));
			return;
		}
		respond(s, r1(s, 0));
		put(s, 0), put(s, 0), put(s, (uint8_t)(arg >> 8 & 0xf));
		put(s, (uint8_t)(s->bad_echo ? ~arg : arg));
		return;
	case 59:
		s->crc_on = arg & 1;
		respond(s, r1(s, 0));
		return;
	case 55:
		s->app = true;
		respond(s, r1(s, 0));
		return;
	case 41:
		if (!app) {
			respond(s, r1(s, 0x04));
			return;
		}
		/* An SDHC card stays idle for a host that does not say HCS. */
		if (!s->never_ready && (!s->hc || (arg & (1u << 30))) && (s->polls_left == 0 || --s->polls_left == 0))
			s->idle = false, s->ready = true;
		respond(s, r1(s, 0));
		return;
	case 58:
		respond(s, r1(s, 0));
		put(s, (uint8_t)((s->ready ? 0x80 : 0) | (s->ready && s->hc ? 0x40 : 0)));
		put(s, 0xff), put(s, 0x80), put(s, 0);
		return;
	case 16:
		respond(s, r1(s, arg == 512 || s->hc ? 0 : 0x40));
		return;
	case 9:
		respond(s, r1(s, 0));
		csd(s, c);
		data_block(s, c, 16, false);
		return;
	case 12:
		s->mode = M_CMD;
		put(s, 0xff);	/* stuff byte */
		respond(s, r1(s, 0));
		put(s, 0x00);	/* R1b: a byte of busy */
		return;
	case 17:
	case 18:
	case 24:
	case 25:
		if ((lba = sector_of(s, arg, &bits)) < 0) {
			respond(s, r1(s, bits));
			return;
		}
		respond(s, r1(s, 0));
		if (idx < 24) {
			s->rd_lba = (uint32_t)lba, s->rd_multi = idx == 18, s->mode = M_READ;
		} else {
			s->wr_lba = (uint32_t)lba, s->wr_multi = idx == 25, s->mode = M_WTOKEN;
		}
		return;
	}
	respond(s, r1(s, 0x04));
}

static void written(struct sdsim *s)
{
	uint16_t crc = (uint16_t)(s->wbuf[512] << 8 | s->wbuf[513]);
	uint8_t resp = 0x05;

	if (s->crc_on && crc != sd_crc16(s->wbuf, 512)) {
		s->crc_errors++;
		resp = 0x0b;
	} else if (s->reject_writes) {
		s->reject_writes--;
		resp = 0x0d;
	} else if (s->wr_lba >= s->sectors) {
		resp = 0x0d;
	} else {
		memcpy(s->disk + (uint64_t)s->wr_lba * 512, s->wbuf, 512);
		s->wr_lba++;
	}
	put(s, resp);
	for (unsigned i = 0; i < s->busy_bytes; i++)
		put(s, 0x00);
	s->mode = s->wr_multi && resp == 0x05 ? M_WTOKEN : M_CMD;
	if (resp != 0x05)
		s->wr_multi = false;
}

void sdsim_init(struct sdsim *s, uint8_t *disk, uint32_t sectors, bool hc)
{
	memset(s, 0, sizeof(*s));
	s->disk = disk, s->sectors = sectors, s->hc = hc;
	s->powerup_polls = 3;
	s->busy_bytes = 3;
	s->idle = true;
}

void sdsim_cs(struct sdsim *s, bool selected)
{
	s->selected = selected;
}

uint8_t sdsim_byte(struct sdsim *s, uint8_t in)
{
	uint8_t o = 0xff;

	if (!s->selected || s->absent)
		return 0xff;
	s->bytes++;
	if (s->outh < s->outt) {
		o = s->out[s->outh++];
		if (s->outh == s->outt)
			s->outh = s->outt = 0;
	} else if (s->busy_forever && s->mode == M_CMD && s->cmds[24] + s->cmds[25]) {
		o = 0x00;
	}
	switch (s->mode) {
	case M_CMD:
		if ((in & 0xc0) == 0x40) {
			s->cmd[0] = in, s->cmdn = 1, s->mode = M_ARG;
		}
		break;
	case M_ARG:
		s->cmd[s->cmdn++] = in;
		if (s->cmdn == 6) {
			s->mode = M_CMD;
			command(s);
		}
		break;
	case M_READ:
		if ((in & 0xc0) == 0x40) {	/* a command (CMD12) stops the stream */
			s->outh = s->outt = 0;
			s->cmd[0] = in, s->cmdn = 1, s->mode = M_ARG;
			break;
		}
		if (s->outh == s->outt) {
			if (s->rd_lba >= s->sectors) {
				put(s, 0x08);	/* data error token: out of range */
				s->mode = M_CMD;
			} else {
				data_block(s, s->disk + (uint64_t)s->rd_lba * 512, 512,
					   s->corrupt_reads && s->corrupt_reads--);
				s->rd_lba++;
				if (!s->rd_multi)
					s->mode = M_CMD;
			}
		}
		break;
	case M_WTOKEN:
		if (in == 0xfe || (s->wr_multi && in == 0xfc)) {
			s->wn = 0, s->mode = M_WDATA;
		} else if (s->wr_multi && in == 0xfd) {
			s->mode = M_CMD;
			for (unsigned i = 0; i < s->busy_bytes; i++)
				put(s, 0x00);
		} else if ((in & 0xc0) == 0x40) {
			s->cmd[0] = in, s->cmdn = 1, s->mode = M_ARG;
		}
		break;
	case M_WDATA:
		s->wbuf[s->wn++] = in;
		if (s->wn == 514)
			written(s);
		break;
	}
	return o;
}
