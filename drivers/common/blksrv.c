/* Block sessions: open, close, reclaim when the client's port dies, and the checks every request passes. */
#include <string.h>
#include <libpier.h>
#include "blksrv.h"
#include "blkcheck.h"

#define WHOAMI 1u              /* our notice port's one call: which space are we */
#define SLOT_BITS 8u

static struct pier_blk_info dinfo;
static const struct blksrv_ops *ops;
static struct blk_session sess[BLKSRV_SESSIONS];
static uint64_t gone[BLKSRV_SESSIONS];   /* written by the notice port: session ids whose client port died */
static uint32_t gone_any;                /* set with gone[]: the next packet should look */
static uint32_t notice_port, svc_port;
static uint64_t gen;                     /* this driver's generation: its space id, high half of every session id */
static uint32_t seq;

/* The notice port: a client's port died (PIER_NOTICE_GONE). */
static int on_notice(const struct pier_packet *pkt)
{
	struct pier_notice n;

	if (pkt->type == WHOAMI && pkt->badge) {
		uint64_t me = pkt->badge;

		return pier_reply(WHOAMI, &me, sizeof(me));
	}
	if (pkt->type != PIER_MSG_NOTICE || pkt->badge || pkt->size < sizeof(n))
		return PIER_E_TYPE;
	memcpy(&n, pkt->data, sizeof(n));
	if (n.event != PIER_NOTICE_GONE)
		return PIER_OK;
	__atomic_store_n(&gone[(n.cookie & 0xffu) % BLKSRV_SESSIONS], n.cookie, __ATOMIC_RELEASE);
	__atomic_store_n(&gone_any, 1, __ATOMIC_RELEASE);
	/* If the service port's queue is full the nudge is lost, and its next packet looks instead. */
	if (svc_port)
		(void)pier_send(svc_port, BLKSRV_NUDGE, 0, 0);
	return PIER_OK;
}

int blksrv_init(const struct pier_blk_info *info, const struct blksrv_ops *o)
{
	int rc;

	dinfo = *info;
	ops = o;
	if ((rc = pier_port_create(on_notice, PIER_PRIO_DEFAULT + 12, 8, 0, &notice_port)) != PIER_OK)
		return rc;
	rc = pier_call_exact(notice_port, WHOAMI, 0, 0, &gen, sizeof(gen));
	gen &= 0xffffffffu;
	return rc;
}

void blksrv_service(uint32_t port)
{
	svc_port = port;
}

/* Free the session's slot if nothing of it is in flight. */
static void reclaim(struct blk_session *s)
{
	if (s->inflight)
		return;
	if (s->va)
		ops->free(s->va);
	if (s->id)
		(void)pier_unwatch(s->port, s->id);
	if (s->port)
		(void)pier_handle_drop(s->port);
	memset(s, 0, sizeof(*s));
}

/* Sessions whose client port died: close them (BLKSRV_SESSIONS steps). */
static void collect(void)
{
	if (!__atomic_exchange_n(&gone_any, 0, __ATOMIC_ACQ_REL))
		return;
	for (uint32_t i = 0; i < BLKSRV_SESSIONS; i++) {
		uint64_t g = __atomic_load_n(&gone[i], __ATOMIC_ACQUIRE);

		if (g && sess[i].id == g && !sess[i].closing) {
			sess[i].closing = 1;
			reclaim(&sess[i]);
		}
	}
}

void blksrv_done(struct blk_session *s)
{
	s->inflight--;
	if (s->closing)
		reclaim(s);
}

static int do_open(const struct pier_packet *pkt)
{
	struct pier_blk_open r;
	struct pier_blk_opened out = { 0 };
	struct blk_session *s = NULL;
	uint32_t port, mine = 0;
	int rc;

	if (pkt->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, pkt->data, sizeof(r));
	if (r.flags || r.size == 0 || r.size % 4096u || r.size > PIER_BLK_REGION_MAX || r.at % 4096u)
		return PIER_E_ARG;
	if (!(port = pier_handle_take(pkt)))
		return PIER_E_HANDLE;
	/* Closing sessions count too: their regions are not freed yet. */
	for (uint32_t i = 0; i < BLKSRV_SESSIONS; i++) {
		if (!sess[i].id && !s)
			s = &sess[i];
		mine += sess[i].id && sess[i].badge == pkt->badge;
	}
	if (!s || mine >= PIER_BLK_SESSIONS_SPACE) {
		pier_handle_drop(port);
		return PIER_E_LIMIT;
	}
	s->port = port;
	if ((rc = ops->alloc(r.size / 4096u, &s->va, &s->bus)) != PIER_OK) {
		memset(s, 0, sizeof(*s));
		pier_handle_drop(port);
		return rc == PIER_E_QUOTA || rc == PIER_E_NOMEM ? PIER_E_LIMIT : rc;
	}
	rc = pier_share(port, s->va, r.size / 4096u, PIER_PROT_R | PIER_PROT_W, r.at, &out.addr);
	seq = (seq + 1) & 0xffffffu;
	s->id = gen << 32 | (uint64_t)seq << SLOT_BITS | (uint64_t)(s - sess);
	if (rc == PIER_OK)
		rc = pier_watch(port, notice_port, s->id);
	if (rc != PIER_OK) {
		/* The share, if made, stays the client's: these pages are never reused. */
		reclaim(s);
		return rc;
	}
	s->badge = pkt->badge;
	s->size = r.size;
	out.session = s->id;
	out.size = r.size;
	if ((rc = pier_reply(PIER_BLK_OPEN, &out, sizeof(out))) != PIER_OK) {
		/* The client cannot learn the id (its reply buffer is too small): no session. */
		s->closing = 1;
		reclaim(s);
	}
	return rc;
}

