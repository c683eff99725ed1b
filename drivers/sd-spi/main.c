/* sd-spi: serves an SD card in SPI mode as a block service (pier/block.h), a client of an SPI service. */

/*
 * init starts it as "sd-spi SERVICE SPI CS [HZ]" for an mmc-spi-slot
 * node: SPI the controller's service, CS the node's reg, HZ its
 * spi-max-frequency. It holds no device: every byte goes through the SPI
 * service (pier/spi.h), and the card logic is sdcard.c.
 *
 * Not a DMA driver: a session's region is ordinary memory of this space
 * (pier_map), shared into the client by blksrv.c. Two ports: the service
 * port checks each request (blksrv), holds it and hands it to a worker
 * port of ours, which talks to the card one request at a time, to the
 * end, and marks it done; the service port answers it by its token (held
 * calls belong to the port that holds them). So up to PIER_BLK_DEPTH
 * requests per session are in flight while the card works on one, and
 * more get PIER_E_FULL, as the protocol says. Every wait for the card is
 * bounded by sdcard.c's deadlines, so the worker never runs for ever.
 *
 * A read or write the card fails is answered PIER_E_IO; out-of-range
 * requests never reach the card (blksrv checks them). The card has no
 * volatile cache in SPI mode that Pier knows of: a write is answered
 * once the card's busy signal ended, so flush answers at once.
 *
 * Restart: a new instance starts the card again from CMD0 (sd_init
 * first finishes or stops whatever stream the last one left), and
 * blksrv answers the old sessions' requests PIER_E_RESTARTED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include "blksrv.h"
#include "sdcard.h"
#include "spibus.h"

#define PRIO 20
#define SD_HZ_MAX 25000000u       /* SD default speed */
#define MAX_IO (64u * 1024u)      /* bytes one request may name: 128 sectors */

static struct spibus sb;
static struct sd_bus bus;
static struct sdcard card;
static uint32_t hz_max = SD_HZ_MAX;
static uint64_t my_space;         /* our space id: the worker takes work only from us */
#define WHOAMI 2u
static uint32_t svc_port;

/* Regions: plain pages. blksrv frees by address, so we keep the page counts. */
static struct { uint64_t va; uint32_t pages; } regions[BLKSRV_SESSIONS + 4];

static int region_alloc(uint32_t pages, uint64_t *va, uint64_t *bus)
{
	for (uint32_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		if (regions[i].va)
			continue;
		int rc = pier_map(0, pages, PIER_PROT_R | PIER_PROT_W, va);

		if (rc != PIER_OK)
			return rc;
		regions[i].va = *va, regions[i].pages = pages;
		*bus = 0;	/* no device sees it */
		return PIER_OK;
	}
	return PIER_E_LIMIT;
}

