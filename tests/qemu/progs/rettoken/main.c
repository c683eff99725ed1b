/* rettoken: a return that answers a held call (PIER_OP_RETURN | PIER_F_HELD); every refusal changes nothing. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * The director (prio 2) runs the script in one activation; everything
 * else runs above it, so each send it makes runs to completion before the
 * send returns. Clients (6) call the servers (4), which hold the calls.
 *
 *  1. A calls S, which holds it. S, on a packet with no call of its own,
 *     tries return-with-answer with every kind of bad input (a token never
 *     given, S2's token, a reply bigger than A's buffer, a kernel type,
 *     HOLD with HELD, a bad grant handle, a packet at a kernel address):
 *     each comes back with its status, and A is still held, so the last,
 *     good one answers A with its status, type and data and ends S's
 *     activation (the code after it never runs).
 *  2. B calls S, held. C calls S: while C's own call is unanswered the
 *     return is refused (PIER_E_STATE); S holds C's call and returns
 *     answering B; then a later packet's return answers C, the oldest
 *     (token 0). Every answer reaches only its own caller.
 */
#define MSG_CALL 1
#define MSG_HOSTILE 2
#define MSG_OWN 3
#define MSG_RELEASE 4
#define SIZE_BIG 8

static uint32_t port_s, port_s2, port_x, port_a, port_b, port_c, port_dir;
static int tok_a, tok_b, s2_token, s_after, answered, fails, checks;

