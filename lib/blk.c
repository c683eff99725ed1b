/* The block client: open a session, read, write and flush through its region, repeat what a restart cut off. */
#include <string.h>
#include <libpier.h>
#include "blk.h"

/* Our region port takes no packets: it is there for shares, and its death ends the session. */
static int on_region(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_E_TYPE;
}

static int open_session(struct pier_blk *b, uint32_t size)
{
	struct pier_blk_open req = { .size = size };
	struct pier_blk_opened out;
	struct pier_frame f = {
		.type = PIER_BLK_OPEN, .dst = b->svc, .pktsz = sizeof(req), .pkt = &req,
		.grant = b->port, .rbuf = &out, .rbufsz = sizeof(out),
	};
	int rc = pier_call_frame(&f);

	if (rc != PIER_OK)
		return rc;
	if (f.rsz != sizeof(out))
		return PIER_E_PACKET_SIZE;
	b->session = out.session;
	b->region = (uint8_t *)(uintptr_t)out.addr;
	b->size = out.size;
	return PIER_OK;
}

int pier_blk_open(struct pier_blk *b, const char *name, uint32_t size)
{
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = pier_lookup(name, &b->svc)) != PIER_OK)
		return rc;
	if ((rc = pier_call_exact(b->svc, PIER_BLK_INFO, 0, 0, &b->info, sizeof(b->info))) != PIER_OK ||
	    (rc = pier_port_create(on_region, PIER_PRIO_MIN, 1, PIER_PORT_SHARES, &b->port)) != PIER_OK) {
		pier_handle_drop(b->svc);
		return rc;
	}
	if ((rc = open_session(b, size)) != PIER_OK) {
		pier_port_destroy(b->port);
		pier_handle_drop(b->svc);
	}
	return rc;
}

/*
 * The driver was restarted: a new session, the old region's bytes
 * carried over. The service port refuses grants while nobody serves it
 * (PIER_E_RIGHTS), so first a call without one, which waits in its queue
 * for the next driver; a driver that dies again meanwhile costs a try.
 */
static int reopen(struct pier_blk *b)
{
	uint8_t *old = b->region;
	struct pier_blk_info info;
	int rc = PIER_E_RIGHTS;

	for (uint32_t i = 0; i < PIER_BLK_RETRIES && (rc == PIER_E_RIGHTS || rc == PIER_E_RESTARTED); i++) {
		rc = pier_call_exact(b->svc, PIER_BLK_INFO, 0, 0, &info, sizeof(info));
		if (rc == PIER_OK)
			rc = open_session(b, b->size);
	}
	if (rc != PIER_OK)
		return rc;
	memcpy(b->region, old, b->size);
	pier_unmap((uintptr_t)old, b->size / 4096u);
	b->reopens++;
	return PIER_OK;
}

int pier_blk_request(struct pier_blk *b, uint32_t type, const void *req, uint32_t size)
{
	return pier_call(b->svc, type, req, size, 0, 0, 0);
}

/* A request by session, repeated after a restart (PIER_BLK_RETRIES times at most). */
static int repeat(struct pier_blk *b, uint32_t type, struct pier_blk_io *io, uint32_t size)
{
	int rc = PIER_E_RESTARTED;

	for (uint32_t i = 0; i < PIER_BLK_RETRIES && rc == PIER_E_RESTARTED; i++) {
		io->session = b->session;
		rc = pier_call(b->svc, type, io, size, 0, 0, 0);
		if (rc == PIER_E_RESTARTED) {
			int r2 = reopen(b);

			/* The new driver may not serve yet: its queue holds the call. */
			if (r2 != PIER_OK && r2 != PIER_E_RESTARTED)
				return r2;
		}
	}
	return rc;
}

int pier_blk_read(struct pier_blk *b, uint64_t lba, uint32_t count, uint32_t offset)
{
	struct pier_blk_io io = { .lba = lba, .count = count, .offset = offset };

	return repeat(b, PIER_BLK_READ, &io, sizeof(io));
}

int pier_blk_write(struct pier_blk *b, uint64_t lba, uint32_t count, uint32_t offset)
{
	struct pier_blk_io io = { .lba = lba, .count = count, .offset = offset };

	return repeat(b, PIER_BLK_WRITE, &io, sizeof(io));
}

int pier_blk_flush(struct pier_blk *b)
{
	struct pier_blk_io io = { 0 };

	/* pier_blk_session is the first member of pier_blk_io. */
	return repeat(b, PIER_BLK_FLUSH, &io, sizeof(struct pier_blk_session));
}

int pier_blk_close(struct pier_blk *b)
{
	struct pier_blk_session req = { b->session };
	int rc = pier_call(b->svc, PIER_BLK_CLOSE, &req, sizeof(req), 0, 0, 0);

	if (b->region)
		pier_unmap((uintptr_t)b->region, b->size / 4096u);
	pier_port_destroy(b->port);
	pier_handle_drop(b->svc);
	memset(b, 0, sizeof(*b));
	return rc;
}
