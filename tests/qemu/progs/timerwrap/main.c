/* timerwrap: timers whose due times run past the 64-bit tick count fire once or never, and stall nobody. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define WRAPS 4        /* period UINT64_MAX: each used to fire forever in one tick */
#define TICKS 10

static uint32_t port_wrap, port_tick;
static uint64_t hz, wrap_ids[WRAPS], never_ids[3], half_id;
static int fails, ticks, wrap_fired[WRAPS], half_fired, never_fired;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("timerwrap: PASS %s\n", what);
	} else {
		printf("timerwrap: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int timer_call(uint32_t type, const void *req, uint32_t size, void *out, uint32_t outsz)
{
	return pier_call(PIER_H_TIMER, type, req, size, out, outsz, NULL);
}

static uint64_t set(const char *what, uint32_t port, uint32_t flags, uint64_t when,
		    uint64_t every, uint64_t cookie)
{
	struct pier_timer_set r = { .port = port, .flags = flags, .when = when,
				    .period = every, .cookie = cookie };
	struct pier_timer_id id = { 0 };

	check(what, timer_call(PIER_TIMER_SET, &r, sizeof(r), &id, sizeof(id)), PIER_OK);
	return id.id;
}

static int cancel(uint64_t id)
{
	struct pier_timer_id r = { id };

	return timer_call(PIER_TIMER_CANCEL, &r, sizeof(r), NULL, 0);
}

/* Cookies 0..WRAPS-1: period UINT64_MAX; 100: period 2^63; 200: never due. */
static int on_wrap(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;

	memcpy(&f, pkt->data, sizeof(f));
	check("a wrapping timer's packet is on time", f.sent >= f.due && f.missed == 0, 1);
	if (f.cookie < WRAPS)
		wrap_fired[f.cookie]++;
	else if (f.cookie == 100)
		half_fired++;
	else
		never_fired++;
	return 0;
}

/* An ordinary periodic timer keeps ticking beside them; after TICKS, the verdict. */
static int on_tick(const struct pier_packet *pkt)
{
	(void)pkt;
	if (++ticks < TICKS)
		return 0;
	for (int i = 0; i < WRAPS; i++)
		check("period UINT64_MAX fired exactly once", wrap_fired[i], 1);
	check("period 2^63 fired exactly once", half_fired, 1);
	check("due times past the end never fired", never_fired, 0);
	/* They stay set, due never: cancelling finds them. */
	for (int i = 0; i < WRAPS; i++)
		check("cancel a spent wrapping timer", cancel(wrap_ids[i]), PIER_OK);
	check("cancel the period 2^63 timer", cancel(half_id), PIER_OK);
	for (int i = 0; i < 3; i++)
		check("cancel a timer never due", cancel(never_ids[i]), PIER_OK);
	printf("timerwrap: %d ticks of the ordinary timer\n", ticks);
	printf("timerwrap: done\n");
	pier_exit(fails);
}

int main(void)
{
	struct pier_time now = { 0 };

	check("now", timer_call(PIER_TIMER_NOW, NULL, 0, &now, sizeof(now)), PIER_OK);
	hz = now.hz;
	pier_port_create(on_wrap, 20, 0, 0, &port_wrap);
	pier_port_create(on_tick, 20, 0, 0, &port_tick);
	for (int i = 0; i < WRAPS; i++)
		wrap_ids[i] = set("set period UINT64_MAX", port_wrap, PIER_TIMER_RELATIVE,
				  hz / 100, UINT64_MAX, i);
	half_id = set("set period 2^63", port_wrap, PIER_TIMER_RELATIVE, hz / 100,
		      1ull << 63, 100);
	never_ids[0] = set("set a delay of UINT64_MAX", port_wrap, PIER_TIMER_RELATIVE,
			   UINT64_MAX, 0, 200);
	never_ids[1] = set("set a delay past the end, periodic", port_wrap, PIER_TIMER_RELATIVE,
			   UINT64_MAX - now.ticks / 2, hz / 100, 201);
	never_ids[2] = set("set the absolute time UINT64_MAX", port_wrap, 0, UINT64_MAX,
			   hz / 100, 202);
	set("set an ordinary periodic timer", port_tick, PIER_TIMER_RELATIVE, hz / 100, hz / 100, 1);
	return 0;
}
