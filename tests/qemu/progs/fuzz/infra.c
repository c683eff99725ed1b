/* fuzz: the fuzzer's infrastructure: its ports, a watchdog for main, sleeping, and a way to learn its own id. */
#include <string.h>
#include "fuzz.h"

int fz_is_infra(uint32_t h)
{
	/* The console handle stdout looked up by name (lib/console.c) is ours
	 * to print with: dropping it would only move our output elsewhere. */
	return h && (h == fz.in.wd || h == fz.in.ans || h == fz.in.svc || h == fz.in.sync ||
		     h == fz.in.sleep || h == fz.in.echo ||
		     (h != PIER_H_PARENT && h == pier_console()));
}

/*
 * Frees main when it has waited a quarter of a second in a call (a child
 * may hold it for ever), or has not run for a second (children at a
 * higher priority may keep the CPU); a failure when a call to a port
 * still waits five seconds later. A kernel port answers inline: main
 * seen "in" such a call was only preempted on its way out.
 */
int fz_watchdog(const struct pier_packet *pkt)
{
	static uint64_t rescued, reported, starved;
	uint64_t since = fz.call_since, beat = fz.beat, now = fz_now();
	uint32_t dst = fz.call_dst;
	int user_dst = dst > PIER_H_SPACE || dst == PIER_H_START || dst == PIER_H_PARENT;

	if (pkt->type == MSG_PING)
		return PIER_E_ARG;
	fz_received(pkt);
	if (pkt->badge != 0 || pkt->type != PIER_MSG_TIMER)
		return PIER_OK;
	if (since && !user_dst)
		beat = since;
	if ((!since || !user_dst) && beat && beat != starved && now - beat > fz.hz) {
		starved = beat;
		fz.stat_rescues++;
		fz_children_kill();
		if (fz.sleep_until && now - fz.sleep_until > fz.hz / 2)
			pier_send(fz.in.sleep, MSG_WAKE, NULL, 0);
	}
	if (!since || !user_dst || now - since < fz.hz / 4)
		return PIER_OK;
	if (since != rescued) {
		rescued = since;
		fz.stat_rescues++;
		fz_children_kill();
		if (dst > PIER_H_SPACE && !fz_is_infra(dst))
			fz_check(pier_port_destroy(dst), NULL, 0, "watchdog destroy");
	} else if (now - since > 5 * fz.hz && reported != since) {
		reported = since;
		fz_fail("a call has waited %llu ms and nothing answers it",
			(unsigned long long)((now - since) * 1000 / fz.hz));
		fz_frame_print(&fz.call_frame, 0);
	}
	return PIER_OK;
}

/*
 * Holds main's call until its timer comes: main sleeps, everything else
 * runs. Each sleep has a number, the timer's cookie: a timer that comes
 * before the call it ends is remembered, and that call returns at once.
 */
static volatile uint64_t sleep_asked, sleep_fired;

int fz_sleeper(const struct pier_packet *pkt)
{
	uint64_t n;

	if (pkt->type == MSG_PING)
		return PIER_E_ARG;
	fz_received(pkt);
	if (pkt->type == MSG_SLEEP && (pkt->flags & PIER_PKT_CALL) && pkt->badge == fz.self)
		return sleep_fired >= sleep_asked ? PIER_OK : PIER_HOLD;
	if (pkt->badge == 0 && pkt->type == PIER_MSG_TIMER && pkt->size >= 16) {
		memcpy(&n, pkt->data + 8, sizeof(n));  /* pier_timer_fired.cookie */
		if (n > sleep_fired)
			sleep_fired = n;
		fz_check(pier_reply_held(0, NULL, 0), NULL, 0, "wake");
	} else if (pkt->type == MSG_WAKE && pkt->badge == fz.self &&
		   pier_reply_held(0, NULL, 0) == PIER_OK) {
		fz_fail("a timer due %llu ticks ago has not fired", (unsigned long long)
			(fz_now() - fz.sleep_until));
	}
	return PIER_OK;
}

static uint64_t pinged_by;

/* Called at priority 1, it returns once everything queued above 1 has run; its ping tells our id. */
int fz_syncer(const struct pier_packet *pkt)
{
	fz_received(pkt);
	if (pkt->type == MSG_PING) {
		pinged_by = pkt->badge;
		return PIER_E_ARG;
	}
	return PIER_OK;
}

uint64_t fz_self_id(void)
{
	pier_call(fz.in.sync, MSG_PING, NULL, 0, NULL, 0, NULL);
	return pinged_by;
}

/*
 * The infrastructure, at the highest priority this space may use (all of
 * them up to 31, or only up to its start priority, depending on the
 * kernel), but the port that lets everything else run, at 1: just above
 * spinning children, at 0. Faults of the children go to the answer port.
 */
int fz_infra_setup(void)
{
	uint32_t p = PIER_PRIO_MAX;
	int rc;

	while ((rc = fz_port_new(ARG_WD, p, 8, 0, &fz.in.wd)) != PIER_OK && p > 0 &&
	       (rc == PIER_E_RIGHTS || rc == PIER_E_ARG))
		p--;
	fz.maxprio = p;
	if (rc == PIER_OK)
		rc = fz_port_new(ARG_ANS, p, PIER_DEPTH_MAX, 0, &fz.in.ans);
	if (rc == PIER_OK)
		rc = fz_port_new(ARG_SVC, p, PIER_DEPTH_MAX, FZ_TAKES_GRANTS, &fz.in.svc);
	if (rc == PIER_OK)
		rc = fz_port_new(ARG_SYNC, 1, PIER_DEPTH_MAX, 0, &fz.in.sync);
	if (rc == PIER_OK)
		rc = fz_port_new(ARG_SLEEP, p, 8, 0, &fz.in.sleep);
	if (rc == PIER_OK)
		rc = fz_port_new(ARG_ECHO, p, PIER_DEPTH_MAX, FZ_TAKES_GRANTS, &fz.in.echo);
	if (rc == PIER_OK)
		rc = pier_supervise(fz.in.ans);
	return rc;
}

/* Each infrastructure port still answers a ping as it should. */
int fz_infra_alive(void)
{
	const uint32_t h[6] = { fz.in.wd, fz.in.ans, fz.in.svc, fz.in.sync, fz.in.sleep,
				fz.in.echo };
	int bad = 0;

	for (unsigned i = 0; i < 6; i++) {
		int rc = pier_call(h[i], MSG_PING, NULL, 0, NULL, 0, NULL);

		if (rc != PIER_E_ARG) {
			fz_fail("the fuzzer's port %u answers a ping with %d", (unsigned)h[i], rc);
			bad++;
		}
	}
	return bad;
}

/* Wait ms milliseconds, letting every other port run. */
void fz_sleep_ms(unsigned ms)
{
	uint64_t id;

	fz.sleep_until = fz_now() + (uint64_t)ms * fz.hz / 1000;
	for (uint64_t now; (now = fz.beat = fz_now()) < fz.sleep_until; ) {
		uint64_t n = ++sleep_asked;

		/* One reading of the time: a second could be past the end already. */
		if (pier_timer_set(fz.in.sleep, PIER_TIMER_RELATIVE, fz.sleep_until - now,
				   0, n, &id) != PIER_OK) {
			while (fz_now() < fz.sleep_until)
				;
			return;
		}
		pier_call(fz.in.sleep, MSG_SLEEP, NULL, 0, NULL, 0, NULL);
		pier_timer_cancel(id);
	}
}
