/* lend: a detached port outlives its servers; callers of a killed one hear PIER_E_RESTARTED and lose nothing. */
#include <stdio.h>
#include <string.h>
#include "lend.h"

/*
 * The director (prio 2) runs the script; everything else runs above it,
 * so each step has run out when the request that started it returns.
 *
 *  1. The parent makes a detached port (the service); six clients (6)
 *     call it before anyone serves: their calls wait in its queue.
 *  2. Child 1 gets a SEND|SERVE handle from R, attaches (4), holds the
 *     first two calls and is killed (by R, at its request) handling the
 *     third: those three callers hear PIER_E_RESTARTED and call again.
 *  3. Two notes are sent while nobody serves; child 2 attaches and serves
 *     all six calls and both notes, then destroys its handle, which only
 *     detaches (the owner's listing shows the port, state none, empty).
 *  4. Misuses: attach without SERVE, to an ordinary port, above the
 *     maximum priority, with a bad entry, twice, while another serves; a
 *     stranger's destroy and detach.
 *  5. A child owns a detached port and lends it to the parent, which
 *     serves it and holds two calls; the owner is killed: the port is
 *     destroyed, the callers hear PIER_E_GONE, the parent's stack for it
 *     is gone from its listing.
 */
#define NCLIENT 6
#define NBORROW 2

static uint32_t svc, port_r, port_dir, port_sup, clients[NCLIENT], borrowers[NBORROW];
static uint32_t lent, svc_give;
static uint64_t self, child1;
static int answered, restarts, notes, borrow_held, gone, fails, checks;

