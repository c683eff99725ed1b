/* The server side of the block protocol that no device needs: sessions, their regions, and checking requests. */
#ifndef BLKSRV_H
#define BLKSRV_H

#include <stdint.h>
#include <pier/pier.h>
#include <pier/block.h>

/*
 * A block driver (virtio-blk, sd-spi) serves one port; every packet of
 * the block protocol goes through blksrv_packet() first, which answers
 * HELLO, INFO, OPEN and CLOSE itself and checks READ, WRITE and FLUSH
 * against the session table. What reaches the device is a checked
 * request whose session counts it in flight until blksrv_done().
 *
 * Only the service port's activations touch the table. Watches of the
 * clients' ports need a port the driver owns (the service port is
 * init's): its handler only records which session's client port went,
 * in gone[] (one 64-bit store), and nudges the service port, which
 * reclaims the session on its next packet.
 */
#define BLKSRV_SESSIONS PIER_BLK_SESSIONS  /* x PIER_BLK_DEPTH: at most PIER_HELD_MAX held calls */
#define BLKSRV_NUDGE (PIER_BLK_NUDGE)  /* "look at gone[]": carries nothing, harmless from anyone */

/* How a driver gets and gives back region memory: DMA memory, or plain pages. */
struct blksrv_ops {
	int (*alloc)(uint32_t pages, uint64_t *va, uint64_t *bus);
	void (*free)(uint64_t va);
};

/*
 * One session. Lifetime: from OPEN until CLOSE or its client port's
 * death, and then until its last request in flight is done (closing);
 * only then is the region freed and the slot reused.
 */
struct blk_session {
	uint64_t id;          /* 0: free slot */
	uint64_t badge;       /* the space that opened it */
	uint64_t va, bus;     /* the region in the driver's space, and for the device */
	uint32_t size;        /* bytes */
	uint32_t port;        /* our handle to the client's port, watched */
	uint32_t inflight;    /* requests checked and not yet done */
	uint32_t closing;     /* no new requests; reclaimed when inflight is 0 */
};

/* The device's facts and the region allocator; service is our service port. */
int blksrv_init(const struct pier_blk_info *info, const struct blksrv_ops *ops);
/* The port that serves, once attached: where the notice port nudges. */
void blksrv_service(uint32_t port);

/*
 * A packet at the service port. Returns 1 if the caller's handler should
 * return *status (answered, or a bad request), 0 if it is a checked
 * READ, WRITE or FLUSH: *s and *io say which, and the request counts in
 * flight (call blksrv_done once it is answered or failed).
 */
int blksrv_packet(const struct pier_packet *pkt, int *status,
		  struct blk_session **s, struct pier_blk_io *io);
void blksrv_done(struct blk_session *s);

#endif
