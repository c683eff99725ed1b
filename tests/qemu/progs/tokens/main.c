/* tokens: held calls answered by token, in any order and with a status; every misuse a named status. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * The director (prio 2) runs the script in one activation: everything
 * else runs above it, so each send it makes runs to completion before
 * the send returns. Clients (6) call servers (4), which hold the calls.
 *
 *  1. six clients call S, which holds each and, holding all six,
 *     answers them out of order (by token and oldest-first mixed), each
 *     with its own status and data; a return after a hold answers nothing;
 *  2. S's misuses: hold with no call, a token answered already, a token
 *     never given, a token of S2's;
 *  3. T holds the calls of a client port that is then destroyed and of a
 *     child space that is then killed: their tokens are gone;
 *  4. T then holds exactly PIER_HELD_MAX calls of 65 clients (so the
 *     dead callers' holds were given back): the 65th gets PIER_E_LIMIT
 *     by hold and by return, and the 64 are answered in reverse.
 */
#define NCLIENT 6
#define NBULK ((int)PIER_HELD_MAX + 1)
#define MSG_CALL 1
#define MSG_HOSTILE 2
#define MSG_RELEASE 3
#define MSG_TRY 4

static uint32_t port_s, port_s2, port_t, port_x, port_d, port_dir, port_sup;
static uint32_t clients[NCLIENT], bulk[NBULK];
static int s_tokens[NCLIENT], s_held, s2_token, t_dead_token, t_held;
static int bulk_tokens[NBULK];
static int answered, fails, checks;

