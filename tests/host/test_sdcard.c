/* Host tests of the SD-over-SPI logic against a simulated card: CRCs, CSD, init, reads, writes, faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sdcard.h"
#include "sd_card_sim.h"

#define SECTORS 2048u      /* 1 MiB */

static struct sdsim card;
static uint8_t disk[SECTORS * 512];
static uint64_t clock_us;
static unsigned xfers, xfer_fail_at;    /* fail the nth transfer (0: never) */
static bool cs_high_bytes_ok = true;

static int bus_xfer(void *ctx, const uint8_t *tx, uint8_t *rx, uint32_t n)
{
	(void)ctx;
	assert_true(n >= 1 && n <= SD_XFER_MAX);
	if (xfer_fail_at && ++xfers == xfer_fail_at)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t b = sdsim_byte(&card, tx ? tx[i] : 0xff);

		if (rx)
			rx[i] = b;
	}
	clock_us += 10 + n;
	return 0;
}

static int bus_select(void *ctx, bool on)
{
	(void)ctx;
	sdsim_cs(&card, on);
	return 0;
}

static int bus_idle(void *ctx, uint32_t n)
{
	bool was = card.selected;

	(void)ctx;
	assert_true(cs_high_bytes_ok);
	sdsim_cs(&card, false);
	for (uint32_t i = 0; i < n; i++)
		(void)sdsim_byte(&card, 0xff);
	sdsim_cs(&card, was);
	clock_us += n;
	return 0;
}

static uint32_t rate_set;

static int bus_rate(void *ctx, uint32_t hz)
{
	(void)ctx;
	rate_set = hz;
	return (int)hz;
}

static uint64_t bus_now(void *ctx)
{
	(void)ctx;
	return clock_us;
}

static const struct sd_bus bus = { NULL, bus_xfer, bus_select, bus_idle, bus_rate, bus_now };

static void fresh(bool hc)
{
	for (unsigned i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i * 31 + i / 512);
	sdsim_init(&card, disk, SECTORS, hc);
	clock_us = 0;
	xfers = xfer_fail_at = 0;
}

static void test_crc(void **state)
{
	uint8_t f[6], z[512];

	(void)state;
	/* The spec's examples: CMD0 is 40 00 00 00 00 95; CMD8(0x1aa) ends 87. */
	sd_cmd_frame(f, 0, 0);
	assert_int_equal(f[0], 0x40);
	assert_int_equal(f[5], 0x95);
	sd_cmd_frame(f, 8, 0x1aa);
	assert_int_equal(f[5], 0x87);
	/* CMD17 arg 0: 0x55 (crc7 0x2a). */
	sd_cmd_frame(f, 17, 0);
	assert_int_equal(f[5], 0x55);
	/* CRC16: a block of 0xff is 0x7fa1 (the spec's example). */
	memset(z, 0xff, sizeof(z));
	assert_int_equal(sd_crc16(z, 512), 0x7fa1);
	/* "123456789": CRC-16/XMODEM check value 0x31c3. */
	assert_int_equal(sd_crc16((const uint8_t *)"123456789", 9), 0x31c3);
}

static void test_csd(void **state)
{
	uint8_t c[16] = { 0 };

	(void)state;
	/* CSD 2.0, C_SIZE 0x3b37 (a 7.4 GiB card): (C_SIZE + 1) * 1024 sectors. */
	c[0] = 0x40, c[7] = 0x00, c[8] = 0x3b, c[9] = 0x37;
	assert_int_equal(sd_csd_sectors(c), (uint64_t)(0x3b37 + 1) * 1024);
	/* CSD 1.0: READ_BL_LEN 10, C_SIZE 4095, C_SIZE_MULT 7: 2 GiB. */
	memset(c, 0, sizeof(c));
	c[5] = 10, c[6] = 0x03, c[7] = 0xff, c[8] = 0xc0, c[9] = 0x03, c[10] = 0x80;
	assert_int_equal(sd_csd_sectors(c), 2ull * 1024 * 1024 * 1024 / 512);
	/* Unknown structure, or block length out of range: 0. */
	c[0] = 0x80;
	assert_int_equal(sd_csd_sectors(c), 0);
	c[0] = 0, c[5] = 3;
	assert_int_equal(sd_csd_sectors(c), 0);
}