static void region_free(uint64_t va)
{
	for (uint32_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (regions[i].va == va) {
			(void)pier_unmap(va, regions[i].pages);
			regions[i].va = 0;
		}
}

static const struct blksrv_ops ops = { region_alloc, region_free };

static int status_of(int sd)
{
	switch (sd) {
	case SD_OK:
		return PIER_OK;
	case SD_E_RANGE:
		return PIER_E_BOUNDS;
	}
	return PIER_E_IO;
}

/*
 * Work for the worker port. Lifetime: a slot is taken by the service port
 * (QUEUED, the call held), done by the worker (DONE, status set), and
 * answered and freed by the service port. Only those two hand-offs cross
 * ports, each a release store read with an acquire load.
 */
enum { W_FREE, W_QUEUED, W_DONE };
#define WORK_MAX (BLKSRV_SESSIONS * PIER_BLK_DEPTH)   /* every request blksrv lets be in flight */
static struct work {
	uint32_t state, token, type, count;
	uint64_t lba, va;
	struct blk_session *s;
	int status;
} work[WORK_MAX];
static uint32_t worker_port;
#define WORK_GO 1u

/* Answer what the worker finished. Bounded by WORK_MAX. */
static void harvest(void)
{
	for (uint32_t i = 0; i < WORK_MAX; i++) {
		struct work *w = &work[i];

		if (__atomic_load_n(&w->state, __ATOMIC_ACQUIRE) != W_DONE)
			continue;
		(void)pier_reply_token(w->token, status_of(w->status), w->type, 0, 0);
		blksrv_done(w->s);
		__atomic_store_n(&w->state, W_FREE, __ATOMIC_RELEASE);
	}
}

/* The worker: one request at a time, to the end, then a nudge to the service port. */
static int on_work(const struct pier_packet *pkt)
{
	struct work *w;
	uint32_t i, h;

	if (pkt->type == WHOAMI && !my_space && pkt->badge) {
		uint64_t me = pkt->badge;

		return pier_reply(WHOAMI, &me, sizeof(me));
	}
	if (pkt->type != WORK_GO || pkt->size != sizeof(i) || pkt->badge != my_space)
		return PIER_E_TYPE;
	memcpy(&i, pkt->data, sizeof(i));
	if (i >= WORK_MAX || __atomic_load_n(&work[i].state, __ATOMIC_ACQUIRE) != W_QUEUED)
		return PIER_E_ARG;
	w = &work[i];
	if (w->type == PIER_BLK_READ)
		w->status = sd_read(&card, w->lba, w->count, (uint8_t *)(uintptr_t)w->va);
	else
		w->status = sd_write(&card, w->lba, w->count, (const uint8_t *)(uintptr_t)w->va);
	if (w->status != SD_OK)
		printf("sd-spi: %s of %u at %llu failed (%d)\n",
		       w->type == PIER_BLK_READ ? "read" : "write", (unsigned)w->count,
		       (unsigned long long)w->lba, w->status);
	__atomic_store_n(&w->state, W_DONE, __ATOMIC_SEQ_CST);
	/* If the service port's queue is full the nudge is lost; its next
	 * packet harvests. Before pier_serve has returned (requests queued
	 * before we served run at once) there is no handle yet: serve() nudges
	 * once it has one, after this store. */
	h = __atomic_load_n(&svc_port, __ATOMIC_SEQ_CST);
	if (h)
		(void)pier_send(h, BLKSRV_NUDGE, 0, 0);
	return PIER_OK;
}

static int on_blk(const struct pier_packet *pkt)
{
	struct blk_session *s;
	struct pier_blk_io io;
	int status, token;
	uint32_t i;

	harvest();
	if (blksrv_packet(pkt, &status, &s, &io))
		return status;
	/* No volatile cache: every write answered is on the card already. */
	if (pkt->type == PIER_BLK_FLUSH) {
		blksrv_done(s);
		return PIER_OK;
	}
	for (i = 0; i < WORK_MAX && __atomic_load_n(&work[i].state, __ATOMIC_ACQUIRE) != W_FREE; i++)
		;
	token = pier_hold();
	if (i == WORK_MAX || token < 0) {	/* cannot be: a slot per request in flight */
		blksrv_done(s);
		return token < 0 ? token : PIER_E_STATE;
	}
	work[i] = (struct work){ .state = W_FREE, .token = (uint32_t)token, .type = pkt->type,
				 .count = io.count, .lba = io.lba, .va = s->va + io.offset, .s = s };
	__atomic_store_n(&work[i].state, W_QUEUED, __ATOMIC_RELEASE);
	if ((status = pier_send(worker_port, WORK_GO, &i, sizeof(i))) != PIER_OK) {
		/* The worker's queue holds WORK_MAX: cannot be full. Answer, free. */
		(void)pier_reply_token((uint32_t)token, status, pkt->type, 0, 0);
		blksrv_done(s);
		__atomic_store_n(&work[i].state, W_FREE, __ATOMIC_RELEASE);
	}
	return PIER_OK;
}

static int sb_rate(uint32_t hz)
{
	return bus.rate(bus.ctx, hz);
}

static const char *sd_strerror(int rc)
{
	static const char *const s[] = { "ok", "no card", "timeout", "CRC error", "card error",
					 "unusable card", "bus error", "write rejected", "out of range" };

	return rc <= 0 && rc >= -8 ? s[-rc] : "?";
}

/* The card is there and identified: serve it. */
static int serve(const char *name)
{
	struct pier_blk_info info = { 0 };
	uint32_t h;
	int rc;

	if ((rc = sb_rate(hz_max)) < 0)
		return rc;
	printf("sd-spi: %s: SD%s card v%u, %llu sectors, SCK %u Hz\n", name, card.hc ? "HC" : "SC",
	       card.v2 ? 2u : 1u, (unsigned long long)card.sectors, (unsigned)sb.hz);
	info.sectors = card.sectors;
	info.sector_size = SD_SECTOR;
	info.max_size = MAX_IO;
	info.best_size = MAX_IO;
	if ((rc = blksrv_init(&info, &ops)) != PIER_OK ||
	    (rc = pier_port_create(on_work, PRIO - 1, WORK_MAX, 0, &worker_port)) != PIER_OK ||
	    (rc = pier_call_exact(worker_port, WHOAMI, 0, 0, &my_space, sizeof(my_space))) != PIER_OK ||
	    (rc = pier_serve(name, on_blk, PRIO, PIER_PORT_GRANTS, &h)) != PIER_OK)
		return rc;
	__atomic_store_n(&svc_port, h, __ATOMIC_SEQ_CST);
	blksrv_service(h);
	(void)pier_send(h, BLKSRV_NUDGE, 0, 0);	/* what the worker finished meanwhile */
	return pier_serve_ready(name);
}

/*
 * An SPI slot has no card-detect line Pier knows of: with no card (or one
 * that does not answer), the driver stays, its service not ready, and
 * tries again every PROBE_MS on a timer of its own port. It said so once.
 */
#define PROBE_MS 1000u
static const char *svc_name;
static uint32_t probe_port;
static uint64_t probe_timer;

static int on_probe(const struct pier_packet *pkt)
{
	int rc;

	if (pkt->type != PIER_MSG_TIMER || pkt->badge || probe_timer == 0)
		return PIER_E_TYPE;
	if (sd_init(&card, &bus) != SD_OK)
		return PIER_OK;
	(void)pier_timer_cancel(probe_timer);
	probe_timer = 0;
	if ((rc = serve(svc_name)) != PIER_OK) {
		printf("sd-spi: %s\n", pier_strerror(rc));
		pier_exit(1);
	}
	return PIER_OK;
}

static int setup(const char *name, const char *spi)
{
	struct pier_time t;
	int rc;

	if ((rc = pier_lookup(spi, &sb.spi)) != PIER_OK)
		return rc;
	spibus_bind(&sb, &bus);
	if ((rc = sd_init(&card, &bus)) == SD_OK)
		return serve(name);
	printf("sd-spi: %s: no usable card on %s cs %u (%s); trying every %u ms\n", name, spi,
	       (unsigned)sb.cs, sd_strerror(rc), PROBE_MS);
	svc_name = name;
	if ((rc = pier_time_now(&t)) != PIER_OK ||
	    (rc = pier_port_create(on_probe, PRIO, 4, 0, &probe_port)) != PIER_OK)
		return rc;
	return pier_timer_set(probe_port, PIER_TIMER_RELATIVE, t.hz * PROBE_MS / 1000,
			      t.hz * PROBE_MS / 1000, 0, &probe_timer);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 4) {
		printf("sd-spi: usage: sd-spi SERVICE SPI CS [HZ]\n");
		return 1;
	}
	sb.cs = (uint32_t)strtoul(argv[3], NULL, 0);
	if (argc > 4)
		hz_max = (uint32_t)strtoul(argv[4], NULL, 0);
	if (hz_max == 0 || hz_max > SD_HZ_MAX)
		hz_max = SD_HZ_MAX;
	if ((rc = setup(argv[1], argv[2])) != PIER_OK) {
		printf("sd-spi: %s\n", pier_strerror(rc));
		return 1;
	}
	return 0;
}
