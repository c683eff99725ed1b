/* fastpath: the script: every call the runner makes in one run, and what the fast path should take of it. */
#include <string.h>
#include "fastpath.h"

#define UNMAPPED 0x20000000ul           /* above the program, below the stacks */
#define KERNEL 0xffffffc080200000ul     /* the kernel image */
#define USER_END 0x4000000000ul

/* How a scenario's call differs from a plain one. */
enum how {
	PLAIN,
	FOLLOW,         /* to the handle the last reply granted */
	BUSY,           /* P_BUSY is in a call of its own: the call waits in its queue */
	FULL,           /* P_ONE's one queue slot is taken: PIER_E_FULL */
	RBUF_UNMAPPED, RBUF_KERNEL, RBUF_RANGE, FRAME_RO, PKT_UNMAPPED, PKT_BIG,
	HANDLE_BAD, HANDLE_0, GRANT, GRANT_NORIGHT, FLAGS, SELF, KERNEL_PORT,
	/* Every other frame field wrong in its own way, the empty packet's
	 * address included: both paths must refuse each alike. */
	PKT0_KERNEL, PKT0_RANGE, PKT_KERNEL, FRMSZ_SMALL, FRMSZ_BIG, GRANT_BAD,
	RBUFSZ_HUGE, OP_BAD, KERNEL_PKT0_KERNEL, KERNEL_PKT0_RANGE,
};

/*
 * The runner (16) calls each; then the barrier (1) runs once everything
 * else has, so each scenario starts with nothing else ready. fast: the
 * calls, plain returns to a caller and replies to a higher caller the fast
 * path must take, the barrier's included: its call (when nothing is left
 * to run) and its return. Grants, held calls, full or busy queues and bad
 * frames go the slow way, but for PIER_OP_HOLD and a reply by token. The fast path takes more than these (sends,
 * kernel calls, replies to any caller, returns with no caller): main.c
 * checks that every one of its cases was taken at least once.
 */
