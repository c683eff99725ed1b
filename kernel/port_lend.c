/* Detachable ports: a handler attached from another space, and its detaching, which loses no call. */
#include <string.h>
#include <pier/pier.h>
#include "port.h"
#include "space.h"
#include "sched.h"
#include "ktimer.h"
#include "device.h"
#include "watch.h"

int port_attach(struct port *p, struct space *s, uint64_t entry, uint64_t arg,
		unsigned prio, unsigned stack_pages)
{
	int rc;

	if (!vm_charge_ok(&s->vm, PORT_STACK_EAGER_PAGES))     /* the rest on first touch */
		return PIER_E_QUOTA;
	if ((rc = port_stack_make(s, p, stack_pages)))
		return rc;
	p->space = s;
	p->entry = entry;
	p->arg = arg;
	p->prio = prio;
	p->state = ACT_NONE;
	p->stopped = false;
	sched_wake(p);          /* packets that waited run now */
	watch_event(p, PIER_NOTICE_ATTACHED);
	return PIER_OK;
}

/*
 * Queued packets that granted a handle into s's table: that table is the
 * departing server's, so they cannot wait for the next one. A call's
 * caller hears PIER_E_RESTARTED (it may call again, granting again); a
 * send is dropped. The others keep their order. Once round the queue.
 */
static void drop_granted(struct port *p, struct space *s)
{
	struct pqueue *q = &p->q;
	uint16_t n = q->count;

	for (uint16_t i = 0; i < n; i++) {      /* the queue's depth, at most 64 */
		struct pq_slot *e = pq_front(q), *t;

		pq_pop(q);
		if (e->handle) {
			space_handle_drop(s, e->handle);
			if (e->flags & PIER_PKT_CALL)
				port_wake_caller(e->caller, PIER_E_RESTARTED);
			else if (e->caller)
				port_undelivered(e);
			continue;
		}
		t = pq_push(q);
		if (t != e)
			memmove(t, e, sizeof(*e));
	}
}

void port_detach(struct port *p)
{
	struct space *s = p->space;

	sched_forget(p);        /* off the CPU and the run queue, and no idle packets */
	ktimer_port_gone(p);    /* timers and interrupts were the server's */
	device_port_gone(p);
	if (p->caller)
		port_wake_caller(p->caller, PIER_E_RESTARTED);
	p->caller = NULL;
	for (struct port *c; (c = port_held_first(p)); ) {   /* at most PIER_HELD_MAX */
		port_held_pop(p);
		port_wake_caller(c, PIER_E_RESTARTED);
	}
	drop_granted(p, s);
	if (p->ended_head)
		space_ended_fill(p);    /* the dropped packets made room */
	port_withdraw_call(p);  /* its activation was in a call: nobody answers it now */
	p->state = ACT_NONE;
	port_stack_drop(s, p);
	p->space = NULL;
	p->prio = 0;            /* as listed: nobody runs it */
	p->stopped = true;
	p->accept_grants = false;
	p->accept_shares = false;
	watch_event(p, PIER_NOTICE_DETACHED);
}
