/* fuzz: after each batch: children gone, queues drained, handles swept, the system still answering. */
#include <stdio.h>
#include "fuzz.h"

#define GROW_TO 4096u   /* memcheck.c grows the handle table this far */

/* Let every queued packet of ours run: a call to the port at priority 1, then a short sleep. */
void fz_drain(void)
{
	for (int i = 0; i < 2; i++)
		fz_check(pier_call(fz.in.sync, 0, NULL, 0, NULL, 0, NULL), NULL, 0, "drain");
}

static void forget(uint32_t h)
{
	for (unsigned i = 0; i < NSLOTS; i++)
		if (fz.slot[i].handle == h)
			fz.slot[i].live = 0;
}

static int is_slot(uint32_t h)
{
	for (unsigned i = 0; i < NSLOTS; i++)
		if (fz.slot[i].live && fz.slot[i].handle == h)
			return 1;
	return 0;
}

/*
 * Drop every handle a fuzz step may have left in our table: to ports that
 * have gone, to children's ports, copies granted to us. A live port of
 * ours that no slot tracks (made by an answered request, say) is
 * destroyed; with destroy set, every fuzz port is. The infrastructure's
 * handles are never touched, and no copy of them is ever granted to us.
 */
void fz_sweep(int destroy)
{
	uint32_t top = destroy ? 16384 : GROW_TO;

	for (uint32_t h = PIER_H_SPACE + 1; h < top; h++) {
		int rc;

		if (fz_is_infra(h))
			continue;
		if (!(h & 255))
			fz.beat = fz_now();
		rc = pier_handle_drop(h);
		if (!fz_named(rc))      /* not counted: most entries are empty */
			fz_check(rc, NULL, 0, "sweep drop");
		if (rc == PIER_OK) {
			forget(h);
			if (destroy && h >= GROW_TO)
				printf("fuzz: handle %u in use, past the table grown at the start\n",
				       (unsigned)h);
		} else if (rc == PIER_E_STATE && (destroy || !is_slot(h))) {
			rc = pier_port_destroy(h);
			fz_check(rc, NULL, 0, "sweep destroy");
			if (rc == PIER_OK)
				forget(h);
		}
	}
}

/* The kernel's ports still answer, with sane replies. */
int fz_alive_check(void)
{
	static uint64_t last;
	struct pier_time t = { 0 };
	uint32_t got = 0;
	int rc = pier_call(PIER_H_DEBUG, PIER_DEBUG_NOP, NULL, 0, NULL, 0, NULL);

	if (rc != PIER_OK) {
		fz_fail("the debug port's no-op answers %d", rc);
		return 0;
	}
	rc = pier_call(PIER_H_TIMER, PIER_TIMER_NOW, NULL, 0, &t, sizeof(t), &got);
	if (rc != PIER_OK || got != sizeof(t) || t.hz != fz.hz || t.ticks < last) {
		fz_fail("the timer port answers %d, %u bytes, %llu Hz, ticks %llu after %llu", rc,
			(unsigned)got, (unsigned long long)t.hz, (unsigned long long)t.ticks,
			(unsigned long long)last);
		return 0;
	}
	last = t.ticks;
	return 1;
}

static void cancel_timers(void)
{
	uint32_t n = fz.ntimer;

	for (uint32_t i = 0; i < n; i++)
		fz_check(pier_timer_cancel(fz.timer_id[i]), NULL, 0, "timer cancel");
	fz.ntimer = 0;
}

void fz_batch_end(unsigned batch, unsigned batches)
{
	int left = 0;

	cancel_timers();
	for (int i = 0; i < 50; i++) {
		fz_children_kill();
		if (!(left = fz_children_left()))
			break;
		fz_sleep_ms(10);
	}
	if (left) {
		fz_fail("%d spaces started after the fuzzer outlive being killed", left);
		fz_children_show();
	}
	fz_drain();
	fz_sleep_ms(5);
	fz_sweep(0);
	fz.nkid_port = 0;
	fz.hoard_port = 0;
	fz_map_cleanup();
	fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
	fz_alive_check();
	fz_ptrs_refill();
	printf("fuzz: batch %u/%u: %llu frames, %d failures; %lu answers, %lu faults, "
	       "%lu children, %lu rescues, %lu fast/slow pairs\n", batch, batches,
	       (unsigned long long)fz.frame, fz.fails, (unsigned long)fz.stat_answers,
	       (unsigned long)fz.stat_faults, (unsigned long)fz.stat_spawned,
	       (unsigned long)fz.stat_rescues, (unsigned long)fz.stat_diff);
}
