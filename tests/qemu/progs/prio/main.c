/* prio: a higher-priority packet preempts its sender, a lower one waits, equal ones keep FIFO order. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * Each step records one letter; the last handler to run (L) checks the
 * whole story. Handlers only record: they share main's stdout buffer, and a
 * preempting printf would land in the middle of main's line.
 *   l  main: send to L returned       H  H ran
 *   h  main: send to H returned       1 2 3  F got packet 1, 2, 3
 *   L  L started                      a  L: its send to H returned
 */
#define STORY "lHh123LHa"

static char ev[32];
static unsigned nev;
static uint32_t port_l, port_h, port_f;
static int main_done, main_done_at_l, fails;

static void event(char c)
{
	if (nev < sizeof(ev) - 1)
		ev[nev++] = c;
}

static void send(uint32_t port, char c)
{
	int rc = pier_send(port, 1, &c, 1);

	if (rc != PIER_OK) {
		printf("prio: FAIL send %c: got %d want %d\n", c, rc, PIER_OK);
		fails++;
	}
}

/* Compare n events from position at with the story. */
static void check(const char *what, unsigned at, unsigned n)
{
	if (strncmp(ev + at, STORY + at, n) == 0) {
		printf("prio: PASS %s\n", what);
	} else {
		printf("prio: FAIL %s: got %.*s want %.*s\n", what,
		       (int)n, ev + at, (int)n, STORY + at);
		fails++;
	}
}

static int on_h(const struct pier_packet *pkt)
{
	(void)pkt;
	event('H');
	return 0;
}

static int on_f(const struct pier_packet *pkt)
{
	event((char)pkt->data[0]);
	return 0;
}

static int on_l(const struct pier_packet *pkt)
{
	(void)pkt;
	main_done_at_l = main_done;
	event('L');
	send(port_h, 'x');
	event('a');

	check("higher priority preempts the sender", 0, 3);
	check("FIFO within a priority", 3, 3);
	check("send from L runs H before L goes on", 6, 3);
	if (main_done_at_l) {
		printf("prio: PASS lower priority waits for main to end\n");
	} else {
		printf("prio: FAIL lower priority waits for main to end: got 0 want 1\n");
		fails++;
	}
	printf("prio: events %s\n", ev);
	printf("prio: done\n");
	pier_exit(fails);
}

static void make_port(pier_handler_fn fn, uint32_t prio, uint32_t *h)
{
	int rc = pier_port_create(fn, prio, 0, 0, h);

	if (rc != PIER_OK) {
		printf("prio: FAIL port create: got %d want %d\n", rc, PIER_OK);
		pier_exit(1);
	}
}

int main(void)
{
	make_port(on_l, 4, &port_l);
	make_port(on_h, 20, &port_h);
	make_port(on_f, PIER_PRIO_DEFAULT, &port_f);

	send(port_l, 'x');
	event('l');
	send(port_h, 'x');
	event('h');
	printf("prio: after send to H\n");

	/* Same priority as main: these wait until main's activation ends. */
	send(port_f, '1');
	send(port_f, '2');
	send(port_f, '3');
	main_done = 1;
	return 0;
}
