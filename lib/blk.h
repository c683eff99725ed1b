/* A block client: a session with a named block service (pier/block.h) and its data region. */
#ifndef PIER_BLK_CLIENT_H
#define PIER_BLK_CLIENT_H

#include <stdint.h>
#include <pier/block.h>

/*
 * One session, used by one port of the program at a time (the calls wait
 * for their answers; a program wanting many requests in flight opens a
 * session per port). Data goes through region: a read's bytes are there
 * when it returns, a write's must be there before it is made.
 *
 * A request answered PIER_E_RESTARTED (the driver was restarted) is
 * repeated here, up to PIER_BLK_RETRIES times: the session is opened
 * again, the old region's bytes are copied into the new one and the old
 * one unmapped. So region may move across any call: read it afresh.
 */
struct pier_blk {
	uint32_t svc;          /* send handle to the service */
	uint32_t port;         /* our port, made with PIER_PORT_SHARES and granted at open */
	uint64_t session;
	uint8_t *region;
	uint32_t size;         /* bytes of region */
	uint32_t reopens;      /* sessions opened again after a restart */
	struct pier_blk_info info;
};
#define PIER_BLK_RETRIES 8u

/* Look the service up by name (pier_lookup), ask its info, open a session with a region of size bytes. */
int pier_blk_open(struct pier_blk *b, const char *name, uint32_t size);
int pier_blk_read(struct pier_blk *b, uint64_t lba, uint32_t count, uint32_t offset);
int pier_blk_write(struct pier_blk *b, uint64_t lba, uint32_t count, uint32_t offset);
int pier_blk_flush(struct pier_blk *b);
/* End the session, unmap the region, destroy the port, drop the service handle. */
int pier_blk_close(struct pier_blk *b);
/* One raw request of the protocol, not repeated: what the tests use to see each status. */
int pier_blk_request(struct pier_blk *b, uint32_t type, const void *req, uint32_t size);

#endif