static void check(const char *what, int got, int want)
{
	checks++;
	if (got != want) {
		printf("lend: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

/* A client calls until a server answers; PIER_E_RESTARTED means call again. */
static int on_client(const struct pier_packet *pkt)
{
	int i, v = -1, rc;

	memcpy(&i, pkt->data, sizeof(i));
	while ((rc = pier_call(svc, S_CALL, &i, sizeof(i), &v, sizeof(v), NULL)) ==
	       PIER_E_RESTARTED)
		restarts++;
	check("a client's call", rc, PIER_OK);
	check("a client's own answer", v, 10 * i + 1);
	answered++;
	return 0;
}

static int on_borrower(const struct pier_packet *pkt)
{
	(void)pkt;
	check("a borrowed port's caller when its owner dies",
	      pier_call(lent, S_CALL, NULL, 0, NULL, 0, NULL), PIER_E_GONE);
	gone++;
	return 0;
}

/* The parent serving the port its child lent: it holds every call. */
static int on_borrowed(const struct pier_packet *pkt)
{
	(void)pkt;
	borrow_held += pier_hold() > 0;
	return PIER_OK;
}

static int never(const struct pier_packet *pkt)
{
	(void)pkt;
	printf("lend: FAIL a handler that should never run ran\n");
	return PIER_OK;
}

/* The parent's misuses, while child 2 serves the service. */
static void probe(void)
{
	struct pier_port_attach req = { .handle = svc, .priority = 4, .entry = 0x4000000000ull };
	uint32_t h;

	check("attach while another serves", pier_port_attach(svc, never, 4, 0), PIER_E_STATE);
	check("detach by the owner, not serving", pier_port_detach(svc), PIER_E_STATE);
	check("derive SEND only", pier_handle_derive(svc, PIER_R_SEND, &h), PIER_OK);
	check("attach without SERVE", pier_port_attach(h, never, 4, 0), PIER_E_RIGHTS);
	check("attach to an ordinary port", pier_port_attach(clients[0], never, 4, 0),
	      PIER_E_RIGHTS);
	check("attach above the maximum priority", pier_port_attach(svc, never, 26, 0),
	      PIER_E_RIGHTS);
	check("attach at no priority there is", pier_port_attach(svc, never, 32, 0), PIER_E_ARG);
	check("attach with an entry outside user space",
	      pier_call(PIER_H_TASK, PIER_TASK_PORT_ATTACH, &req, sizeof(req), NULL, 0, NULL),
	      PIER_E_ARG);
	req.entry = 0x10000;
	check("attach, short request",
	      pier_call(PIER_H_TASK, PIER_TASK_PORT_ATTACH, &req, sizeof(req) - 8, NULL, 0, NULL),
	      PIER_E_PACKET_SIZE);
	check("drop the SEND handle", pier_handle_drop(h), PIER_OK);
}

/* R: the children's requests. */
static int on_r(const struct pier_packet *pkt)
{
	struct report r;
	int n;

	switch (pkt->type) {
	case R_GET_SVC:
		return pier_reply_grant(0, NULL, 0, svc_give);
	case R_KILL_ME:
		check("kill the first server", pier_kill(pkt->badge), PIER_OK);
		return PIER_OK;
	case R_NOTE:
		memcpy(&n, pkt->data, sizeof(n));
		check("a note's number", n, 100 + notes);
		notes++;
		return PIER_OK;
	case R_LEND:
		lent = pier_handle_take(pkt);
		return PIER_OK;
	case R_CHECK:
		memcpy(&r, pkt->data, sizeof(r));
		r.what[sizeof(r.what) - 1] = 0;
		check(r.what, r.got, r.want);
		return PIER_OK;
	case R_PROBE:
		probe();
		return PIER_OK;
	}
	return PIER_E_TYPE;
}

/* Faults are the third server's: it is killed, which detaches the service. */
static int sup_faults, sup_fault_ends;

static int on_sup(const struct pier_packet *pkt)
{
	struct pier_fault f;
	struct pier_ended e;

	if (pkt->badge != 0)
		return PIER_E_TYPE;
	if (pkt->type == PIER_MSG_FAULT) {
		memcpy(&f, pkt->data, sizeof(f));
		sup_faults++;
		check("kill the faulted server", pier_kill(f.space), PIER_OK);
	} else if (pkt->type == PIER_MSG_ENDED) {
		memcpy(&e, pkt->data, sizeof(e));
		sup_fault_ends += e.how == PIER_ENDED_FAULT;
	}
	return PIER_OK;
}

/* The ports of space, and how many are detached with n queued packets. */
static int count_ports(uint64_t space, uint32_t queued, int *detached)
{
	struct pier_port_info pi;
	int n = 0;

	*detached = 0;
	while (pier_port_info(space, (uint32_t)n, &pi) == PIER_OK) {
		*detached += pi.state == 0 && pi.prio == 0 && pi.depth == 16 && pi.queued == queued;
		n++;
	}
	return n;
}

static int on_dir(const struct pier_packet *pkt)
{
	uint64_t child2, other, owner;
	int n0, n, det;

	self = pkt->badge;
	/* 1 */
	for (int i = 0; i < NCLIENT; i++)
		check("a client calls", pier_send(clients[i], 0, &i, sizeof(i)), PIER_OK);
	check("nobody answered yet", answered, 0);
	n0 = count_ports(self, NCLIENT, &det);
	check("the service listed with its owner, queued", det, 1);
	/* 2 */
	check("spawn the first server", pier_spawn("lend serve1", 4, port_r, &child1), PIER_OK);
	check("three callers restarted", restarts, 3);
	check("still nobody answered", answered, 0);
	count_ports(self, NCLIENT, &det);
	check("all six calls queued again", det, 1);
	/* 3 */
	for (int i = 0; i < 2; i++) {
		int note = 100 + i;

		check("a note while nobody serves", pier_send(svc, S_NOTE, &note, sizeof(note)),
		      PIER_OK);
	}
	check("spawn the second server", pier_spawn("lend serve2", 4, port_r, &child2), PIER_OK);
	check("every client answered", answered, NCLIENT);
	check("the notes", notes, 2);
	n = count_ports(self, 0, &det);
	check("detached again, empty, listed with its owner", det, 1);
	check("the owner's listing is as it was", n, n0);
	/* 4 */
	check("spawn a stranger", pier_spawn("lend other", 4, port_r, &other), PIER_OK);
	/* 5 */
	check("spawn the owner", pier_spawn("lend owner", 4, port_r, &owner), PIER_OK);
	check("a port was lent", lent != 0, 1);
	check("serve the lent port", pier_port_attach(lent, on_borrowed, 4, 0), PIER_OK);
	check("listed where it runs", count_ports(self, 0, &det), n0 + 1);
	for (int i = 0; i < NBORROW; i++)
		check("a borrower calls", pier_send(borrowers[i], 0, NULL, 0), PIER_OK);
	check("both held", borrow_held, NBORROW);
	check("kill the owner", pier_kill(owner), PIER_OK);
	check("both callers heard GONE", gone, NBORROW);
	check("nothing left of it here", count_ports(self, 0, &det), n0);
	check("a send to it", pier_send(lent, S_NOTE, NULL, 0), PIER_E_GONE);
	check("drop its handle", pier_handle_drop(lent), PIER_OK);
	check("kill the second server", pier_kill(child2), PIER_OK);
	/* 6: a server that faults: its caller hears PIER_E_FAULTED, its
	 * supervisor kills it, and the service is detached again; a server
	 * whose quota cannot pay for its stack does not attach. */
	check("spawn a faulting server", pier_spawn("lend faulty", 4, port_r, &other), PIER_OK);
	check("a call it faults on", pier_call(svc, S_CALL, &n, sizeof(n), NULL, 0, NULL),
	      PIER_E_FAULTED);
	check("its fault heard", sup_faults, 1);
	check("its end heard", sup_fault_ends, 1);
	count_ports(self, 0, &det);
	check("detached again", det, 1);
	check("spawn a server with a small quota",
	      pier_spawn_quota("lend small", 4, 0, port_r, 40, &other), PIER_OK);
	count_ports(self, 0, &det);
	check("still detached", det, 1);
	printf("lend: %d answered, %d restarted, %d notes, %d checks\n", answered, restarts,
	       notes, checks);
	printf("lend: done\n");
	pier_exit(fails);
}

int main(int argc, char **argv)
{
	int rc = PIER_OK;

	if (argc > 1)
		return child_main(argv[1]);
	rc |= pier_port_create_detached(16, &svc);
	rc |= pier_handle_derive(svc, PIER_R_SEND | PIER_R_SERVE | PIER_R_GRANT, &svc_give);
	rc |= pier_port_create(on_r, 5, 0, PIER_PORT_GRANTS, &port_r);
	rc |= pier_port_create(on_sup, 3, 0, 0, &port_sup);
	rc |= pier_supervise(port_sup);
	for (int i = 0; i < NCLIENT; i++)
		rc |= pier_port_create(on_client, 6, 0, 0, &clients[i]);
	for (int i = 0; i < NBORROW; i++)
		rc |= pier_port_create(on_borrower, 6, 0, 0, &borrowers[i]);
	rc |= pier_port_create(on_dir, 2, 0, 0, &port_dir);
	check("setup", rc, PIER_OK);
	return pier_send(port_dir, 0, NULL, 0);
}