static void check(const char *what, int got, int want)
{
	checks++;
	if (got != want) {
		printf("rettoken: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

/* A client's call to S: its status, data and type must be its own. */
static void client(const char *who, uint32_t type, int want_status, uint32_t want_data)
{
	uint32_t v = 0;
	struct pier_frame f = {
		.type = type, .dst = port_s, .rbuf = &v, .rbufsz = sizeof(v),
	};
	int rc = pier_call_frame(&f);

	check(who, rc, want_status);
	check("its data", (int)v, (int)want_data);
	check("its reply size", (int)f.rsz, sizeof(v));
	check("its reply type", (int)f.rtype, 0x70);
	answered++;
}

static int on_a(const struct pier_packet *pkt) { (void)pkt; client("A's status", MSG_CALL, -1234, 0xa11); return 0; }
static int on_b(const struct pier_packet *pkt) { (void)pkt; client("B's status", MSG_CALL, -21, 0xb22); return 0; }
static int on_c(const struct pier_packet *pkt) { (void)pkt; client("C's status", MSG_OWN, -22, 0xc33); return 0; }

/* The frame pier_return_token makes, for the fields it cannot set. */
static int raw_return(uint16_t flags, uint32_t token, uint32_t type, const void *pkt,
		      uint32_t size, uint32_t grant)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = flags, .type = type, .dst = token,
		.pkt = pkt, .pktsz = size, .grant = grant, .status = -99,
	};

	return pier_ecall(&f);
}

static void hostile(void)
{
	uint8_t big[SIZE_BIG] = { 0 };
	uint32_t v = 0xa11;
	const uint16_t rh = PIER_OP_RETURN | PIER_F_HELD;

	check("a token never given", pier_return_token(0x7ffffff0u, 0, 0x70, NULL, 0),
	      PIER_E_STATE);
	check("a token of another port", pier_return_token((uint32_t)s2_token, 0, 0x70, NULL, 0),
	      PIER_E_STATE);
	check("a reply bigger than the caller's buffer",
	      pier_return_token((uint32_t)tok_a, 0, 0x70, big, sizeof(big)), PIER_E_REPLY_SIZE);
	check("a kernel type", pier_return_token((uint32_t)tok_a, 0, PIER_MSG_KERNEL | 1, NULL, 0),
	      PIER_E_TYPE);
	check("HOLD with HELD", raw_return(rh | PIER_F_HOLD, (uint32_t)tok_a, 0x70, NULL, 0, 0),
	      PIER_E_FLAGS);
	check("a grant of no handle", raw_return(rh, (uint32_t)tok_a, 0x70, NULL, 0, 999),
	      PIER_E_HANDLE);
	check("a packet in the kernel",
	      raw_return(rh, (uint32_t)tok_a, 0x70, (const void *)0xffffffc080200000ul, 4, 0),
	      PIER_E_KERNEL_ADDR);
	check("nothing answered yet", answered, 0);
	/* A is still held: this answers it and ends the activation. */
	pier_return_token((uint32_t)tok_a, -1234, 0x70, &v, sizeof(v));
	s_after = 1;
}

static int on_s(const struct pier_packet *pkt)
{
	uint32_t v;
	int t;

	switch (pkt->type) {
	case MSG_HOSTILE:
		hostile();
		return PIER_OK;
	case MSG_RELEASE:
		v = 0xc33;
		pier_return_token(0, -22, 0x70, &v, sizeof(v));     /* the oldest: C */
		s_after = 1;
		return PIER_OK;
	case MSG_CALL:
		t = pier_hold();
		check("hold", t > 0, 1);
		if (!tok_a)
			tok_a = t;
		else
			tok_b = t;
		return -77;     /* reaches nobody: the call is held */
	case MSG_OWN:
		v = 0xb22;
		check("its own call unanswered",
		      pier_return_token((uint32_t)tok_b, -21, 0x70, &v, sizeof(v)), PIER_E_STATE);
		check("B still waits", answered, 1);
		check("hold its own", pier_hold() > 0, 1);
		pier_return_token((uint32_t)tok_b, -21, 0x70, &v, sizeof(v));
		s_after = 1;
		return PIER_OK;
	}
	return PIER_E_TYPE;
}

/* S2 holds X's call: its token is S2's, not S's. */
static int on_s2(const struct pier_packet *pkt)
{
	if (pkt->type == MSG_RELEASE)
		return pier_reply_token((uint32_t)s2_token, -5, 7, NULL, 0);
	s2_token = pier_hold();
	return PIER_OK;
}

static int on_x(const struct pier_packet *pkt)
{
	(void)pkt;
	check("X answered by S2", pier_call(port_s2, MSG_CALL, NULL, 0, NULL, 0, NULL), -5);
	return 0;
}

static int on_dir(const struct pier_packet *pkt)
{
	(void)pkt;
	check("X calls S2", pier_send(port_x, 0, NULL, 0), PIER_OK);
	check("S2 holds", s2_token > 0, 1);
	/* 1. */
	check("A calls S", pier_send(port_a, 0, NULL, 0), PIER_OK);
	check("A held", tok_a > 0, 1);
	check("S's bad returns", pier_send(port_s, MSG_HOSTILE, NULL, 0), PIER_OK);
	check("A answered", answered, 1);
	check("S's return did not come back", s_after, 0);
	/* 2. */
	check("B calls S", pier_send(port_b, 0, NULL, 0), PIER_OK);
	check("C calls S", pier_send(port_c, 0, NULL, 0), PIER_OK);
	check("B answered, C held", answered, 2);
	check("S releases C", pier_send(port_s, MSG_RELEASE, NULL, 0), PIER_OK);
	check("C answered", answered, 3);
	check("no return came back", s_after, 0);
	check("S2 answers X", pier_send(port_s2, MSG_RELEASE, NULL, 0), PIER_OK);
	printf("rettoken: %d checks, %d failed\n", checks, fails);
	printf("rettoken: done\n");
	pier_exit(fails);
}

int main(void)
{
	int rc = PIER_OK;

	rc |= pier_port_create(on_s, 4, 0, 0, &port_s);
	rc |= pier_port_create(on_s2, 4, 0, 0, &port_s2);
	rc |= pier_port_create(on_x, 6, 0, 0, &port_x);
	rc |= pier_port_create(on_a, 6, 0, 0, &port_a);
	rc |= pier_port_create(on_b, 6, 0, 0, &port_b);
	rc |= pier_port_create(on_c, 6, 0, 0, &port_c);
	rc |= pier_port_create(on_dir, 2, 0, 0, &port_dir);
	check("ports made", rc, PIER_OK);
	return pier_send(port_dir, 0, NULL, 0);
}
