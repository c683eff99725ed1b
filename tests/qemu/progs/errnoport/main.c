/* errnoport: each port has its own errno and thread-local variables, while ports preempt each other. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * main sets errno to EINVAL and spins; a higher-priority port, woken by a
 * periodic timer, preempts it every tick and sets its own errno (ENOENT)
 * and a thread-local counter. Neither may see the other's values: each
 * port has its own TLS block (lib/port_tls.h). A thread-local with an
 * initial value starts at that value in every port (the block is a copy
 * of .tdata's initial values). Then ports are made and destroyed many
 * times, to run the records' frees, and one tries to destroy itself.
 */
#define TICKS 20
#define ROUNDS 300

static __thread int tlocal = 42;        /* in .tdata: each block starts at 42 */
static volatile unsigned ticks, tick_bad, self_done;
static volatile int first_errno, first_tlocal, self_rc = 1;
static uint32_t ticker, self_port;
static int fails;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("errnoport: PASS %s\n", what);
	} else {
		printf("errnoport: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int on_tick(const struct pier_packet *pkt)
{
	(void)pkt;
	if (ticks == 0) {
		first_errno = errno;
		first_tlocal = tlocal;
		if (tlocal != 42 || errno != 0)
			tick_bad++;     /* a fresh block: .tdata's values, errno 0 */
		errno = ENOENT;
		tlocal = 7;
	} else if (errno != ENOENT || tlocal != 7) {
		tick_bad++;             /* main's writes reached this port's block */
	}
	ticks++;
	return PIER_OK;
}

static int on_nothing(const struct pier_packet *pkt)
{
	(void)pkt;
	errno = EAGAIN;
	return PIER_OK;
}

/* Tries to destroy its own port (refused), and goes on using its TLS block. */
static int on_self(const struct pier_packet *pkt)
{
	(void)pkt;
	errno = EBUSY;
	self_rc = pier_port_destroy(self_port);
	for (int i = 0; i < 1000; i++)
		errno = errno == EBUSY ? EBUSY : -1;
	if (errno == EBUSY)
		self_done = 1;
	return PIER_OK;
}

int main(void)
{
	struct pier_time t;
	uint64_t id;
	unsigned made = 0;
	int rc;

	errno = EINVAL;
	tlocal = 1;
	rc = pier_port_create(on_tick, PIER_PRIO_DEFAULT + 2, 0, 0, &ticker);
	if (rc == PIER_OK && (rc = pier_time_now(&t)) == PIER_OK)
		rc = pier_timer_set(ticker, PIER_TIMER_RELATIVE, t.hz / 1000, t.hz / 1000, 0, &id);
	check("a ticking port made", rc, PIER_OK);
	while (rc == PIER_OK && ticks < TICKS) {
		if (errno != EINVAL || tlocal != 1)
			break;          /* the ticker's writes reached main's block */
	}
	check("main's errno and thread-local through the ticks", errno == EINVAL && tlocal == 1, 1);
	if (tick_bad)
		printf("errnoport: the ticker first saw errno %d, thread-local %d\n",
		       first_errno, first_tlocal);
	check("the ticker's own, from .tdata's values", tick_bad, 0);
	pier_port_destroy(ticker);

	for (int i = 0; i < ROUNDS; i++) {
		uint32_t h;

		if (pier_port_create(on_nothing, PIER_PRIO_DEFAULT + 1, 0, 0, &h) != PIER_OK)
			break;
		pier_send(h, 1, 0, 0);         /* runs at once: it outranks main */
		if (pier_port_destroy(h) == PIER_OK)
			made++;
	}
	check("ports made, run and destroyed", made, ROUNDS);
	check("main's errno after them", errno, EINVAL);
	rc = pier_port_create(on_self, PIER_PRIO_DEFAULT + 1, 0, 0, &self_port);
	if (rc == PIER_OK)
		rc = pier_send(self_port, 1, 0, 0);
	check("a port may not destroy itself", self_rc, PIER_E_STATE);
	check("and runs on its block to the end", rc == PIER_OK && self_done, 1);
	check("main destroys it", pier_port_destroy(self_port), PIER_OK);
	rc = pier_port_create(on_nothing, PIER_PRIO_DEFAULT + 1, 0, 0, &self_port);
	if (rc == PIER_OK)
		rc = pier_send(self_port, 1, 0, 0);
	check("a port made after it", rc, PIER_OK);
	pier_port_destroy(self_port);
	printf("errnoport: done\n");
	return fails;
}
