/* init's restart policies: when a program it started ends, start it again, later, or never. */

/*
 * A program ends by exiting, being killed, or faulting (init kills it);
 * the kernel tells init with PIER_MSG_ENDED at its supervisor port, and
 * the fault path calls here too (whichever comes first: the record's
 * space is cleared, so the second finds nothing).
 *
 *   restart     always again (drivers' default)
 *   restart=N   at most N times, then hold
 *   hold        never again: its service stays (clients keep their
 *               handles, their calls wait in its queue) and says HELD
 *   backoff=MS  a restart waits until MS after the previous start
 *
 * The same command line, device handle, name port and service port each
 * time: nothing a client holds changes.
 */
#include <stdio.h>
#include <string.h>
#include "init.h"

static void hold(struct prog *p)
{
	if (p->service >= 0)
		services[p->service].state = PIER_SERVICE_HELD;
	printf("init: %s held after %u restarts\n", p->cmd, (unsigned)p->restarts);
}

static void restart(struct prog *p)
{
	p->restarts++;
	if (prog_start(p) == PIER_OK)
		printf("init: restarted %s (%u)\n", p->cmd, (unsigned)p->restarts);
	else
		hold(p);	/* a start that fails now fails again: no loop */
}

void prog_ended(struct prog *p, const char *how)
{
	struct pier_time now;
	uint64_t wait = 0, since;

	p->space = 0;
	if (p->service >= 0) {
		services[p->service].state = PIER_SERVICE_WAITING;
		/* init's own output must not wait for a server it restarts. */
		if (strcmp(services[p->service].name, "console") == 0)
			pier_console_set(0);
	}
	if (p->restart == RESTART_NEVER)
		return;
	printf("init: %s %s\n", p->cmd, how);
	if (p->restart == RESTART_HOLD ||
	    (p->restart == RESTART_UPTO && p->restarts >= p->restart_max)) {
		hold(p);
		return;
	}
	if (p->backoff_ms && pier_time_now(&now) == PIER_OK) {
		since = now.ticks - p->started_at;
		wait = now.hz * p->backoff_ms / 1000;
		wait = since < wait ? wait - since : 0;
	}
	if (wait == 0) {
		restart(p);
		return;
	}
	/* The timer's cookie names the record; 0 is the console timeout's. */
	p->pending = true;
	if (pier_timer_set(init_port, PIER_TIMER_RELATIVE, wait, 0,
			   (uint64_t)(p - progs) + 1, NULL) != PIER_OK)
		restart(p);
}

void prog_backoff_done(uint64_t cookie)
{
	struct prog *p;

	if (cookie == 0 || cookie > (uint64_t)nprogs)
		return;
	p = &progs[cookie - 1];
	if (p->pending && p->space == 0)
		restart(p);
}