static void init_ok(struct sdcard *c, bool hc)
{
	fresh(hc);
	assert_int_equal(sd_init(c, &bus), SD_OK);
	assert_int_equal(c->sectors, SECTORS);
	assert_int_equal(c->hc, hc);
	assert_true(c->v2);
	assert_true(c->crc_on);
	assert_false(card.idle);
	assert_int_equal(card.crc_errors, 0);
	assert_false(card.selected);
}

static void test_init(void **state)
{
	struct sdcard c;

	(void)state;
	init_ok(&c, true);
	assert_int_equal(rate_set, 400000);
	assert_int_equal(card.cmds[16], 0);       /* SDHC: no CMD16 */
	assert_int_equal(card.cmds[41], 3);       /* polled until ready */
	init_ok(&c, false);
	assert_int_equal(card.cmds[16], 1);       /* SDSC: 512-byte blocks set */
	/* A version 1 card: no CMD8, no HCS, byte addresses. */
	fresh(false);
	card.v1 = true;
	assert_int_equal(sd_init(&c, &bus), SD_OK);
	assert_false(c.v2);
	assert_false(c.hc);
	assert_int_equal(card.cmds[58], 0);
}

static void test_init_faults(void **state)
{
	struct sdcard c;

	(void)state;
	fresh(true);
	card.absent = true;
	assert_int_equal(sd_init(&c, &bus), SD_E_NOCARD);
	fresh(true);
	card.never_ready = true;
	assert_int_equal(sd_init(&c, &bus), SD_E_TIMEOUT);
	assert_true(clock_us >= SD_INIT_US);       /* gave it the whole second */
	assert_true(clock_us < 3 * SD_INIT_US);
	fresh(true);
	card.bad_echo = true;
	assert_int_equal(sd_init(&c, &bus), SD_E_UNUSABLE);
	fresh(true);
	xfer_fail_at = 12;	/* past the recovery's transfers, inside identification */
	assert_int_equal(sd_init(&c, &bus), SD_E_BUS);
	assert_false(card.selected);
}

static void rw(bool hc)
{
	struct sdcard c;
	static uint8_t buf[8 * 512], back[8 * 512];

	init_ok(&c, hc);
	/* One sector and a run, read: what the disk holds. */
	assert_int_equal(sd_read(&c, 5, 1, buf), SD_OK);
	assert_memory_equal(buf, disk + 5 * 512, 512);
	assert_int_equal(sd_read(&c, 100, 8, buf), SD_OK);
	assert_memory_equal(buf, disk + 100 * 512, 8 * 512);
	assert_int_equal(card.cmds[12], 2);        /* init's, and the stream's stop */
	/* Written: on the disk, and read back. */
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i ^ 0x5a);
	assert_int_equal(sd_write(&c, 7, 1, buf), SD_OK);
	assert_memory_equal(disk + 7 * 512, buf, 512);
	assert_int_equal(sd_write(&c, SECTORS - 8, 8, buf), SD_OK);
	assert_memory_equal(disk + (SECTORS - 8) * 512, buf, 8 * 512);
	assert_int_equal(sd_read(&c, SECTORS - 8, 8, back), SD_OK);
	assert_memory_equal(back, buf, 8 * 512);
	assert_int_equal(card.crc_errors, 0);
	/* Out of range: refused before the card sees it. */
	assert_int_equal(sd_read(&c, SECTORS, 1, buf), SD_E_RANGE);
	assert_int_equal(sd_write(&c, SECTORS - 1, 2, buf), SD_E_RANGE);
	assert_int_equal(sd_read(&c, 0, 0, buf), SD_E_RANGE);
}

