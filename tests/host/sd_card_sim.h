/* A simulated SD card in SPI mode for host tests: commands, CRCs, a RAM disk, and faults on demand. */
#ifndef SD_CARD_SIM_H
#define SD_CARD_SIM_H

#include <stdbool.h>
#include <stdint.h>

struct sdsim {
	/* what kind of card */
	bool hc;                 /* SDHC (block addressing, CSD 2.0); else SDSC, CSD 1.0 */
	bool v1;                 /* a version 1 card: CMD8 is illegal */
	uint32_t sectors;
	uint8_t *disk;           /* sectors * 512 bytes */
	unsigned powerup_polls;  /* ACMD41s before it leaves idle */
	/* faults */
	bool absent;             /* nothing answers */
	bool never_ready;        /* ACMD41 keeps saying idle */
	bool bad_echo;           /* CMD8's check pattern comes back wrong */
	unsigned corrupt_reads;  /* that many next read blocks have a byte flipped */
	unsigned reject_writes;  /* that many next written blocks answered "write error" */
	bool busy_forever;       /* after a write, busy never ends */
	unsigned busy_bytes;     /* bytes of busy after each write */
	/* state */
	bool selected, idle, app, crc_on, ready;
	unsigned polls_left;      /* ACMD41s until ready, from CMD0 on */
	int mode;
	uint8_t cmd[6];
	unsigned cmdn;
	uint8_t out[700];
	unsigned outh, outt;     /* queued bytes to send */
	uint32_t rd_lba;         /* next block of a read stream */
	bool rd_multi;
	uint32_t wr_lba;
	bool wr_multi;
	uint8_t wbuf[514];
	unsigned wn;
	/* what it saw */
	unsigned cmds[64];       /* commands by index */
	unsigned crc_errors;     /* commands or data with a CRC it rejected */
	uint64_t bytes;          /* every byte clocked while selected */
};

void sdsim_init(struct sdsim *s, uint8_t *disk, uint32_t sectors, bool hc);
void sdsim_cs(struct sdsim *s, bool selected);
uint8_t sdsim_byte(struct sdsim *s, uint8_t in);

#endif
