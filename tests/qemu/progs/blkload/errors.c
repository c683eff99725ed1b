/* blkload's errors, readonly and child modes: each bad request gets its own status; sessions are the opener's. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include "blkload.h"

#define FULL_PORTS (PIER_BLK_DEPTH + 1u)

static struct pier_blk b;
static uint32_t full_port[FULL_PORTS], full_done, full_count, full_ok;

static int io(uint32_t type, uint64_t session, uint64_t lba, uint32_t count, uint32_t offset)
{
	struct pier_blk_io r = { session, lba, count, offset };

	return pier_blk_request(&b, type, &r, sizeof(r));
}

/* One of PIER_BLK_DEPTH + 1 requests on one session at once: one must find it full. */
static int on_full(const struct pier_packet *pkt)
{
	int rc = io(PIER_BLK_READ, b.session, (uint64_t)pkt->data[0] * 128u, 128, 0);

	full_count += rc == PIER_E_FULL;
	full_ok += rc == PIER_OK;
	if (++full_done == FULL_PORTS) {
		check("one of PIER_BLK_DEPTH + 1 at once found the session full", full_count, 1);
		check("the others read", full_ok, PIER_BLK_DEPTH);
		check("close", pier_blk_close(&b), PIER_OK);
		finish();
	}
	return PIER_OK;
}

static uint32_t starter;

static int on_start_full(const struct pier_packet *pkt)
{
	(void)pkt;
	for (uint8_t i = 0; i < FULL_PORTS; i++) {
		check("port", pier_port_create(on_full, 22, 1, 0, &full_port[i]), PIER_OK);
		check("start", pier_send(full_port[i], 1, &i, 1), PIER_OK);
	}
	return PIER_OK;
}

/* Open sessions until the driver has no more; close them again. */
static uint32_t open_all(void)
{
	struct pier_blk more[8];
	uint32_t n = 0;

	while (n < 8 && pier_blk_open(&more[n], service, 4096) == PIER_OK)
		n++;
	for (uint32_t i = 0; i < n; i++)
		pier_blk_close(&more[i]);
	return n;
}

static int alive(uint64_t space)
{
	struct pier_space_info si;

	/* Bounded by the spaces there are: PIER_E_NOENT past the last. */
	for (uint32_t i = 0; pier_space_info(i, &si) == PIER_OK; i++)
		if (si.id == space)
			return 1;
	return 0;
}

static void wait_ms(uint32_t ms)
{
	struct pier_time t0, t;

	pier_time_now(&t0);
	do
		pier_time_now(&t);
	while (t.ns - t0.ns < ms * 1000000ull);
}

void errors(void)
{
	struct pier_blk_open op = { .size = 4096 };
	struct pier_blk_session cs;
	struct pier_meminfo m0, m1 = { 0 };
	uint64_t sectors, id, space;
	uint32_t max;
	char cmd[64];

	check("open", pier_blk_open(&b, service, 64u * 1024u), PIER_OK);
	sectors = b.info.sectors;
	max = b.info.max_size / b.info.sector_size;
	id = b.session;
	check("info with data", pier_blk_request(&b, PIER_BLK_INFO, &op, 1), PIER_E_PACKET_SIZE);
	check("info, reply buffer too small",
	      pier_call(b.svc, PIER_BLK_INFO, 0, 0, &op, 4, 0), PIER_E_REPLY_SIZE);
	check("unknown type", pier_blk_request(&b, PIER_BLK_INFO + 99, 0, 0), PIER_E_TYPE);
	check("open without a port", pier_blk_request(&b, PIER_BLK_OPEN, &op, sizeof(op)), PIER_E_HANDLE);
	op.size = 0;
	check("open of 0 bytes", pier_blk_request(&b, PIER_BLK_OPEN, &op, sizeof(op)), PIER_E_ARG);
	op.size = 4097;
	check("open, not whole pages", pier_blk_request(&b, PIER_BLK_OPEN, &op, sizeof(op)), PIER_E_ARG);
	op.size = PIER_BLK_REGION_MAX + 4096;
	check("open, too big", pier_blk_request(&b, PIER_BLK_OPEN, &op, sizeof(op)), PIER_E_ARG);
	check("read, short packet", pier_blk_request(&b, PIER_BLK_READ, &id, sizeof(id)), PIER_E_PACKET_SIZE);
	check("read of 0 sectors", io(PIER_BLK_READ, id, 0, 0, 0), PIER_E_ARG);
	check("read over max_size", io(PIER_BLK_READ, id, 0, max + 1, 0), PIER_E_ARG);
	check("session 0", io(PIER_BLK_READ, 0, 0, 1, 0), PIER_E_SESSION);
	check("a session never opened", io(PIER_BLK_READ, id ^ 0x80, 0, 1, 0), PIER_E_SESSION);
	check("an earlier driver's session", io(PIER_BLK_READ, id ^ (1ull << 40), 0, 1, 0), PIER_E_RESTARTED);
	check("misaligned offset", io(PIER_BLK_READ, id, 0, 1, 100), PIER_E_MISALIGNED);
	check("offset past the region", io(PIER_BLK_READ, id, 0, 1, 64u * 1024u), PIER_E_REGION);
	check("run past the region", io(PIER_BLK_WRITE, id, 0, 2, 64u * 1024u - 512u), PIER_E_REGION);
	check("huge offset", io(PIER_BLK_READ, id, 0, 1, 0xfffffe00u), PIER_E_REGION);
	check("first sector past the end", io(PIER_BLK_READ, id, sectors, 1, 0), PIER_E_BOUNDS);
	check("run past the end", io(PIER_BLK_WRITE, id, sectors - 1, 2, 0), PIER_E_BOUNDS);
	check("wrapping lba", io(PIER_BLK_READ, id, ~0ull, 2, 0), PIER_E_BOUNDS);
	check("last sector", io(PIER_BLK_READ, id, sectors - 1, 1, 0), PIER_OK);
	check("flush, wrong size", pier_blk_request(&b, PIER_BLK_FLUSH, &op, 1), PIER_E_PACKET_SIZE);
	check("flush", pier_blk_flush(&b), PIER_OK);
	cs.session = id ^ 0x80;
	check("close a session never opened", pier_blk_request(&b, PIER_BLK_CLOSE, &cs, sizeof(cs)),
	      PIER_E_SESSION);

	/* Another space: our session is not its; its own region is clean; it
	 * dies without closing, and the driver gives the region back. */
	memset(b.region, 0xa5, 4096);
	check("write a marker", pier_blk_write(&b, 0, 8, 0), PIER_OK);
	check("free pages before", pier_meminfo(&m0), PIER_OK);
	snprintf(cmd, sizeof(cmd), "blkload %s child %llu", service, (unsigned long long)id);
	check("spawn the other space", pier_spawn(cmd, 9, b.svc, &space), PIER_OK);
	/* Wait for it to end (at most 2 s), then for its region to come back
	 * (its 64 pages would be missing otherwise). */
	for (int tries = 0; tries < 40 && alive(space); tries++)
		wait_ms(50);
	check("the child ended", alive(space), 0);
	for (int tries = 0; tries < 40; tries++) {
		wait_ms(50);
		pier_meminfo(&m1);
		if (m1.free_pages + 16 >= m0.free_pages)
			break;
	}
	check("the child's region freed after it died", m1.free_pages + 16 >= m0.free_pages, 1);
	check("our session still works", pier_blk_read(&b, 0, 8, 0), PIER_OK);
	check("our data still ours", b.region[4095], 0xa5);
	check("a space may open 4 sessions at most", (long)open_all(), PIER_BLK_SESSIONS_SPACE - 1);

	/* PIER_BLK_DEPTH + 1 calls at once on one session, made from a port
	 * above the driver, so they all wait in its queue before it runs. */
	check("starter port", pier_port_create(on_start_full, 21, 1, 0, &starter), PIER_OK);
	check("start", pier_send(starter, 1, 0, 0), PIER_OK);
	/* Answered from the ports; finish() is the last one's. */
}

