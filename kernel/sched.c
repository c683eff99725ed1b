/* Dispatch: the highest-priority runnable port runs; FIFO within a priority; idle packets last. */
#include <pier/pier.h>
#include "sched.h"
#include "space.h"
#include "watch.h"
#include <string.h>
#include "log.h"

struct port *current;
struct runq runq;
static struct port *idle_last;      /* ring of idle subscribers; the last one served */

__attribute__((noinline)) void sched_wake(struct port *p)
{
	sched_wake_inline(p);
}

__attribute__((cold)) void sched_forget(struct port *p)
{
	runq_remove(&runq, &p->rq);
	sched_idle_subscribe(p, false);
	if (current == p)
		current = NULL;
}

void sched_preempt_current(void)
{
	sched_preempt_inline();
}

void sched_rotate_current(void)
{
	struct port *p = current;

	if (!p || !sched_has_peer())
		return;
	p->state = ACT_READY;
	runq_push_back(&runq, &p->rq, p->prio);
	current = NULL;
}

void sched_end_current(void)
{
	struct port *p = current;

	p->state = ACT_NONE;
	p->caller = NULL;
	current = NULL;
	sched_wake(p);
}

__attribute__((cold)) void sched_stop_current(void)
{
	struct port *p = current;
	struct port *c = p->caller;

	if (c) {
		c->state = ACT_READY;
		c->calling = NULL;
		ctx_set_result(&c->ctx, PIER_E_FAULTED);
		sched_wake(c);
	}
	p->stopped = true;
	p->state = ACT_NONE;
	p->caller = NULL;
	current = NULL;
}

/* Rare (subscribing) or idle-time work (feeding): built for size (cold). */
__attribute__((cold)) void sched_idle_subscribe(struct port *p, bool on)
{
	if (on == p->idle_sub)
		return;
	p->idle_sub = on;
	if (on) {
		if (!idle_last) {
			p->idle_next = p;
			idle_last = p;
		} else {
			p->idle_next = idle_last->idle_next;
			idle_last->idle_next = p;
		}
		return;
	}
	struct port *q = idle_last;
	while (q->idle_next != p)
		q = q->idle_next;
	q->idle_next = p->idle_next;
	if (idle_last == p)
		idle_last = (q == p) ? NULL : q;
	p->idle_next = NULL;
}

/* Copy the oldest packet onto the port's stack and start its handler there. */
static void activation_start(struct port *p)
{
	struct pq_slot *s = pq_front(&p->q);
	uint64_t sp;
	struct pier_packet *pkt = activation_packet(p, s->size, &sp);

	pkt->type = s->type;
	pkt->size = s->size;
	pkt->badge = s->badge;
	pkt->flags = s->flags;
	pkt->handle = s->handle;
	pkt->stamp = 0;
	memcpy(pkt->data, s->data, s->size);
	if (s->flags & PIER_PKT_CALL) {
		p->caller = s->caller;
	} else {
		p->caller = NULL;
		if (s->caller)
			port_unref_inline(s->caller);   /* a send's sender: delivered now */
	}
	pq_pop(&p->q);
	ctx_start(&p->ctx, p->entry, sp, sp, p->arg);
	p->handled++;
}

struct pier_packet *sched_start_now(struct port *p, uint32_t type, uint32_t size)
{
	struct pier_packet *pkt;
	uint64_t sp;

	if (p->dead || p->stopped || p->state != ACT_NONE || p->q.count ||
	    !p->q.depth || !sched_clear_from(p->prio) ||
	    (current && current->prio >= p->prio))
		return NULL;
	if (current)
		sched_preempt_inline();
	pkt = activation_packet(p, size, &sp);
	pkt->type = type;
	pkt->size = size;
	pkt->badge = 0;
	pkt->flags = 0;
	pkt->handle = 0;
	pkt->stamp = 0;
	activation_begin(p, sp, NULL);
	return pkt;
}

/* Hand the next idle subscriber that is free an idle packet; false if none is. */
static __attribute__((cold)) bool idle_feed(void)
{
	struct port *p = idle_last;

	if (!p)
		return false;
	do {
		p = p->idle_next;
		if (p->state == ACT_NONE && !p->q.count && !p->stopped) {
			struct pq_slot *s = pq_push(&p->q);

			*s = (struct pq_slot){ .type = PIER_MSG_IDLE,
					       .flags = PIER_PKT_IDLE };
			idle_last = p;
			sched_wake(p);
			return true;
		}
	} while (p != idle_last);
	return false;
}

struct port *sched_pick(void)
{
	if (space_reap_pending())
		space_reap();   /* a bounded step per pick: dead spaces' memory comes back */
	if (watch_pending())
		watch_step();   /* and watchers hear of ports that changed, WATCH_STEP at a time */
	for (;;) {
		struct rq_node *n = runq_pop_best(&runq);

		if (!n) {
			if (idle_feed())
				continue;
			return NULL;
		}
		struct port *p = port_of_rq(n);

		if (!sched_runnable(p))
			continue;  /* its packets were withdrawn while it waited */
		bool started = p->state == ACT_NONE;

		if (started)
			activation_start(p);
		p->state = ACT_RUNNING;
		current = p;
		if (started && p->ended_head)
			space_ended_flush(p);   /* a slot is free: an ENDED that waited for it */
		return p;
	}
}
