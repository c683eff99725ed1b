/* hold: a server holds calls and answers them later, in order; a destroyed server's held callers hear PIER_E_GONE. */
#include <stdio.h>
#include <libpier.h>

/*
 * Priorities make the order certain: the clients A and B (6) call the
 * server S (4) and wait; R (5) then tells S to release. S holds both calls
 * and answers them oldest first. D (6) calls T (4), which holds the call;
 * K (5) destroys T, and D's call must end with PIER_E_GONE.
 */
static uint32_t port_s, port_a, port_b, port_r, port_t, port_d, port_k;
static int fails, answered;

static void check(const char *what, int got, int want)
{
	if (got == want) {
		printf("hold: PASS %s\n", what);
	} else {
		printf("hold: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

static int client(const char *name, int want)
{
	int v = 0;
	uint32_t rsz = 0;
	int rc = pier_call(port_s, 1, NULL, 0, &v, sizeof(v), &rsz);

	printf("hold: %s got %d\n", name, v);
	check("held call answered", rc, PIER_OK);
	check("answers come oldest first", v, want);
	answered++;
	return 0;
}

static int on_a(const struct pier_packet *pkt) { (void)pkt; return client("A", 1); }
static int on_b(const struct pier_packet *pkt) { (void)pkt; return client("B", 2); }

static int on_s(const struct pier_packet *pkt)
{
	if (pkt->flags & PIER_PKT_CALL)
		return PIER_HOLD;
	for (int v = 1; v <= 2; v++)
		check("reply to a held call", pier_reply_held(1, &v, sizeof(v)), PIER_OK);
	check("no third held call", pier_reply_held(1, NULL, 0), PIER_E_STATE);
	return 0;
}

static int on_r(const struct pier_packet *pkt)
{
	(void)pkt;
	check("release sent", pier_send(port_s, 2, NULL, 0), PIER_OK);
	return 0;
}

static int on_t(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_HOLD;
}

static int on_d(const struct pier_packet *pkt)
{
	(void)pkt;
	check("held call to a destroyed port", pier_call(port_t, 1, NULL, 0, NULL, 0, NULL),
	      PIER_E_GONE);
	check("both held calls answered first", answered, 2);
	printf("hold: done\n");
	pier_exit(fails);
}

static int on_k(const struct pier_packet *pkt)
{
	(void)pkt;
	check("destroy T", pier_port_destroy(port_t), PIER_OK);
	return 0;
}

int main(void)
{
	pier_port_create(on_s, 4, 0, 0, &port_s);
	pier_port_create(on_a, 6, 0, 0, &port_a);
	pier_port_create(on_b, 6, 0, 0, &port_b);
	pier_port_create(on_r, 5, 0, 0, &port_r);
	pier_port_create(on_t, 4, 0, 0, &port_t);
	pier_port_create(on_d, 3, 0, 0, &port_d);
	pier_port_create(on_k, 2, 0, 0, &port_k);
	pier_send(port_a, 1, NULL, 0);
	pier_send(port_b, 1, NULL, 0);
	pier_send(port_r, 1, NULL, 0);
	pier_send(port_d, 1, NULL, 0);
	pier_send(port_k, 1, NULL, 0);
	return 0;
}
