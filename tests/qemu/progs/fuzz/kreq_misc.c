/* fuzz: hostile but well-formed requests to the timer and debug ports. */
#include "fuzz.h"

static int req(uint32_t dst, uint32_t type, const void *r, uint32_t size, void *reply,
	       uint32_t replymax, int *how)
{
	struct fz_kr k = { .dst = dst, .type = type, .req = r, .size = size,
			   .reply = reply, .replymax = replymax, .how = *how };
	int rc;

	/* Nothing but an empty write: no bytes of ours on the console. */
	k.exact = dst == PIER_H_DEBUG && type == PIER_DEBUG_WRITE;
	rc = fz_kreq(&k);

	*how = k.how;
	return rc;
}

static void note_timer(uint64_t id)
{
	uint32_t n = fz.ntimer;

	if (n < sizeof(fz.timer_id) / sizeof(fz.timer_id[0])) {
		fz.timer_id[n] = id;
		fz.ntimer = n + 1;
	}
}

/*
 * A timer on one of our fuzz ports (never the infrastructure's, whose
 * timers nothing would cancel), at any time, with any period: a huge one
 * must not stop the clock. One with a period under a millisecond is
 * cancelled at once: a few of them firing would take all of a slow
 * QEMU's time, at priorities above the fuzzer's own.
 */
static void timer_set(void)
{
	uint64_t hz = fz.hz, now = fz_now();
	struct pier_timer_set r = {
		.port = chance(75) ? fz_slot_handle() : fz_pick_handle(),
		.flags = PICK32(0, PIER_TIMER_RELATIVE, PIER_TIMER_RELATIVE, 2, 0xff),
		.cookie = rnd(),
	};
	struct pier_timer_id out;
	int how = KREQ_ANY, rc, fast;

	if (fz_is_infra(r.port))
		r.port = 0;
	r.when = r.flags & PIER_TIMER_RELATIVE ?
		PICK64(0, 1, hz / 1000, hz / 100, hz / 10, 1ull << 40, 1ull << 63, ~0ull, ~0ull - 5) :
		PICK64(0, now, now + hz / 1000, now + hz / 50, now - hz, 1ull << 40, 1ull << 63, ~0ull);
	r.period = chance(45) ? 0 :
		PICK64(1, hz / 10000 - 1, hz / 10000, hz / 1000, hz / 200, hz / 50, hz / 20,
		       1ull << 40, 1ull << 62, 1ull << 63, ~0ull - hz, ~0ull, ~0ull, ~0ull);
	if (fz.avoid & AV_TIMER_HUGE) {
		r.when &= (1ull << 40) - 1;
		r.period &= (1ull << 40) - 1;
	}
	fast = r.period && r.period < hz / 1000;
	if (fast)
		how = KREQ_CALL;
	rc = req(PIER_H_TIMER, PIER_TIMER_SET, &r, sizeof(r), &out, sizeof(out), &how);
	if (how == KREQ_CALL && rc == PIER_OK && fast)
		fz_check(pier_timer_cancel(out.id), NULL, 0, "cancel of a fast timer");
	else if (how == KREQ_CALL && rc == PIER_OK)
		note_timer(out.id);
}

static void timer_cancel(void)
{
	struct pier_timer_id r;
	uint32_t n = fz.ntimer;
	int how = KREQ_ANY;

	r.id = n && chance(60) ? fz.timer_id[below(n)] : PICK64(0, 1, 1000, 1ull << 40, ~0ull);
	req(PIER_H_TIMER, PIER_TIMER_CANCEL, &r, sizeof(r), NULL, 0, &how);
}

void fz_timer_step(void)
{
	struct pier_time t;
	uint8_t junk[32];
	int how = KREQ_ANY, rc;

	switch (below(6)) {
	case 0:
		rc = req(PIER_H_TIMER, PIER_TIMER_NOW, junk, PICK32(0, 0, 0, 8), &t, sizeof(t), &how);
		if (how == KREQ_CALL && rc == PIER_OK && t.hz != fz.hz)
			fz_fail("the timer's hz changed: %llu, was %llu",
				(unsigned long long)t.hz, (unsigned long long)fz.hz);
		break;
	case 1:
	case 2:
		timer_set();
		break;
	case 3:
		timer_cancel();
		break;
	default:
		rnd_fill(junk, sizeof(junk));
		req(PIER_H_TIMER, PICK32(0, 4, 5, 100, (uint32_t)rnd()), junk,
		    below(sizeof(junk) + 1), junk, sizeof(junk), &how);
	}
}

/* The no-op, the fast path switch (which changes only speed), and types it does not know. */
void fz_debug_step(void)
{
	struct pier_fastpath_req on = { .on = PICK32(0, 1, 1, 1, 2, 0xffffffffu) };
	struct pier_fastpath out;
	uint8_t junk[32];
	int how = KREQ_ANY;

	switch (below(4)) {
	case 0:
		req(PIER_H_DEBUG, PIER_DEBUG_NOP, junk, below(sizeof(junk) + 1), NULL, 0, &how);
		break;
	case 1:
		req(PIER_H_DEBUG, PIER_DEBUG_FASTPATH, &on, sizeof(on), &out, sizeof(out), &how);
		break;
	case 2:
		req(PIER_H_DEBUG, PIER_DEBUG_WRITE, junk, 0, NULL, 0, &how);
		break;
	default:
		rnd_fill(junk, sizeof(junk));
		req(PIER_H_DEBUG, PICK32(0, 4, 5, 100, (uint32_t)rnd()), junk,
		    below(sizeof(junk) + 1), junk, sizeof(junk), &how);
	}
}
