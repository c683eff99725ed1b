/* svc: a test service serving the name on its command line; it can be told to exit or crash. */

/*
 * Started by init from a manifest line with serve=NAME (and a restart
 * policy); see tests/qemu/progs/svcuse for what is checked. Each instance
 * answers SVC_ECHO with the time it started, so a client tells a new
 * instance from the old one.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include "svc.h"

static uint64_t born;
static uint32_t crash_port;
static const char *name;

/* A fault in another port's handler, while the service port holds a call. */
static volatile uintptr_t nowhere = 8;	/* page 0 is never mapped */

static int on_crash(const struct pier_packet *pkt)
{
	(void)pkt;
	*(volatile uint32_t *)nowhere = 1;
	return PIER_OK;
}

static int on_request(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case SVC_ECHO:
		return pier_reply(0, &born, sizeof(born));
	case SVC_EXIT:
		printf("svc: %s exits\n", name);
		pier_exit(3);
	case SVC_CRASH:
		printf("svc: %s crashes\n", name);
		pier_send(crash_port, 1, 0, 0);
		return PIER_HOLD;
	}
	return PIER_E_TYPE;
}

int main(int argc, char **argv)
{
	struct pier_time t;
	uint32_t port;
	int rc;

	if (argc != 2) {
		printf("svc: usage: svc NAME\n");
		return PIER_E_ARG;
	}
	name = argv[1];
	if ((rc = pier_time_now(&t)) != PIER_OK)
		return rc;
	born = t.ticks;		/* before serving: queued calls run as soon as it attaches */
	if ((rc = pier_port_create(on_crash, PIER_PRIO_MIN, 0, 0, &crash_port)) != PIER_OK ||
	    (rc = pier_serve(name, on_request, PIER_PRIO_DEFAULT, 0, &port)) != PIER_OK ||
	    (rc = pier_serve_ready(name)) != PIER_OK) {
		printf("svc: %s: cannot serve: %s\n", name, pier_strerror(rc));
		return rc;
	}
	printf("svc: serving %s\n", name);
	return PIER_OK;
}
