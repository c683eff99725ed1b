/* blkload's load and restart modes: two clients streaming at once, each through its own session. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/names.h>
#include "blkload.h"

#define CLIENTS 2u
#define REQ (64u * 1024u)          /* bytes a request */
#define REGION (256u * 1024u)
#define KILL_AT 8u                 /* client 0 has the driver killed after this many writes */

static uint64_t seed;
static uint32_t total, kill_driver, done_clients, killer;
static uint32_t worker[CLIENTS];
/* What each client saw, printed by the last one done (two ports writing
 * stdout at once could interleave their lines). */
static struct { uint64_t wsum, rsum; uint32_t reopens; } seen[CLIENTS];

/*
 * The driver's space, found before the load starts: init's name port
 * runs below the clients, and a driver that polls (sd-spi) keeps the CPU
 * busy above it, so a lookup from the killer could wait until the load
 * is over.
 */
static uint64_t driver_space;

static uint64_t find_driver(void)
{
	struct pier_names_list req = { 0 };
	struct pier_service_info si;

	for (; pier_call_exact(PIER_H_PARENT, PIER_NAMES_LIST, &req, sizeof(req), &si,
			       sizeof(si)) == PIER_OK; req.index++)
		if (strcmp(si.name, service) == 0)
			return si.space;
	return 0;
}

/* The killer port, above the clients: the driver's space ends while the other client waits on it. */
static int on_kill(const struct pier_packet *pkt)
{
	(void)pkt;
	check("kill the driver", pier_kill(driver_space), PIER_OK);
	printf("blkload: killed the driver of %s\n", service);
	return PIER_OK;
}

static int on_worker(const struct pier_packet *pkt)
{
	uint32_t c = (uint32_t)pkt->data[0], half = total / CLIENTS;
	uint64_t first = (uint64_t)c * half / 512u, wsum = 0xcbf29ce484222325ull, rsum = wsum;
	struct pier_blk b;
	int rc;

	if (pkt->size != 1 || c >= CLIENTS)
		return PIER_E_ARG;
	check("open", rc = pier_blk_open(&b, service, REGION), PIER_OK);
	if (rc != PIER_OK)
		finish();
	/* Each request goes at a different place in the region, so a bug
	 * mixing offsets shows. */
	for (uint32_t off = 0, i = 0; off < half; off += REQ, i++) {
		uint32_t at = (i % (REGION / REQ)) * REQ;
		uint64_t lba = first + off / 512u;

		fill(b.region + at, seed, lba, REQ / 512u);
		wsum = checksum(wsum, b.region + at, REQ);
		check("write", pier_blk_write(&b, lba, REQ / 512u, at), PIER_OK);
		if (kill_driver && c == 0 && i == KILL_AT)
			check("wake the killer", pier_send(killer, 1, 0, 0), PIER_OK);
	}
	check("flush", pier_blk_flush(&b), PIER_OK);
	for (uint32_t off = 0, i = 0; off < half; off += REQ, i++) {
		uint32_t at = ((i + 1) % (REGION / REQ)) * REQ;

		memset(b.region + at, 0, REQ);
		check("read", pier_blk_read(&b, first + off / 512u, REQ / 512u, at), PIER_OK);
		rsum = checksum(rsum, b.region + at, REQ);
	}
	seen[c].wsum = wsum;
	seen[c].rsum = rsum;
	seen[c].reopens = b.reopens;
	check("close", pier_blk_close(&b), PIER_OK);
	if (++done_clients < CLIENTS)
		return PIER_OK;
	for (c = 0; c < CLIENTS; c++) {
		printf("blkload: client %u wrote %u bytes, checksum %016llx, read back %016llx\n", c,
		       half, (unsigned long long)seen[c].wsum, (unsigned long long)seen[c].rsum);
		check("checksums match", seen[c].wsum == seen[c].rsum, 1);
		if (kill_driver)
			printf("blkload: client %u opened its session again %u times\n", c,
			       seen[c].reopens);
	}
	finish();
}

void load(uint64_t s, uint32_t bytes, int kill)
{
	seed = s;
	total = bytes;
	kill_driver = (uint32_t)kill;
	if (kill) {
		check("killer port", pier_port_create(on_kill, 24, 1, 0, &killer), PIER_OK);
		check("find the driver", (driver_space = find_driver()) != 0, 1);
	}
	for (uint8_t c = 0; c < CLIENTS; c++) {
		check("worker port", pier_port_create(on_worker, 22, 1, 0, &worker[c]), PIER_OK);
		check("start worker", pier_send(worker[c], 1, &c, 1), PIER_OK);
	}
}
