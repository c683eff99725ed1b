/* fastpath: the ports of both spaces, and the one handler that serves them all as the packet's type says. */
#include <string.h>
#include "fastpath.h"

uint32_t hnd[NPORTS];
int is_peer;

#define H(id) static int h_##id(const struct pier_packet *p) { return serve(id, p); }
H(P_HI) H(P_EQ) H(P_LO) H(P_HOLD) H(P_BUSY) H(P_X) H(P_ONE) H(P_BAR)
H(Q_HI) H(Q_EQ) H(Q_LO) H(Q_HOLD) H(Q_IDENT) H(Q_DEAD) H(Q_FAULT0) H(Q_FAULT1)

static const struct {
	uint8_t prio, depth;
	pier_handler_fn fn;
} spec[NPORTS] = {
	[P_LOG] = { 31, PIER_DEPTH_MAX, on_log },
	[P_RUN] = { PRIO_RUN, 1, on_run },
	[P_HI] = { 18, 0, h_P_HI }, [P_EQ] = { 16, 0, h_P_EQ },
	[P_LO] = { 14, 0, h_P_LO }, [P_HOLD] = { 18, 0, h_P_HOLD },
	[P_BUSY] = { 20, 0, h_P_BUSY }, [P_X] = { 12, 0, h_P_X },
	[P_ONE] = { 12, 1, h_P_ONE }, [P_BAR] = { 1, 0, h_P_BAR },
	[Q_HI] = { 18, 0, h_Q_HI }, [Q_EQ] = { 16, 0, h_Q_EQ },
	[Q_LO] = { 14, 0, h_Q_LO }, [Q_HOLD] = { 14, 0, h_Q_HOLD },
	[Q_IDENT] = { 16, 0, h_Q_IDENT }, [Q_DEAD] = { 16, 0, h_Q_DEAD },
	[Q_FAULT0] = { 18, 0, h_Q_FAULT0 }, [Q_FAULT1] = { 18, 0, h_Q_FAULT1 },
};

int make_ports(unsigned first, unsigned end)
{
	for (unsigned i = first; i < end; i++) {
		int rc = pier_port_create(spec[i].fn, spec[i].prio, spec[i].depth,
					  PIER_PORT_GRANTS, &hnd[i]);
		if (rc != PIER_OK)
			return rc;
	}
	return PIER_OK;
}

/* The driver records its events itself; the peer sends them to P_LOG. */
void note(const struct ev *e)
{
	if (is_peer)
		pier_send(hnd[P_LOG], T_EVENT, e, sizeof(*e));
	else
		record(e, 0);
}