static const struct scen {
	const char *name;
	uint8_t how, port, act;
	int16_t arg;
	uint16_t pktsz, rbufsz;
	uint8_t fast;
} script[] = {
	{ "same space, higher, 0 bytes, returns 0", PLAIN, P_HI, A_RET, 0, 0, 256, 4 },
	{ "same space, equal, 64 bytes, returns -17", PLAIN, P_EQ, A_RET, -17, 64, 256, 4 },
	{ "same space, lower, 256 bytes, returns 42", PLAIN, P_LO, A_RET, 42, 256, 256, 4 },
	{ "other space, higher, 256 bytes, returns -17", PLAIN, Q_HI, A_RET, -17, 256, 256, 4 },
	{ "other space, equal, 0 bytes, returns 42", PLAIN, Q_EQ, A_RET, 42, 0, 256, 4 },
	{ "other space, lower, 64 bytes, returns 0", PLAIN, Q_LO, A_RET, 0, 64, 256, 4 },
	{ "same space, reply 0 to a lower caller", PLAIN, P_HI, A_REPLY, 0, 64, 256, 3 },
	{ "same space, reply 64 to an equal caller", PLAIN, P_EQ, A_REPLY, 64, 256, 256, 3 },
	{ "same space, reply 256 to a higher caller", PLAIN, P_LO, A_REPLY, 256, 0, 256, 3 },
	{ "other space, reply 8 to a lower caller", PLAIN, Q_HI, A_REPLY, 8, 256, 256, 3 },
	{ "other space, reply 64 to an equal caller", PLAIN, Q_EQ, A_REPLY, 64, 64, 256, 3 },
	{ "other space, reply 256 to a higher caller", PLAIN, Q_LO, A_REPLY, 256, 0, 256, 3 },
	{ "same space, reply too big, then 8, higher caller", PLAIN, P_LO, A_BIG, 0, 8, 16, 3 },
	{ "other space, reply too big, then 8, higher caller", PLAIN, Q_LO, A_BIG, 0, 8, 16, 3 },
	{ "other space, reply too big, then 8, lower caller", PLAIN, Q_HI, A_BIG, 0, 8, 16, 3 },
	{ "same space, reply twice", PLAIN, P_LO, A_TWICE, 0, 0, 16, 3 },
	{ "other space, reply twice", PLAIN, Q_EQ, A_TWICE, 0, 0, 16, 3 },
	{ "other space, reply granting a handle", PLAIN, Q_EQ, A_GRANT, Q_IDENT, 0, 16, 3 },
	{ "call the handle granted", FOLLOW, 0, A_REPLY, 8, 64, 16, 3 },
	{ "same space, reply granting a handle", PLAIN, P_LO, A_GRANT, P_HI, 0, 16, 2 },
	{ "call the handle granted", FOLLOW, 0, A_RET, -3, 0, 16, 4 },
	{ "other space, lower, held and answered later", PLAIN, Q_HOLD, A_HOLD, 0, 64, 16, 2 },
	{ "same space, higher, held and answered later", PLAIN, P_HOLD, A_HOLD, 0, 0, 16, 3 },
	{ "other space, lower, held by token, answered -6", PLAIN, Q_HOLD, A_HOLDTOK, -6, 64, 16, 3 },
	{ "same space, higher, held by token, answered 3", PLAIN, P_HOLD, A_HOLDTOK, 3, 0, 16, 3 },
	{ "other space, lower, held by token, return answers -7", PLAIN, Q_HOLD, A_HOLDRET, -7, 64, 16, 3 },
	{ "same space, higher, held by token, return answers 5", PLAIN, P_HOLD, A_HOLDRET, 5, 0, 16, 3 },
	{ "other space, call granting a handle", GRANT, Q_EQ, A_RET, 0, 8, 16, 3 },
	{ "other space, handler faults", PLAIN, Q_FAULT0, A_FAULT, 0, 8, 16, 3 },
	{ "call to a port in a call of its own", BUSY, P_BUSY, A_REPLY, 8, 8, 16, 2 },
	{ "call to a full queue", FULL, P_ONE, A_RET, 0, 0, 16, 1 },
	{ "rbuf unmapped", RBUF_UNMAPPED, Q_HI, A_RET, 0, 8, 16, 2 },
	{ "rbuf in the kernel", RBUF_KERNEL, P_HI, A_RET, 0, 8, 16, 2 },
	{ "rbuf past user space", RBUF_RANGE, Q_LO, A_RET, 0, 8, 16, 2 },
	{ "frame read-only", FRAME_RO, Q_HI, A_RET, 0, 8, 16, 2 },
	{ "packet unmapped", PKT_UNMAPPED, P_EQ, A_RET, 0, 16, 16, 2 },
	{ "packet of 257 bytes", PKT_BIG, Q_EQ, A_RET, 0, 257, 16, 2 },
	{ "no such handle", HANDLE_BAD, 0, A_RET, 0, 0, 16, 2 },
	{ "handle 0", HANDLE_0, 0, A_RET, 0, 0, 16, 2 },
	{ "grant without the grant right", GRANT_NORIGHT, Q_EQ, A_RET, 0, 0, 16, 2 },
	{ "a modifier flag on a call", FLAGS, P_HI, A_RET, 0, 0, 16, 2 },
	{ "call to its own port", SELF, P_RUN, A_RET, 0, 0, 16, 2 },
	{ "call to a destroyed port", PLAIN, Q_DEAD, A_RET, 0, 0, 16, 2 },
	{ "call to a kernel port", KERNEL_PORT, 0, 0, 0, 0, 16, 2 },
	{ "empty packet at a kernel address", PKT0_KERNEL, P_HI, A_RET, 0, 0, 16, 2 },
	{ "empty packet past user space", PKT0_RANGE, Q_HI, A_RET, 0, 0, 16, 2 },
	{ "packet at a kernel address", PKT_KERNEL, P_EQ, A_RET, 0, 16, 16, 2 },
	{ "frame size too small", FRMSZ_SMALL, P_HI, A_RET, 0, 0, 16, 2 },
	{ "frame size too big", FRMSZ_BIG, Q_HI, A_RET, 0, 0, 16, 2 },
	{ "no such handle to grant", GRANT_BAD, Q_EQ, A_RET, 0, 0, 16, 2 },
	{ "rbufsz past user space", RBUFSZ_HUGE, P_HI, A_RET, 0, 0, 16, 2 },
	{ "no such operation", OP_BAD, P_HI, A_RET, 0, 0, 16, 2 },
	{ "kernel port, empty packet at a kernel address", KERNEL_PKT0_KERNEL, 0, 0, 0, 0, 16, 2 },
	{ "kernel port, empty packet past user space", KERNEL_PKT0_RANGE, 0, 0, 0, 0, 16, 2 },
};
#define NSCRIPT (sizeof(script) / sizeof(script[0]))

struct pier_frame *ro_frame;    /* in a page made read-only (main.c) */
struct pier_fastpath taken[2];
unsigned fails;

static uint8_t pktbuf[PIER_PACKET_MAX + 8];
static uint8_t rbuf[PIER_PACKET_MAX + 16];
static uint32_t last_grant;

const char *sc_name(unsigned sc)
{
	return sc < NSCRIPT ? script[sc].name : sc == NSCRIPT ? "setup" : "?";
}

unsigned script_len(void)
{
	return NSCRIPT;
}

unsigned fast_expected(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NSCRIPT; i++)
		n += script[i].fast;
	return n;
}

int fastpath_switch(uint32_t on, struct pier_fastpath *so_far)
{
	struct pier_fastpath_req req = { .on = on };
	struct pier_fastpath out = { 0 };

	int rc = pier_call_exact(PIER_H_DEBUG, PIER_DEBUG_FASTPATH, &req, sizeof(req),
				 &out, sizeof(out));
	*so_far = out;
	return rc;
}

