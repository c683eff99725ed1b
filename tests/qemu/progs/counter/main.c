/* counter: numbered lines on the console, one every 5 ms from a timer: "count 1" .. "count N". */

/*
 * The console-restart case runs it from the shell and kills the console
 * driver meanwhile: every number must still come out, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libpier.h>

static unsigned n, i;
static uint64_t id;

static int on_tick(const struct pier_packet *pkt)
{
	if (pkt->type != PIER_MSG_TIMER || i >= n)
		return PIER_E_TYPE;
	printf("count %u\n", ++i);
	if (i == n) {
		pier_timer_cancel(id);
		printf("counter: done\n");
		pier_exit(0);
	}
	return PIER_OK;
}

int main(int argc, char **argv)
{
	struct pier_time t;
	uint32_t port;
	int rc;

	n = argc > 1 ? (unsigned)atoi(argv[1]) : 100;
	if ((rc = pier_time_now(&t)) != PIER_OK ||
	    (rc = pier_port_create(on_tick, PIER_PRIO_DEFAULT, 0, 0, &port)) != PIER_OK ||
	    (rc = pier_timer_set(port, PIER_TIMER_RELATIVE, t.hz / 200, t.hz / 200, 0,
				 &id)) != PIER_OK) {
		printf("counter: %s\n", pier_strerror(rc));
		return rc;
	}
	return PIER_OK;
}
