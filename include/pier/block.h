/* The block protocol: a disk's sectors, moved through a region of memory the driver shares with its client. */
#ifndef PIER_BLOCK_H
#define PIER_BLOCK_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * A block service ("blk0", "sd0", ...) serves a device of `sectors`
 * sectors of `sector_size` bytes. Data never travels in the 256-byte
 * packet: a client first opens a session, and the driver shares a data
 * region with it (for a DMA driver, DMA memory the driver allocated, so
 * the device reads and writes the client's bytes with no copy). Every
 * later request names the session, a run of sectors and an offset in
 * the region. Requests carry no data and their replies carry none: the
 * status of the call is the answer.
 *
 * PIER_HELLO        answered with pier_hello {PIER_PROTO_BLOCK, 0}.
 * PIER_BLK_INFO     call, no data: reply pier_blk_info.
 * PIER_BLK_OPEN     call, req pier_blk_open, granting a handle (send
 *                   right) to a port of the client made with
 *                   PIER_PORT_SHARES: the driver shares a region of
 *                   `size` bytes, read-write, into the space owning that
 *                   port (at `at`, or anywhere when 0) and watches the
 *                   port. Reply pier_blk_opened. The session lives until
 *                   PIER_BLK_CLOSE, or until that port is destroyed
 *                   (its space ending, say): then the driver reclaims it.
 * PIER_BLK_READ     call, req pier_blk_io: sectors [lba, lba + count) are
 *                   read into the region at `offset`.
 * PIER_BLK_WRITE    call, req pier_blk_io: the region's bytes at `offset`
 *                   are written to sectors [lba, lba + count).
 * PIER_BLK_FLUSH    call, req pier_blk_session: every write answered
 *                   before this call was made is on stable storage when
 *                   it is answered (a device without a volatile cache
 *                   answers at once).
 * PIER_BLK_CLOSE    call, req pier_blk_session: the session ends. Its
 *                   requests still in flight are answered first; the
 *                   driver lets go of the region (the client's own
 *                   mapping stays until it unmaps it, and the driver
 *                   never gives those pages to another session).
 * Anything else: PIER_E_TYPE.
 *
 * Ordering and back-pressure. A client may have up to PIER_BLK_DEPTH
 * requests in flight per session (from several ports of its space: a
 * call waits for its answer). The driver holds each call (pier_hold)
 * until the device is done with it and answers it by its token, so
 * answers come in any order; requests the device has no room for wait,
 * held, in the order they came. A read and a write of the same sectors
 * in flight at once are not ordered: a client that cares waits for one
 * answer before making the other call. The region's bytes a request
 * names belong to the driver until it is answered.
 *
 * Sessions are bound to the badge (space) that opened them: a request
 * naming another space's session is answered PIER_E_SESSION, the same as
 * a session that never was, so a client learns nothing of others. Two
 * sessions never share a page of region.
 *
 * Restart. A driver that ends while holding requests leaves them to be
 * answered PIER_E_RESTARTED by the kernel, and its sessions end with it.
 * Requests that were still queued reach the next driver, which answers
 * PIER_E_RESTARTED for every session of an earlier driver (the session
 * id says which driver made it). The client opens a new session (the
 * old region stays mapped in its space until it unmaps it, so it can
 * copy what it needs) and repeats the request: reads and writes name
 * sectors, not positions in a stream, so repeating one is harmless.
 * A write answered PIER_OK and then a flush answered PIER_OK are never lost.
 *
 * Statuses, checked in this order:
 *   PIER_E_PACKET_SIZE  the request is not the size of its struct
 *   PIER_E_REPLY_SIZE   info, open: the caller's reply buffer is too small
 *   PIER_E_ARG          a _pad or flag is not 0; count is 0 or over
 *                       max_size / sector_size; open: size is 0, not a
 *                       multiple of 4096 or over PIER_BLK_REGION_MAX
 *   PIER_E_HANDLE       open granted no handle
 *   PIER_E_RESTARTED    the session belongs to an earlier driver (its
 *                       id's high 32 bits, the driver's generation, are
 *                       not 0 and not this driver's: repeat after opening
 *                       a new session), or the driver ended while holding
 *                       the call (repeat it)
 *   PIER_E_SESSION      no such session of this space (closed, reclaimed,
 *                       never opened, or another space's)
 *   PIER_E_MISALIGNED   offset is not a multiple of sector_size
 *   PIER_E_REGION       [offset, offset + count * sector_size) is not
 *                       wholly inside the session's region
 *   PIER_E_BOUNDS       [lba, lba + count) is not wholly inside the device
 *   PIER_E_READONLY     a write to a read-only device
 *   PIER_E_FULL         the session has PIER_BLK_DEPTH requests in flight
 *   PIER_E_LIMIT        open: the space has PIER_BLK_SESSIONS_SPACE open
 *                       already, or the driver has no session or memory
 *                       left (it serves PIER_BLK_SESSIONS of
 *                       PIER_BLK_REGION_MAX, and a space holds at most
 *                       half of them, so one client cannot shut out all)
 *   PIER_E_IO           the device failed the request (the bytes of the
 *                       region it names are then undefined for a read)
 *   open also returns what PIER_SPACE_SHARE does (pier/space.h): for
 *   example PIER_E_RIGHTS when the port did not consent, PIER_E_QUOTA
 *   when the region does not fit the client's quota.
 */
enum pier_blk_msg {
	PIER_BLK_INFO = PIER_PROTO(PIER_PROTO_BLOCK) | 1u,
	PIER_BLK_OPEN = PIER_PROTO(PIER_PROTO_BLOCK) | 2u,
	PIER_BLK_READ = PIER_PROTO(PIER_PROTO_BLOCK) | 3u,
	PIER_BLK_WRITE = PIER_PROTO(PIER_PROTO_BLOCK) | 4u,
	PIER_BLK_FLUSH = PIER_PROTO(PIER_PROTO_BLOCK) | 5u,
	PIER_BLK_CLOSE = PIER_PROTO(PIER_PROTO_BLOCK) | 6u,
	/* A driver's own: sent by its notice port to its service port. Carries
	 * nothing; from anyone else it is answered PIER_OK and does nothing. */
	PIER_BLK_NUDGE = PIER_PROTO(PIER_PROTO_BLOCK) | 0x100u,
};

#define PIER_BLK_REGION_MAX (256u * 1024u)   /* the largest region one session may ask for */
#define PIER_BLK_DEPTH 8u                    /* requests in flight per session */
#define PIER_BLK_SESSIONS 8u                 /* sessions a driver serves at once, at least */
#define PIER_BLK_SESSIONS_SPACE 4u           /* sessions one space may have open at once */

/* Bits of pier_blk_info.flags. */
#define PIER_BLK_RO 0x1u          /* writes are answered PIER_E_READONLY */
#define PIER_BLK_CACHE 0x2u       /* the device has a volatile write cache: flush matters */

struct pier_blk_info {
	uint64_t sectors;     /* the device's size, in sectors */
	uint32_t sector_size; /* bytes per sector: 512 for every driver so far */
	uint32_t flags;       /* PIER_BLK_* */
	uint32_t max_size;    /* the most bytes one read or write may name (a multiple of sector_size) */
	uint32_t best_size;   /* bytes per request the device serves best (a multiple of sector_size) */
};

struct pier_blk_open {
	uint32_t size;        /* bytes: a multiple of 4096, 1..PIER_BLK_REGION_MAX */
	uint32_t flags;       /* 0 */
	uint64_t at;          /* page-aligned address in the client's space, or 0: anywhere */
};

struct pier_blk_opened {
	uint64_t session;     /* names the session; good only from the space that opened it */
	uint64_t addr;        /* where the region is in the client's space, read-write */
	uint32_t size;        /* its bytes, as asked */
	uint32_t _pad;
};

struct pier_blk_io {
	uint64_t session;
	uint64_t lba;         /* first sector */
	uint32_t count;       /* sectors: 1..max_size / sector_size */
	uint32_t offset;      /* byte offset in the region: a multiple of sector_size */
};

struct pier_blk_session {
	uint64_t session;
};

_Static_assert(sizeof(struct pier_blk_info) == 24, "block layout is ABI");
_Static_assert(sizeof(struct pier_blk_open) == 16, "block layout is ABI");
_Static_assert(sizeof(struct pier_blk_opened) == 24, "block layout is ABI");
_Static_assert(sizeof(struct pier_blk_io) == 24, "block layout is ABI");

#endif
