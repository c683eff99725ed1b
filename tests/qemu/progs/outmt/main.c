/* outmt: ports of one program print at once, preempting each other inside stdout; no byte is lost. */

/*
 * stdout goes to a console of the program's own for the run: a port at
 * priority 20 that answers PIER_CONSOLE_WRITE at once and counts the
 * bytes and their sum. So writing never waits, and the printer port
 * (priority 8), putting characters one by one without pause, is running
 * whenever a timer packet comes for one of three worker ports (10, 12,
 * 14), which put lines of their own: many land inside a put of the
 * printer's, or of a lower worker's. Lines interleave (each character is
 * put alone), but no byte may be lost or doubled: each port tallies what
 * it put ("\r\n" for a newline, as stdout writes it to a console) and the
 * sink's count and sum must equal the tallies'. stdout's lock must have
 * made a port wait at least once, or the run proved nothing. Then the
 * real console comes back for the result lines.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/console.h>

#define WORKERS 3
#define PACKETS 500
#define LINE 40                 /* a worker's line, the newline included */
#define LONG_LINE 240           /* the printer's: fewer writes, more time in puts */
#define PRINTER WORKERS         /* the tally of the printer port */

struct tally {
	uint32_t bytes, sum;
	unsigned packets;
	volatile int done;
};

static struct tally tally[WORKERS + 1];
static const uint32_t prio[WORKERS] = { 10, 12, 14 };
static uint32_t workers[WORKERS], printer, sink;
static uint32_t sunk_bytes, sunk_sum, sunk_writes;

static void put(struct tally *t, char c)
{
	putchar(c);
	if (c == '\n') {
		t->bytes++;
		t->sum += '\r';
	}
	t->bytes++;
	t->sum += (unsigned char)c;
}

static void line(struct tally *t, unsigned n, unsigned len)
{
	for (unsigned i = 0; i < len - 1; i++)
		put(t, (char)('0' + (n + i) % 10));
	put(t, '\n');
}

/*
 * The sink ends its activations itself: the runtime's return flushes
 * stdout, and a flush now would be a write to this very port.
 */
static _Noreturn int on_sink(const struct pier_packet *pkt)
{
	struct pier_frame f = { .frmsz = sizeof(f), .flags = PIER_OP_RETURN, .status = PIER_OK };

	if (pkt->type == PIER_CONSOLE_WRITE) {
		sunk_writes++;
		sunk_bytes += pkt->size;
		for (uint32_t i = 0; i < pkt->size; i++)
			sunk_sum += pkt->data[i];
	} else {
		f.status = PIER_E_TYPE;
	}
	pier_ecall(&f);
	__builtin_trap();
}

static int work(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;
	struct tally *t;

	if (pkt->type != PIER_MSG_TIMER || pkt->size < sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	if (f.cookie >= WORKERS || tally[f.cookie].done)
		return 0;
	t = &tally[f.cookie];
	line(t, t->packets, LINE);
	if (++t->packets == PACKETS) {
		struct pier_timer_id id = { f.id };

		pier_call(PIER_H_TIMER, PIER_TIMER_CANCEL, &id, sizeof(id), NULL, 0, NULL);
		t->done = 1;
	}
	return 0;
}

static int all_done(void)
{
	for (int i = 0; i < WORKERS; i++)
		if (!tally[i].done)
			return 0;
	return 1;
}

static int fails;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("outmt: PASS %s\n", what);
	} else {
		printf("outmt: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int print(const struct pier_packet *pkt)
{
	uint32_t console = pier_console(), bytes = 0, sum = 0, waits;
	unsigned lines = 0;
	struct pier_time now;

	(void)pkt;
	fflush(stdout);
	pier_console_set(sink);
	pier_time_now(&now);
	for (int i = 0; i < WORKERS; i++) {
		uint64_t period = now.hz * (2 + (uint64_t)i) / 10000;   /* 0.2, 0.3, 0.4 ms */

		pier_timer_set(workers[i], PIER_TIMER_RELATIVE, period, period, (uint64_t)i, NULL);
	}
	while (!all_done() && lines < 1000000)
		line(&tally[PRINTER], lines++, LONG_LINE);
	fflush(stdout);
	pier_console_set(console);
	for (int i = 0; i <= WORKERS; i++) {
		bytes += tally[i].bytes;
		sum += tally[i].sum;
	}
	waits = pier_stdout_waits();
	printf("outmt: %u printer lines, %u worker lines, %lu bytes in %u writes, "
	       "%u waits for stdout\n", lines, WORKERS * PACKETS, (unsigned long)sunk_bytes,
	       sunk_writes, (unsigned)waits);
	check("every worker printed", all_done(), 1);
	check("no byte lost or doubled", sunk_bytes, bytes);
	check("the same bytes", sunk_sum, sum);
	check("ports waited for stdout", waits > 0, 1);
	if (!fails)
		printf("outmt: done\n");
	pier_exit(fails ? 1 : 0);
}

int main(void)
{
	if (!pier_console()) {
		printf("outmt: FAIL no console\n");
		return 1;
	}
	for (int i = 0; i < WORKERS; i++)
		if (pier_port_create(work, prio[i], 0, 0, &workers[i]) != PIER_OK)
			return 1;
	if (pier_port_create(on_sink, 20, 0, 0, &sink) != PIER_OK ||
	    pier_port_create(print, PIER_PRIO_DEFAULT, 0, 0, &printer) != PIER_OK ||
	    pier_send(printer, 1, NULL, 0) != PIER_OK)
		return 1;
	return 0;
}