/* The caller's open session named by id, or a status. */
static int find(const struct pier_packet *pkt, uint64_t id, struct blk_session **out)
{
	struct blk_session *s = &sess[(id & 0xffu) % BLKSRV_SESSIONS];

	if ((id >> 32) && (id >> 32) != gen)
		return PIER_E_RESTARTED;
	if (s->id != id || !id || s->badge != pkt->badge || s->closing)
		return PIER_E_SESSION;
	*out = s;
	return PIER_OK;
}

static int do_close(const struct pier_packet *pkt)
{
	struct pier_blk_session r;
	struct blk_session *s;
	int rc;

	if (pkt->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, pkt->data, sizeof(r));
	if ((rc = find(pkt, r.session, &s)) != PIER_OK)
		return rc;
	s->closing = 1;
	reclaim(s);
	return PIER_OK;
}

static int check_io(const struct pier_packet *pkt, struct blk_session **sp, struct pier_blk_io *io)
{
	struct blk_session *s;
	int rc;

	/* The packet's data is 8-aligned (it follows the 32-byte header):
	 * copied as words, not by the C library's byte loop. */
	if (pkt->type == PIER_BLK_FLUSH) {
		if (pkt->size != sizeof(struct pier_blk_session))
			return PIER_E_PACKET_SIZE;
		*io = (struct pier_blk_io){
			.session = ((const struct pier_blk_session *)(const void *)pkt->data)->session,
		};
	} else {
		if (pkt->size != sizeof(*io))
			return PIER_E_PACKET_SIZE;
		*io = *(const struct pier_blk_io *)(const void *)pkt->data;
		if ((rc = blk_check_count(&dinfo, io->count)) != PIER_OK)
			return rc;
	}
	if ((rc = find(pkt, io->session, &s)) != PIER_OK)
		return rc;
	if (pkt->type != PIER_BLK_FLUSH && (rc = blk_check_range(&dinfo, s->size, pkt->type, io)) != PIER_OK)
		return rc;
	if (s->inflight >= PIER_BLK_DEPTH)
		return PIER_E_FULL;
	s->inflight++;
	*sp = s;
	return PIER_OK;
}

int blksrv_packet(const struct pier_packet *pkt, int *status,
		  struct blk_session **s, struct pier_blk_io *io)
{
	collect();
	switch (pkt->type) {
	case PIER_HELLO: {
		struct pier_hello h = { PIER_PROTO_BLOCK, 0 };

		*status = pier_reply(PIER_HELLO, &h, sizeof(h));
		return 1;
	}
	case PIER_BLK_INFO:
		*status = pkt->size ? PIER_E_PACKET_SIZE : pier_reply(PIER_BLK_INFO, &dinfo, sizeof(dinfo));
		return 1;
	case PIER_BLK_OPEN:
		*status = do_open(pkt);
		return 1;
	case PIER_BLK_CLOSE:
		*status = do_close(pkt);
		return 1;
	case BLKSRV_NUDGE:
		*status = PIER_OK;
		return 1;
	case PIER_BLK_READ:
	case PIER_BLK_WRITE:
	case PIER_BLK_FLUSH:
		*status = check_io(pkt, s, io);
		return *status != PIER_OK;
	}
	*status = PIER_E_TYPE;
	return 1;
}

_Static_assert(BLKSRV_SESSIONS * PIER_BLK_DEPTH <= PIER_HELD_MAX, "every request in flight can be held");
_Static_assert(__builtin_offsetof(struct pier_packet, data) % 8 == 0, "requests are read in place as words");
_Static_assert(BLKSRV_SESSIONS < 256u, "the slot is the session id's low byte");
