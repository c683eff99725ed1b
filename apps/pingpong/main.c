/* pingpong: one program playing both sides of async sends and sync calls between two spaces. */

/*
 * "pingpong" makes port P and spawns "pingpong pong" with P's handle. The
 * pong side makes port Q and says hello to P, granting Q. P then sends N
 * pings to Q, each answered by a pong sent back to P; then P calls Q N
 * times, and Q replies with the value plus one. P tells Q to quit, and
 * both exit.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define N 10
#define DEPTH 16	/* room for all N sends before the receiver runs */

enum { MSG_HELLO = 0x100, MSG_PING, MSG_PONG, MSG_CALL, MSG_QUIT };

static uint32_t peer;	/* the other side's port */
static unsigned sent, pongs;

static uint32_t value(const struct pier_packet *pkt)
{
	uint32_t v = 0;

	memcpy(&v, pkt->data, pkt->size < sizeof(v) ? pkt->size : sizeof(v));
	return v;
}

static void calls_then_quit(void)
{
	unsigned ok = 0;

	for (uint32_t i = 0; i < N; i++) {
		uint32_t r = 0, rsz = 0;
		int rc = pier_call(peer, MSG_CALL, &i, sizeof(i), &r, sizeof(r), &rsz);

		if (rc == PIER_OK && rsz == sizeof(r) && r == i + 1)
			ok++;
		else
			printf("pingpong: call %u: %s, got %u\n", (unsigned)i,
			       pier_strerror(rc), (unsigned)r);
	}
	printf("pingpong: %u sends, %u replies received, %u calls ok\n",
	       sent, pongs, ok);
	pier_send(peer, MSG_QUIT, 0, 0);
	pier_exit(ok == N && pongs == N ? 0 : 1);
}

/* P, the ping side. */
static int ping(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case MSG_HELLO:
		peer = pier_handle_take(pkt);
		printf("pingpong: pong says hello from space %lu\n",
		       (unsigned long)pkt->badge);
		for (uint32_t i = 0; i < N; i++)
			if (pier_send(peer, MSG_PING, &i, sizeof(i)) == PIER_OK)
				sent++;
		break;
	case MSG_PONG:
		pongs++;
		break;
	default:
		return PIER_E_TYPE;
	}
	if (pongs == sent)
		calls_then_quit();
	return PIER_OK;
}

/* Q, the pong side. */
static int pong(const struct pier_packet *pkt)
{
	uint32_t v = value(pkt);

	switch (pkt->type) {
	case MSG_PING:
		return pier_send(peer, MSG_PONG, &v, sizeof(v));
	case MSG_CALL:
		v++;
		return pier_reply(MSG_CALL, &v, sizeof(v));
	case MSG_QUIT:
		printf("pingpong: pong quits\n");
		pier_exit(0);
	default:
		return PIER_E_TYPE;
	}
}

int main(int argc, char **argv)
{
	uint32_t port;
	uint64_t space;
	int rc, is_pong = argc > 1 && strcmp(argv[1], "pong") == 0;

	rc = pier_port_create(is_pong ? pong : ping, PIER_PRIO_DEFAULT, DEPTH,
			      PIER_PORT_GRANTS, &port);
	if (rc == PIER_OK && is_pong) {
		peer = PIER_H_PARENT;
		rc = pier_send_grant(peer, MSG_HELLO, "hello", 5, port);
	} else if (rc == PIER_OK) {
		rc = pier_spawn("pingpong pong", PIER_PRIO_DEFAULT, port, &space);
		if (rc == PIER_OK)
			printf("pingpong: started pong as space %lu\n",
			       (unsigned long)space);
	}
	if (rc != PIER_OK) {
		printf("pingpong: %s\n", pier_strerror(rc));
		pier_exit(1);
	}
	return 0;
}