static void test_rw_hc(void **state)
{
	(void)state;
	rw(true);
}

static void test_rw_sc(void **state)
{
	(void)state;
	rw(false);
}

static void test_io_faults(void **state)
{
	struct sdcard c;
	static uint8_t buf[4 * 512];

	(void)state;
	init_ok(&c, true);
	/* A corrupted block: our CRC16 check catches it; the next read is fine. */
	card.corrupt_reads = 1;
	assert_int_equal(sd_read(&c, 3, 1, buf), SD_E_CRC);
	assert_int_equal(sd_read(&c, 3, 1, buf), SD_OK);
	assert_memory_equal(buf, disk + 3 * 512, 512);
	card.corrupt_reads = 1;
	assert_int_equal(sd_read(&c, 3, 4, buf), SD_E_CRC);
	assert_int_equal(sd_read(&c, 3, 4, buf), SD_OK);
	/* The card refuses written data: SD_E_WRITE, the disk unchanged. */
	memset(buf, 0xee, sizeof(buf));
	card.reject_writes = 1;
	assert_int_equal(sd_write(&c, 9, 1, buf), SD_E_WRITE);
	assert_memory_not_equal(disk + 9 * 512, buf, 512);
	card.reject_writes = 1;
	assert_int_equal(sd_write(&c, 20, 4, buf), SD_E_WRITE);
	assert_int_equal(sd_write(&c, 20, 4, buf), SD_OK);   /* and it recovers */
	assert_memory_equal(disk + 20 * 512, buf, 4 * 512);
	/* Busy that never ends: a timeout, bounded. */
	card.busy_forever = true;
	clock_us = 0;
	assert_int_equal(sd_write(&c, 30, 1, buf), SD_E_TIMEOUT);
	assert_true(clock_us < 4 * SD_BUSY_US);
	/* The bus failing mid-read. */
	card.busy_forever = false;
	init_ok(&c, true);
	xfer_fail_at = 3;
	assert_int_equal(sd_read(&c, 0, 4, buf), SD_E_BUS);
	assert_false(card.selected);
}

/* Left mid-stream (a driver killed): a new init still finds the card. */
static void test_reinit_midstream(void **state)
{
	struct sdcard c;
	uint8_t f[6], junk[100];

	(void)state;
	init_ok(&c, true);
	/* A CMD18 whose blocks are half read, then nothing more. */
	sdsim_cs(&card, true);
	sd_cmd_frame(f, 18, 0);
	assert_int_equal(bus_xfer(NULL, f, NULL, 6), 0);
	assert_int_equal(bus_xfer(NULL, NULL, junk, sizeof(junk)), 0);
	sdsim_cs(&card, false);
	assert_int_equal(sd_init(&c, &bus), SD_OK);
	assert_int_equal(c.sectors, SECTORS);
	/* A CMD25 left in a block's data. */
	sdsim_cs(&card, true);
	sd_cmd_frame(f, 25, 40);
	assert_int_equal(bus_xfer(NULL, f, NULL, 6), 0);
	assert_int_equal(bus_xfer(NULL, NULL, NULL, 4), 0);
	junk[0] = 0xfc;
	assert_int_equal(bus_xfer(NULL, junk, NULL, 1), 0);
	assert_int_equal(bus_xfer(NULL, junk, NULL, 50), 0);
	sdsim_cs(&card, false);
	assert_int_equal(sd_init(&c, &bus), SD_OK);
	{
		static uint8_t two[1024];

		assert_int_equal(sd_read(&c, 0, 2, two), SD_OK);
		assert_memory_equal(two, disk, sizeof(two));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_csd),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_init_faults),
		cmocka_unit_test(test_rw_hc),
		cmocka_unit_test(test_rw_sc),
		cmocka_unit_test(test_io_faults),
		cmocka_unit_test(test_reinit_midstream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
