/* timer: the time, one-shot and periodic timer packets, cancel, and time slices between spinning ports. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define TICKS 5

static uint32_t port_tick, port_once, port_a, port_b, port_check;
static uint64_t hz, period, cancelled_id;
static volatile uint64_t spins_a, spins_b;
static int ticks, fails, once_fired, bounded;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("timer: PASS %s\n", what);
	} else {
		printf("timer: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int timer_call(uint32_t type, const void *req, uint32_t size, void *out, uint32_t outsz)
{
	return pier_call(PIER_H_TIMER, type, req, size, out, outsz, NULL);
}

static uint64_t set(uint32_t port, uint64_t delay, uint64_t every, uint64_t cookie)
{
	struct pier_timer_set r = { .port = port, .flags = PIER_TIMER_RELATIVE,
				    .when = delay, .period = every, .cookie = cookie };
	struct pier_timer_id id = { 0 };

	check("set a timer", timer_call(PIER_TIMER_SET, &r, sizeof(r), &id, sizeof(id)), PIER_OK);
	return id.id;
}

/*
 * Both spinners run at one priority, below everyone: only time slices let
 * both move. A readies B itself and spins on, so the slice must start
 * when a send makes a peer ready, not only when the kernel dispatches.
 */
static _Noreturn int spin_a(const struct pier_packet *pkt)
{
	(void)pkt;
	pier_send(port_b, 1, NULL, 0);
	for (;;)
		spins_a++;
}

static _Noreturn int spin_b(const struct pier_packet *pkt)
{
	(void)pkt;
	for (;;)
		spins_b++;
}

static int on_check(const struct pier_packet *pkt)
{
	(void)pkt;
	printf("timer: spinners at %lu and %lu\n", (unsigned long)spins_a, (unsigned long)spins_b);
	check("spinner A got slices", spins_a > 0, 1);
	check("spinner B got slices", spins_b > 0, 1);
	check("the cancelled timer never fired", once_fired, 1);
	printf("timer: done\n");
	pier_exit(fails);
}

static int on_tick(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;

	memcpy(&f, pkt->data, sizeof(f));
	ticks++;
	printf("timer: tick %d late by %lu ticks, missed %lu\n", ticks,
	       (unsigned long)(f.sent - f.due), (unsigned long)f.missed);
	check("tick packet", pkt->type == PIER_MSG_TIMER && f.cookie == 7, 1);
	check("tick no earlier than due", f.sent >= f.due, 1);
	/* Only under -icount is time exact enough to promise a bound. */
	if (bounded)
		check("tick queued within half its period", f.sent - f.due < period / 2, 1);
	if (ticks == TICKS) {
		struct pier_timer_id id = { f.id };
		check("cancel the periodic timer",
		      timer_call(PIER_TIMER_CANCEL, &id, sizeof(id), NULL, 0), PIER_OK);
		/* Spinners start now, and would starve this space without preemption. */
		pier_send(port_a, 1, NULL, 0);
		set(port_check, hz / 10, 0, 9);
	}
	return 0;
}

static int on_once(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;

	memcpy(&f, pkt->data, sizeof(f));
	once_fired++;
	check("one-shot cookie", f.cookie, 42);
	return 0;
}

int main(int argc, char **argv)
{
	struct pier_time t0 = { 0 }, t1 = { 0 };
	struct pier_timer_id bogus = { 123456 };
	struct pier_timer_set bad = { .port = PIER_H_DEBUG, .when = 1 };

	bounded = argc > 1 && !strcmp(argv[1], "bound");
	check("now", timer_call(PIER_TIMER_NOW, NULL, 0, &t0, sizeof(t0)), PIER_OK);
	check("now again", timer_call(PIER_TIMER_NOW, NULL, 0, &t1, sizeof(t1)), PIER_OK);
	check("time moves on", t1.ticks > t0.ticks, 1);
	check("hz from the device tree", t0.hz > 0, 1);
	hz = t0.hz;
	period = hz / 100;
	pier_port_create(on_tick, 20, 0, 0, &port_tick);
	pier_port_create(on_once, 20, 0, 0, &port_once);
	pier_port_create(spin_a, 1, 0, 0, &port_a);
	pier_port_create(spin_b, 1, 0, 0, &port_b);
	pier_port_create(on_check, 25, 0, 0, &port_check);
	check("timer on a port not owned", timer_call(PIER_TIMER_SET, &bad, sizeof(bad), &bogus, sizeof(bogus)), PIER_E_RIGHTS);
	check("cancel an unknown timer", timer_call(PIER_TIMER_CANCEL, &bogus, sizeof(bogus), NULL, 0), PIER_E_NOENT);
	check("unknown timer message", timer_call(99, NULL, 0, NULL, 0), PIER_E_TYPE);
	cancelled_id = set(port_once, hz / 50, 0, 13);
	struct pier_timer_id c = { cancelled_id };
	check("cancel a one-shot", timer_call(PIER_TIMER_CANCEL, &c, sizeof(c), NULL, 0), PIER_OK);
	set(port_once, hz / 50, 0, 42);
	set(port_tick, period, period, 7);
	return 0;
}