static void check(const char *what, int got, int want)
{
	checks++;
	if (got != want) {
		printf("tokens: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

static int status_of(int i) { return i == 0 ? PIER_OK : -(1000 + i); }
static uint32_t data_of(int i) { return 0x5000u + 11u * (uint32_t)i; }

/* A client: calls its server with its index, checks its own answer. */
static int client_call(uint32_t server, int i, int want_status, uint32_t want_data)
{
	uint32_t v = 0, rsz = 0;
	int rc = pier_call(server, MSG_CALL, &i, sizeof(i), &v, sizeof(v), &rsz);

	check("client's own status", rc, want_status);
	if (want_status != PIER_E_LIMIT) {
		check("client's own data", (int)v, (int)want_data);
		check("client's reply size", (int)rsz, sizeof(v));
	}
	answered++;
	return 0;
}

static int on_client(const struct pier_packet *pkt)
{
	int i;

	memcpy(&i, pkt->data, sizeof(i));
	return client_call(port_s, i, status_of(i), data_of(i));
}

static void answer(int i)
{
	uint32_t v = data_of(i);

	check("answer by token", pier_reply_token((uint32_t)s_tokens[i], status_of(i), 7,
						  &v, sizeof(v)), PIER_OK);
}

static void answer_oldest(int i)
{
	uint32_t v = data_of(i);

	check("answer the oldest", pier_reply_token(0, status_of(i), 7, &v, sizeof(v)), PIER_OK);
}

static int on_s(const struct pier_packet *pkt)
{
	int i, t;

	if (pkt->type == MSG_HOSTILE) {
		check("hold with no call", pier_hold(), PIER_E_STATE);
		check("a token answered already",
		      pier_reply_token((uint32_t)s_tokens[5], 0, 7, NULL, 0), PIER_E_STATE);
		check("a token never given", pier_reply_token(0x7ffffff0u, 0, 7, NULL, 0),
		      PIER_E_STATE);
		check("a token of another port", pier_reply_token((uint32_t)s2_token, 0, 7, NULL, 0),
		      PIER_E_STATE);
		check("nothing left to answer", pier_reply_token(0, 0, 7, NULL, 0), PIER_E_STATE);
		return PIER_OK;
	}
	memcpy(&i, pkt->data, sizeof(i));
	t = pier_hold();
	if (t <= 0) {
		check("hold", t, 1);
		return PIER_OK;
	}
	check("a second hold of one call", pier_hold(), PIER_E_STATE);
	check("a plain reply after the hold", pier_reply(1, NULL, 0), PIER_E_STATE);
	for (int j = 0; j < s_held; j++)
		if (s_tokens[j] == t)
			check("tokens are unique", t, 0);
	s_tokens[i] = t;
	if (++s_held < NCLIENT)
		return -77;     /* must reach nobody: the call is held */
	/* All six held: reverse and interleaved, by token and oldest first. */
	answer(5);
	answer_oldest(0);
	answer(3);
	answer(1);
	answer_oldest(2);
	answer(4);
	check("all six answered", answered, NCLIENT);
	return -78;
}

/* S2 holds X's call; the director releases it. */
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
	check("X answered by S2 with its status", pier_call(port_s2, MSG_CALL, NULL, 0, NULL, 0, NULL),
	      -5);
	answered++;
	return 0;
}

static int on_d(const struct pier_packet *pkt)
{
	(void)pkt;
	pier_call(port_t, MSG_CALL, NULL, 0, NULL, 0, NULL);
	check("D's call returned though D was destroyed", 0, 1);
	return 0;
}

static int on_bulk(const struct pier_packet *pkt)
{
	int i;

	memcpy(&i, pkt->data, sizeof(i));
	return client_call(port_t, i, i == (int)PIER_HELD_MAX ? PIER_E_LIMIT : -(i % 20),
			   data_of(i));
}

static int on_t(const struct pier_packet *pkt)
{
	int t, i = -1;

	if (pkt->type == MSG_TRY) {
		check("the token of a dead caller", pier_reply_token((uint32_t)t_dead_token, 0, 7,
								  NULL, 0), PIER_E_STATE);
		check("no call held for dead callers", pier_reply_token(0, 0, 7, NULL, 0),
		      PIER_E_STATE);
		return PIER_OK;
	}
	if (pkt->type == MSG_RELEASE) {
		for (i = (int)PIER_HELD_MAX - 1; i >= 0; i--) {
			uint32_t v = data_of(i);

			check("release by token", pier_reply_token((uint32_t)bulk_tokens[i], -(i % 20),
								   7, &v, sizeof(v)), PIER_OK);
		}
		return PIER_OK;
	}
	if (pkt->size == sizeof(i))
		memcpy(&i, pkt->data, sizeof(i));
	t = pier_hold();
	if (i < 0) {            /* D's call, or the child's: kept to be orphaned */
		check("hold of a caller that will die", t > 0, 1);
		t_dead_token = t;
		return PIER_OK;
	}
	if (i == (int)PIER_HELD_MAX) {
		check("the 65th hold", t, PIER_E_LIMIT);
		return PIER_HOLD;       /* by return: the caller hears PIER_E_LIMIT */
	}
	check("bulk hold", t > 0, 1);
	bulk_tokens[i] = t;
	t_held++;
	return PIER_OK;
}

static int on_sup(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

static int on_dir(const struct pier_packet *pkt)
{
	uint32_t child_h;
	uint64_t child;

	(void)pkt;
	/* 1: out of order. */
	for (int i = 0; i < NCLIENT; i++)
		check("client started", pier_send(clients[i], 0, &i, sizeof(i)), PIER_OK);
	check("six answers", answered, NCLIENT);

	/* 2: misuses at S. */
	check("X calls S2", pier_send(port_x, 0, NULL, 0), PIER_OK);
	check("S2 holds", s2_token > 0, 1);
	check("S's misuses", pier_send(port_s, MSG_HOSTILE, NULL, 0), PIER_OK);
	check("S2 answers X", pier_send(port_s2, MSG_RELEASE, NULL, 0), PIER_OK);
	check("X answered", answered, NCLIENT + 1);

	/* 3: callers that die while held. */
	check("D calls T", pier_send(port_d, 0, NULL, 0), PIER_OK);
	check("destroy D", pier_port_destroy(port_d), PIER_OK);
	check("T tries D's token", pier_send(port_t, MSG_TRY, NULL, 0), PIER_OK);
	check("derive a send handle to T", pier_handle_derive(port_t, PIER_R_SEND | PIER_R_GRANT, &child_h),
	      PIER_OK);
	check("supervise", pier_supervise(port_sup), PIER_OK);
	check("spawn a child that calls T", pier_spawn("tokens child", 6, child_h, &child),
	      PIER_OK);
	check("kill it", pier_kill(child), PIER_OK);
	check("T tries the child's token", pier_send(port_t, MSG_TRY, NULL, 0), PIER_OK);

	/* 4: the limit, with the dead callers' holds given back. */
	answered = 0;
	for (int i = 0; i < NBULK; i++)
		check("bulk client started", pier_send(bulk[i], 0, &i, sizeof(i)), PIER_OK);
	check("the 65th heard at once", answered, 1);
	check("64 held", t_held, (int)PIER_HELD_MAX);
	check("T releases", pier_send(port_t, MSG_RELEASE, NULL, 0), PIER_OK);
	check("all answered", answered, NBULK);
	printf("tokens: %d checks, %d failed\n", checks, fails);
	printf("tokens: done\n");
	pier_exit(fails);
}

int main(int argc, char **argv)
{
	int rc = PIER_OK;

	if (argc > 1 && !strcmp(argv[1], "child")) {
		/* Held by T, then killed: this call never returns. */
		rc = pier_call(PIER_H_PARENT, MSG_CALL, NULL, 0, NULL, 0, NULL);
		printf("tokens: FAIL the child's call returned %d\n", rc);
		return 1;
	}
	rc |= pier_port_create(on_s, 4, 0, 0, &port_s);
	rc |= pier_port_create(on_s2, 4, 0, 0, &port_s2);
	rc |= pier_port_create(on_t, 4, 0, 0, &port_t);
	rc |= pier_port_create(on_x, 6, 0, 0, &port_x);
	rc |= pier_port_create(on_d, 6, 0, 0, &port_d);
	rc |= pier_port_create(on_sup, 3, 0, 0, &port_sup);
	for (int i = 0; i < NCLIENT; i++)
		rc |= pier_port_create(on_client, 6, 0, 0, &clients[i]);
	for (int i = 0; i < NBULK; i++)
		rc |= pier_port_create(on_bulk, 6, 0, 0, &bulk[i]);
	rc |= pier_port_create(on_dir, 2, 0, 0, &port_dir);
	check("ports made", rc, PIER_OK);
	return pier_send(port_dir, 0, NULL, 0);
}
