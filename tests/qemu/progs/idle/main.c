/* idle: idle packets come only when no other packet is pending, and stop on request. */
#include <stdio.h>
#include <libpier.h>

#define WORK 5     /* packets main sends to the worker */
#define IDLES 3    /* idle packets to take before unsubscribing */

static uint32_t port_w, port_i;
static int worked, sent, idles, fails;

static void check(const char *what, int got, int want)
{
	if (got == want) {
		printf("idle: PASS %s\n", what);
	} else {
		printf("idle: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

static int on_work(const struct pier_packet *pkt)
{
	(void)pkt;
	worked++;
	return 0;
}

static int on_idle(const struct pier_packet *pkt)
{
	idles++;
	check("idle packet flag", !!(pkt->flags & PIER_PKT_IDLE), 1);
	check("idle packet type", (int)pkt->type, PIER_MSG_IDLE);
	if (idles == 1) {
		check("sends accepted before idle", sent, WORK);
		check("work done before idle", worked, WORK);
	}
	if (idles < IDLES)
		return 0;
	check("unsubscribe", pier_idle(port_i, 0), PIER_OK);
	printf("idle: done\n");
	pier_exit(fails);
}

int main(void)
{
	/* Low priority, as idle work would be; the worker's packets come first. */
	check("create idle port",
	      pier_port_create(on_idle, PIER_PRIO_MIN, 0, 0, &port_i), PIER_OK);
	check("subscribe", pier_idle(port_i, 1), PIER_OK);
	check("create worker",
	      pier_port_create(on_work, PIER_PRIO_DEFAULT, 0, 0, &port_w), PIER_OK);
	for (int i = 0; i < WORK; i++)
		if (pier_send(port_w, 1, &i, sizeof(i)) == PIER_OK)
			sent++;
	return 0;
}
