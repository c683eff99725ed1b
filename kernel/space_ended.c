/* PIER_MSG_ENDED: a supervised space's end, told to its supervisor even when its queue is full. */
#include <pier/pier.h>
#include "space.h"
#include "port.h"
#include "ipc.h"

/*
 * One packet per space, so its record lives in the dead space's own
 * object, which is kept (struct space, "ended_to") until the packet is
 * queued: nothing is allocated to remember it, and what waits is bounded
 * by the spaces that supervisor has seen end, each charged to the quota
 * it came from until it is freed. A full queue is retried when the
 * supervisor's next activation takes a packet off it (sched_pick), one
 * waiting record per packet taken, oldest first: work bounded by one
 * delivery per dispatch.
 */
void space_ended_tell(struct space *s, struct port *sup, uint32_t how, int32_t code)
{
	s->ended = (struct pier_ended){ .space = s->id, .code = code, .how = how };
	if (!sup)
		return;
	if (!how || !sup->ended_head) {
		if (!how || ipc_deliver(NULL, sup, PIER_MSG_ENDED, &s->ended, sizeof(s->ended),
					0, NULL, 0) != PIER_E_FULL) {
			port_unref(sup);        /* told, gone, or nothing to tell */
			return;
		}
	}
	/* Full, or others wait already (they go first): wait behind them. */
	s->ended_to = sup;
	s->ended_next = NULL;
	if (sup->ended_tail)
		sup->ended_tail->ended_next = s;
	else
		sup->ended_head = s;
	sup->ended_tail = s;
}

/* Take s off p's list; the reference it held goes, and s if nothing else keeps it. */
static void ended_unlink(struct port *p, struct space *s)
{
	p->ended_head = s->ended_next;
	if (!p->ended_head)
		p->ended_tail = NULL;
	s->ended_to = NULL;
	if (s->reaped)
		space_free(s);
	port_unref(p);  /* never the last: p's owner or a handle keeps it while it runs or dies */
}

void space_ended_flush(struct port *p)
{
	struct space *s = p->ended_head;

	if (!s || pq_full(&p->q))
		return;
	ipc_deliver(NULL, p, PIER_MSG_ENDED, &s->ended, sizeof(s->ended), 0, NULL, 0);
	ended_unlink(p, s);
}

void space_ended_fill(struct port *p)
{
	while (p->ended_head && !pq_full(&p->q))       /* at most the queue's depth */
		space_ended_flush(p);
}

void space_ended_drop(struct port *p)
{
	while (p->ended_head)   /* the spaces that ended while it was full */
		ended_unlink(p, p->ended_head);
}