static void mark(unsigned kind, uint32_t which, int st)
{
	struct ev e = { .kind = (uint8_t)kind, .who = P_RUN, .st = st, .v = { which } };

	note(&e);
}

/* The call itself: everything the runner can see of it goes in the transcript. */
static void call(const struct scen *s, int run)
{
	unsigned port = s->port == Q_FAULT0 ? Q_FAULT0 + (unsigned)run : s->port;
	struct pier_frame frame = {
		.frmsz = sizeof(frame), .flags = PIER_OP_CALL, .type = TYPE(s->act, s->arg),
		.dst = s->how == FOLLOW ? last_grant : hnd[port],
		.pktsz = s->pktsz, .pkt = s->pktsz ? pktbuf : NULL,
		.rbuf = rbuf, .rbufsz = s->rbufsz,
	}, *f = &frame;
	int st;

	switch (s->how) {
	case RBUF_UNMAPPED: f->rbuf = (void *)UNMAPPED; break;
	case RBUF_KERNEL: f->rbuf = (void *)KERNEL; break;
	case RBUF_RANGE: f->rbuf = (void *)(USER_END - 8); break;
	case FRAME_RO: f = ro_frame; break;
	case PKT_UNMAPPED: f->pkt = (const void *)UNMAPPED; break;
	case HANDLE_BAD: f->dst = 999; break;
	case HANDLE_0: f->dst = PIER_H_NONE; break;
	case GRANT: f->grant = hnd[P_LO]; break;
	case GRANT_NORIGHT: f->grant = PIER_H_DEBUG; break;
	case FLAGS: f->flags |= PIER_F_HOLD; break;
	case KERNEL_PORT: f->dst = PIER_H_DEBUG; f->type = PIER_DEBUG_NOP; break;
	case PKT0_KERNEL: f->pkt = (const void *)KERNEL; break;
	case PKT0_RANGE: f->pkt = (const void *)USER_END; break;
	case PKT_KERNEL: f->pkt = (const void *)KERNEL; break;
	case FRMSZ_SMALL: f->frmsz = sizeof(*f) - 8; break;
	case FRMSZ_BIG: f->frmsz = sizeof(*f) + 8; break;
	case GRANT_BAD: f->grant = 999; break;
	case RBUFSZ_HUGE: f->rbufsz = 0xffffffffu; break;
	case OP_BAD: f->flags = PIER_OP_HOLD + 1; break;
	case KERNEL_PKT0_KERNEL:
	case KERNEL_PKT0_RANGE:
		f->dst = PIER_H_DEBUG;
		f->type = PIER_DEBUG_NOP;
		f->pkt = (const void *)(s->how == KERNEL_PKT0_KERNEL ? KERNEL : USER_END);
		break;
	}
	memset(rbuf, 0xee, sizeof(rbuf));
	st = pier_ecall(f);
	note_resume(P_RUN, st, f, rbuf, sizeof(rbuf));
	if (f->rgrant)
		last_grant = f->rgrant;
}

static const struct scen barrier = { "barrier", PLAIN, P_BAR, A_RET, 0, 0, 0, 0 };

static void run_all(int run)
{
	for (cur_sc = 0; cur_sc < NSCRIPT; cur_sc++) {
		const struct scen *s = &script[cur_sc];

		mark(K_BEGIN, cur_sc, 0);
		if (s->how == BUSY)     /* P_BUSY (20) runs now, and calls P_X (12) */
			mark(K_AFTER, 1, pier_send(hnd[P_BUSY], TYPE(A_RELAY, P_X), NULL, 0));
		if (s->how == FULL)     /* P_ONE (12) cannot run yet: its one slot stays taken */
			mark(K_AFTER, 1, pier_send(hnd[P_ONE], TYPE(A_RET, 0), NULL, 0));
		call(s, run);
		call(&barrier, run);
	}
}

/* P_RUN: one run with the fast path on (run 0) or off (run 1). */
int on_run(const struct pier_packet *pkt)
{
	uint32_t run;
	struct pier_fastpath before, after;
	int rc;

	if ((pkt->type & 0xffff) != A_RUN || pkt->size != sizeof(run))
		return PIER_E_TYPE;
	memcpy(&run, pkt->data, sizeof(run));
	if (run > 1)
		return PIER_E_ARG;
	fill(pktbuf, sizeof(pktbuf), 0x30);
	last_grant = 0;
	if ((rc = fastpath_switch(run == 0, &before)) != PIER_OK)
		return rc;
	rec_start((int)run);
	run_all((int)run);
	rec_stop();
	if ((rc = fastpath_switch(run == 0, &after)) != PIER_OK)
		return rc;
	taken[run].taken = after.taken - before.taken;
	for (unsigned i = 0; i < PIER_FAST_CASES; i++)
		taken[run].cases[i] = after.cases[i] - before.cases[i];
	return PIER_OK;
}