/* The child's region port: there for the share, takes no packets. */
static int on_region(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_E_TYPE;
}

/* Started by errors with its service handle at PIER_H_PARENT. */
void child(uint64_t session)
{
	struct pier_blk_session cs = { session };
	struct pier_blk_io r = { session, 0, 8, 0 };
	struct pier_blk_open op = { .size = 256u * 1024u };
	struct pier_blk_opened out;
	uint32_t port;
	int rc;

	b.svc = PIER_H_PARENT;
	check("child: read through another space's session",
	      pier_blk_request(&b, PIER_BLK_READ, &r, sizeof(r)), PIER_E_SESSION);
	check("child: close another space's session",
	      pier_blk_request(&b, PIER_BLK_CLOSE, &cs, sizeof(cs)), PIER_E_SESSION);
	check("child: port", pier_port_create(on_region, PIER_PRIO_MIN, 1, PIER_PORT_SHARES, &port), PIER_OK);
	{
		struct pier_frame f = {
			.type = PIER_BLK_OPEN, .dst = PIER_H_PARENT, .pktsz = sizeof(op), .pkt = &op,
			.grant = port, .rbuf = &out, .rbufsz = sizeof(out),
		};
		check("child: open its own", rc = pier_call_frame(&f), PIER_OK);
	}
	if (rc == PIER_OK) {
		const uint8_t *p = (const uint8_t *)(uintptr_t)out.addr;
		uint32_t dirty = 0;

		for (uint32_t i = 0; i < op.size; i++)
			dirty += p[i] != 0;
		check("child: its new region is all zeros", dirty, 0);
		check("child: not the other's session", out.session != session, 1);
	}
	printf("blkload: child checked\n");
	/* Ends without closing: the driver must reclaim the session. */
	pier_exit(0);
}

void readonly(void)
{
	check("open", pier_blk_open(&b, service, 4096), PIER_OK);
	check("read-only flag", (b.info.flags & PIER_BLK_RO) != 0, 1);
	check("read", pier_blk_read(&b, 0, 1, 0), PIER_OK);
	check("write", pier_blk_write(&b, 0, 1, 0), PIER_E_READONLY);
	check("close", pier_blk_close(&b), PIER_OK);
	finish();
}

/* On a device whose reads of sector 100 fail (QEMU's blkdebug): PIER_E_IO, and nothing else breaks. */
void ioerror(void)
{
	check("open", pier_blk_open(&b, service, 4096), PIER_OK);
	check("read sector 0", pier_blk_read(&b, 0, 1, 0), PIER_OK);
	check("read sectors 96..103", pier_blk_read(&b, 96, 8, 0), PIER_E_IO);
	check("read sector 100", pier_blk_read(&b, 100, 1, 0), PIER_E_IO);
	check("read sector 101 after", pier_blk_read(&b, 101, 1, 0), PIER_OK);
	check("write sector 200", pier_blk_write(&b, 200, 1, 0), PIER_OK);
	check("flush", pier_blk_flush(&b), PIER_OK);
	check("close", pier_blk_close(&b), PIER_OK);
	finish();
}