void fill(uint8_t *p, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* What a caller can see of its call: status, frame (rgrant aside) and the whole rbuf. */
void note_resume(unsigned who, int st, const struct pier_frame *f,
		 const void *rbuf, uint32_t rbufsz)
{
	struct pier_frame copy = *f;
	struct ev e = { .kind = K_RESUME, .who = (uint8_t)who, .st = st };

	copy.rgrant = 0;        /* handles are recorded apart, as which handle they are */
	copy.dst = 0;
	e.v[0] = f->rsz;
	e.v[1] = f->rtype;
	e.v[2] = f->rgrant;
	e.v[3] = hash(rbuf, rbufsz);
	e.v[4] = hash(&copy, sizeof(copy));
	e.v[5] = f->dst;
	note(&e);
}

static uint32_t tok[NPORTS];    /* A_HOLDTOK's token, until A_RELTOK answers it */

static void after(unsigned id, uint32_t which, int rc)
{
	struct ev e = { .kind = K_AFTER, .who = (uint8_t)id, .st = rc, .v = { which } };

	note(&e);
}

/* A reply of n bytes, made of the handler's id and action. */
static int reply(unsigned id, unsigned act, uint32_t n, uint32_t grant)
{
	uint8_t data[PIER_PACKET_MAX];

	fill(data, n, id << 4 | act);
	return pier_reply_grant(0x500 | id << 4 | act, data, n, grant);
}

/* Call another port from inside a handler (P_BUSY, while the runner waits to call it). */
static void relay(unsigned id, unsigned to)
{
	uint8_t rbuf[16];
	struct pier_frame f = {
		.type = TYPE(A_REPLY, 8), .dst = hnd[to], .rbuf = rbuf, .rbufsz = sizeof(rbuf),
	};
	int st;

	memset(rbuf, 0xee, sizeof(rbuf));
	st = pier_call_frame(&f);
	note_resume(id, st, &f, rbuf, sizeof(rbuf));
}

int serve(unsigned id, const struct pier_packet *pkt)
{
	unsigned act = pkt->type & 0xffff;
	int arg = TYPE_ARG(pkt->type);
	struct ev e = { .kind = K_ENTER, .who = (uint8_t)id, .v = {
		pkt->type, pkt->size, pkt->flags, (uint32_t)pkt->badge, pkt->handle,
		hash(pkt->data, pkt->size), (uint32_t)(uintptr_t)pkt, (uint32_t)pkt->stamp } };
	int rc;

	/* The two runs' fault ports are one in the transcript; their stacks
	 * differ, but not where in its page the packet lies. */
	if (id == Q_FAULT1)
		e.who = Q_FAULT0;
	if (id == Q_FAULT0 || id == Q_FAULT1)
		e.v[6] &= 0xfff;
	note(&e);
	if (!(pkt->flags & PIER_PKT_CALL)) {
		if (act == A_RELEASE) {
			uint8_t data[8];

			fill(data, sizeof(data), id << 4 | act);
			after(id, 1, pier_reply_held(0x500 | id << 4 | act, data, sizeof(data)));
		} else if (act == A_RELTOK) {
			uint8_t data[8];

			fill(data, sizeof(data), id << 4 | act);
			/* A token this port was never given, then the real one;
			 * then the same again, answered already. */
			after(id, 1, pier_reply_token(tok[id] + 1000, arg, 0x500 | id << 4 | act,
						      data, sizeof(data)));
			after(id, 2, pier_reply_token(tok[id], arg, 0x500 | id << 4 | act,
						      data, sizeof(data)));
			after(id, 3, pier_reply_token(tok[id], arg, 0x500 | id << 4 | act,
						      data, sizeof(data)));
			tok[id] = 0;
		} else if (act == A_RETTOK) {
			uint8_t data[8];
			uint32_t t = tok[id];

			fill(data, sizeof(data), id << 4 | act);
			after(id, 1, pier_return_token(t + 1000, arg, 0x500 | id << 4 | act,
						       data, sizeof(data)));
			tok[id] = 0;
			/* Ends the activation: an event after it is a failure. */
			after(id, 6, pier_return_token(t, arg, 0x500 | id << 4 | act, data,
						       sizeof(data)));
		} else if (act == A_RELAY) {
			relay(id, (unsigned)arg);
		} else if (act == A_QUIT) {
			pier_exit(0);
		}
		return 0;
	}
	switch (act) {
	case A_RET:
		return arg;
	case A_REPLY:
		after(id, 1, reply(id, act, (uint32_t)arg, 0));
		return 7;
	case A_BIG:
		after(id, 1, reply(id, act, 64, 0));
		after(id, 2, reply(id, act, 8, 0));
		return 0;
	case A_TWICE:
		after(id, 1, reply(id, act, 8, 0));
		after(id, 2, reply(id, act, 8, 0));
		return 0;
	case A_GRANT:
		after(id, 1, reply(id, act, 8, hnd[arg]));
		return 0;
	case A_HOLD:
		rc = pier_send(hnd[id], A_RELEASE, NULL, 0);
		e = (struct ev){ .kind = K_HOLD, .who = (uint8_t)id, .st = rc };
		note(&e);
		return PIER_HOLD;
	case A_HOLDTOK:
	case A_HOLDRET:
		/* Tokens differ between the runs: the transcript has only their sign. */
		rc = pier_hold();
		tok[id] = rc > 0 ? (uint32_t)rc : 0;
		after(id, 4, rc > 0 ? 1 : rc);
		after(id, 5, pier_hold());      /* held already: PIER_E_STATE */
		rc = pier_send(hnd[id], TYPE(act == A_HOLDRET ? A_RETTOK : A_RELTOK, arg), NULL, 0);
		e = (struct ev){ .kind = K_HOLD, .who = (uint8_t)id, .st = rc };
		note(&e);
		return 9;       /* no longer answers the caller */
	case A_FAULT:
		return *(volatile int *)FAULT_ADDR;
	case A_PROBE:
		return pier_reply(0, &pkt->badge, sizeof(pkt->badge));
	}
	return PIER_E_TYPE;
}

/* P_LOG: the peer's grants (setup) and events, and fault packets from the kernel. */
int on_log(const struct pier_packet *pkt)
{
	uint32_t id;
	struct ev e;
	struct pier_fault f;

	if (pkt->type == T_HANDLE && pkt->size == sizeof(id)) {
		memcpy(&id, pkt->data, sizeof(id));
		if (id < NPORTS && !hnd[id])
			hnd[id] = pier_handle_take(pkt);
	} else if (pkt->type == T_EVENT && pkt->size == sizeof(e)) {
		memcpy(&e, pkt->data, sizeof(e));
		if (pkt->badge != peer_id)
			e.kind = 0xee;  /* from whom? shows as a difference */
		record(&e, 1);
	} else if (pkt->type == PIER_MSG_FAULT && pkt->size == sizeof(f)) {
		memcpy(&f, pkt->data, sizeof(f));
		e = (struct ev){ .kind = K_FAULT, .who = P_LOG, .v = {
			(uint32_t)f.space, (uint32_t)f.cause, (uint32_t)f.addr, (uint32_t)pkt->badge } };
		record(&e, 0);
	} else {
		return PIER_E_TYPE;     /* e.g. the peer's runtime asking for a console */
	}
	return PIER_OK;
}
