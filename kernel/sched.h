/* Dispatch: which port's activation runs next. Scheduling is port dispatch. */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <pier/packet.h>
#include "port.h"
#include "runq.h"

/* The port whose activation is on the CPU, or NULL (it ended, blocked or died). */
extern struct port *current;
extern struct runq runq;

/*
 * A port is runnable when its activation was preempted, or when it has no
 * activation and a packet waits. Blocked activations wait for a reply.
 */
static inline bool sched_runnable(const struct port *p)
{
	return !p->dead && !p->stopped && (p->state == ACT_READY ||
			    (p->state == ACT_NONE && p->q.count));
}

/* Nothing waits to run at priority prio or above. */
static inline bool sched_clear_from(unsigned prio)
{
	return !((uint64_t)runq.nonempty >> prio);
}

/* p may have become runnable (a packet arrived, a reply came back): queue it. */
void sched_wake(struct port *p);
/* The same inline, for the fast path's send, which calls nothing. */
static inline __attribute__((always_inline)) void sched_wake_inline(struct port *p)
{
	if (p != current && !p->rq.queued && sched_runnable(p))
		runq_push_back(&runq, &p->rq, p->prio);
}
/* Take p off the run queue and the idle ring, for good. */
void sched_forget(struct port *p);
/* The current activation was preempted: it resumes first among its priority. */
void sched_preempt_current(void);
/* The same inline, for the paths that must call nothing: an interrupt
 * that starts its handler at once, the fast path's reply. */
static inline void sched_preempt_inline(void)
{
	struct port *p = current;

	p->state = ACT_READY;
	runq_push_front(&runq, &p->rq, p->prio);
	current = NULL;
}
/* The time slice ended: the current activation goes behind its peers. */
void sched_rotate_current(void);
/* True if a port of the current one's priority waits to run. */
static inline bool sched_has_peer(void)
{
	return current && (runq.nonempty & (1u << current->prio));
}
/* True if something queued outranks the current activation. */
static inline bool sched_outranked(void)
{
	return current && ((uint64_t)runq.nonempty >> (current->prio + 1));
}
/* The current activation faulted: end it, answer its call with
 * PIER_E_FAULTED, and stop the port until its space is dealt with. */
void sched_stop_current(void);
/* End the current activation; the port runs again if packets wait. */
void sched_end_current(void);
/* Subscribe p to idle packets, or not. */
void sched_idle_subscribe(struct port *p, bool on);
/* Choose the next activation and make it current; NULL when nothing can run. */
struct port *sched_pick(void);

/* Where a new activation of p finds its packet of size data bytes: the top
 * of its stack, through the direct map. *sp is the handler's stack pointer. */
static inline struct pier_packet *activation_packet(const struct port *p, uint32_t size,
						    uint64_t *sp)
{
	*sp = (p->stack_top - sizeof(struct pier_packet) - size) & ~15ul;
	return (struct pier_packet *)(p->stack_kva - (p->stack_top - *sp));
}

/* p's new activation, its packet written at sp, runs now, answering caller (or NULL). */
static inline void activation_begin(struct port *p, uint64_t sp, struct port *caller)
{
	p->caller = caller;
	p->state = ACT_RUNNING;
	p->handled++;
	ctx_start(&p->ctx, p->entry, sp, sp, p->arg);
	current = p;
}

/*
 * A packet from the kernel (an interrupt's, a timer's) for p, when the
 * scheduler would start p next anyway: it is idle with nothing queued and
 * outranks the current activation and everything waiting. Then the
 * current activation is preempted, p's handler starts, and the packet to
 * fill is returned: its header is set, size bytes of data are the caller's
 * to copy. NULL: nothing changed, queue the packet instead.
 */
struct pier_packet *sched_start_now(struct port *p, uint32_t type, uint32_t size);

#endif
