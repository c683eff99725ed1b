/* Port objects: creation with a queue and a handler stack, destruction that loses nobody's call. */
#include <string.h>
#include <pier/pier.h>
#include "port.h"
#include "space.h"
#include "sched.h"
#include "kmem.h"
#include "context.h"
#include "physmap.h"
#include "ktimer.h"
#include "device.h"
#include "arch.h"
#include "watch.h"
#include "ipc.h"
#include "log.h"

/* A port's kernel memory, charged to its space in whole pages. */
static size_t port_kpages(unsigned depth)
{
	return (sizeof(struct port) + depth * sizeof(struct pq_slot) + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* A port's object and queue, charged to s: kpages, plus more pages to come. */
static struct port *port_alloc(struct space *s, unsigned depth, size_t more, int *status)
{
	struct port *p = kmem_alloc(sizeof(*p));
	size_t kpages = port_kpages(depth);

	*status = PIER_E_NOMEM;
	if (p && !vm_charge_ok(&s->vm, kpages + more))
		*status = PIER_E_QUOTA;
	if (p && *status != PIER_E_QUOTA)
		p->q.slots = kmem_alloc(depth * sizeof(struct pq_slot));
	if (!p || !p->q.slots) {
		kmem_free(p, sizeof(*p));
		return NULL;
	}
	p->q.depth = depth;
	p->owner = s;
	p->state = ACT_NONE;
	p->refs = 1;                  /* the owner's list */
	return p;
}

static void port_free_unused(struct port *p)
{
	kmem_free(p->q.slots, p->q.depth * sizeof(struct pq_slot));
	kmem_free(p, sizeof(*p));
}

struct port *port_create(struct space *s, uint64_t entry, uint64_t arg,
			 unsigned prio, unsigned depth, unsigned stack_pages,
			 int *status)
{
	struct port *p = port_alloc(s, depth, PORT_STACK_EAGER_PAGES, status);

	if (!p)
		return NULL;
	if ((*status = port_stack_make(s, p, stack_pages))) {
		port_free_unused(p);
		return NULL;
	}
	s->vm.kpages += port_kpages(depth);
	p->space = s;
	p->entry = entry;
	p->arg = arg;
	p->prio = prio;
	return p;
}

struct port *port_create_detached(struct space *s, unsigned depth, int *status)
{
	struct port *p = port_alloc(s, depth, 0, status);

	if (!p)
		return NULL;
	*status = PIER_OK;
	s->vm.kpages += port_kpages(depth);
	p->detachable = true;
	p->stopped = true;            /* no handler: packets wait */
	p->lent_next = s->lent;
	s->lent = p;
	return p;
}

void port_ref(struct port *p)
{
	p->refs++;
}

void port_unref(struct port *p)
{
	if (--p->refs)
		return;
	port_release(p);
}

void port_release(struct port *p)
{
	arch_port_free(p);
	if (p->release) {
		p->release(p);
		return;
	}
	kmem_free(p->q.slots, p->q.depth * sizeof(struct pq_slot));
	kmem_free(p, sizeof(*p));
}

void port_wake_caller(struct port *c, int status)
{
	c->state = ACT_READY;
	c->calling = NULL;
	ctx_set_result(&c->ctx, status);
	sched_wake(c);
}

/* Take c's queued call out of callee's queue, and the handle it granted
 * out of the callee's table: the callee never saw either. */
static void withdraw_call(struct port *callee, struct port *c)
{
	struct pqueue *q = &callee->q;

	for (uint16_t i = 0; i < q->count; i++) {
		struct pq_slot *e = &q->slots[(q->head + i) % q->depth];

		if (e->caller == c && (e->flags & PIER_PKT_CALL) && e->handle) {
			space_handle_drop(callee->space, e->handle);
			e->handle = 0;
		}
	}
	pq_remove_caller(q, c);
	if (callee->ended_head)
		space_ended_fill(callee);       /* room now for an ENDED that waited */
}

void port_withdraw_call(struct port *p)
{
	struct port *callee = p->calling;

	if (p->state != ACT_BLOCKED)
		return;
	/* From the callee's queue, or from the activation serving it (or
	 * holding it), whose reply then goes nowhere. */
	if (callee->caller == p)
		callee->caller = NULL;
	else if (!port_held_remove(callee, p))
		withdraw_call(callee, p);
	p->calling = NULL;
}

void port_destroy(struct port *p)
{
	struct space *s = p->space, *owner = p->owner;

	p->dead = true;
	sched_forget(p);
	ktimer_port_gone(p);
	device_port_gone(p);
	if (p->caller)
		port_wake_caller(p->caller, PIER_E_GONE);
	p->caller = NULL;
	for (struct port *c; (c = port_held_first(p)); ) {   /* at most PIER_HELD_MAX */
		port_held_pop(p);
		port_wake_caller(c, PIER_E_GONE);
	}
	/* Packets dropped unread: a call's sender hears PIER_E_GONE, and a
	 * handle granted with one goes from the serving space's table again
	 * (a detached port, with no such space, takes no grants). */
	for (struct pq_slot *e; (e = pq_front(&p->q)); pq_pop(&p->q)) {   /* its depth */
		if (e->flags & PIER_PKT_CALL)
			port_wake_caller(e->caller, PIER_E_GONE);
		else if (e->caller)
			port_undelivered(e);
		if (e->handle && s)
			space_handle_drop(s, e->handle);
	}
	port_withdraw_call(p);
	space_ended_drop(p);
	if (owner->watches)
		watch_to_gone(owner, p);        /* its owner's watches that notify it */
	p->state = ACT_NONE;
	if (s)
		port_stack_drop(s, p);
	owner->vm.kpages -= port_kpages(p->q.depth);
	/* The queue is empty and nothing queues at a dead port: its memory
	 * goes now, not with the last handle, which nobody pays for. */
	kmem_free(p->q.slots, p->q.depth * sizeof(struct pq_slot));
	p->q = (struct pqueue){ 0 };
	if (p->detachable) {    /* off the owner's list of them, bounded by that list */
		for (struct port **pp = &owner->lent; *pp; pp = &(*pp)->lent_next)
			if (*pp == p) {
				*pp = p->lent_next;
				break;
			}
	}
	/* Its spaces may be freed before the last handle to it goes: nothing
	 * may reach a space through a dead port (see struct port). */
	p->space = NULL;
	p->owner = NULL;
	watch_event(p, PIER_NOTICE_GONE);       /* holds p until its watchers have heard */
	port_unref(p);
}

void port_undelivered(struct pq_slot *e)
{
	struct port *from = e->caller;
	struct {
		struct pier_undelivered u;
		uint8_t data[PIER_UNDELIVERED_MAX];
	} pkt;
	uint32_t n = e->size < PIER_UNDELIVERED_MAX ? e->size : PIER_UNDELIVERED_MAX;

	/* A sender with a full queue misses it, as any sender to a full queue would. */
	if (!from->dead) {
		pkt.u.type = e->type;
		pkt.u.size = e->size;
		memcpy(pkt.u.data, e->data, n);
		ipc_deliver(NULL, from, PIER_MSG_UNDELIVERED, &pkt, sizeof(pkt.u) + n, 0, NULL, 0);
	}
	e->caller = NULL;
	port_unref(from);
}
