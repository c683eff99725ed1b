/* queuefull: a full queue refuses a packet with PIER_E_FULL, and loses or repeats none it took. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define DEPTH 2
#define TRIES 5

static uint32_t port_q, port_z;
static int seen[TRIES], nseen, fails;

static void check(const char *what, int got, int want)
{
	if (got == want) {
		printf("queuefull: PASS %s\n", what);
	} else {
		printf("queuefull: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

static int on_q(const struct pier_packet *pkt)
{
	int n;

	memcpy(&n, pkt->data, sizeof(n));
	if (nseen < TRIES)
		seen[nseen] = n;
	nseen++;
	return 0;
}

/* Lower than Q, so it runs once Q has drained: check what Q received. */
static int on_z(const struct pier_packet *pkt)
{
	(void)pkt;
	check("packets received", nseen, DEPTH);
	for (int i = 0; i < nseen && i < TRIES; i++)
		check("packet received in order", seen[i], i);
	printf("queuefull: done\n");
	pier_exit(fails);
}

int main(void)
{
	int i, rc = PIER_OK;

	/* Below main's priority: Q cannot drain its queue while main runs. */
	check("create Q", pier_port_create(on_q, 2, DEPTH, 0, &port_q), PIER_OK);
	check("create Z", pier_port_create(on_z, 1, 0, 0, &port_z), PIER_OK);
	for (i = 0; i < TRIES; i++) {
		rc = pier_send(port_q, 1, &i, sizeof(i));
		if (rc != PIER_OK)
			break;
	}
	check("sends accepted", i, DEPTH);
	check("send to a full queue", rc, PIER_E_FULL);
	check("send to Z", pier_send(port_z, 1, NULL, 0), PIER_OK);
	return 0;
}
