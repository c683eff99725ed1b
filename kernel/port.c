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
#include "log.h"

/* A port's kernel memory, charged to its space in whole pages. */
static size_t port_kpages(unsigned depth)
{
	return (sizeof(struct port) + depth * sizeof(struct pq_slot) + PAGE_SIZE - 1) / PAGE_SIZE;
}

/*
 * A packet is written at the top of its port's stack, which the program
 * cannot unmap: keep that page's direct-map address, so a delivery needs
 * no page-table walk.
 */
static uint8_t *stack_top_kva(const struct vm *vm, uint64_t top)
{
	uint64_t pa;
	unsigned perm;

	if (vm_query(vm, top - PAGE_SIZE, &pa, &perm))
		kernel_bug("new stack not mapped", top);
	return (uint8_t *)pa_to_kva(pa) + PAGE_SIZE;
}

/*
 * Where a stack of span bytes (its guard page included) goes: the highest
 * gap between the stacks of the space's live ports, whose list is kept in
 * descending order of address. A destroyed port's range is free again.
 * While no port has been destroyed above the lowest, there is no gap and
 * the stack goes below the lowest (ports_last) at once; otherwise the
 * walk is bounded by the space's ports, each charged to its quota.
 * *after gets the port to insert behind (NULL: at the head); 0 if no gap
 * is left.
 */
static uint64_t stack_place(struct space *s, uint64_t span, struct port **after)
{
	uint64_t top = USER_STACK_TOP;
	bool dense = true;

	*after = NULL;
	if (!s->stack_gaps && s->ports_last) {
		*after = s->ports_last;
		top = s->ports_last->stack_base - PAGE_SIZE;
		return top - USER_STACK_LOW >= span ? top - span : 0;
	}
	for (struct port *q = s->ports; q; q = q->space_next) {
		if (top - q->stack_top >= span)
			return top - span;
		dense &= top == q->stack_top;
		top = q->stack_base - PAGE_SIZE;        /* below its guard page */
		*after = q;
	}
	s->stack_gaps = !dense;
	return top - USER_STACK_LOW >= span ? top - span : 0;
}

struct port *port_create(struct space *s, uint64_t entry, uint64_t arg,
			 unsigned prio, unsigned depth, unsigned stack_pages,
			 int *status)
{
	struct port *p = kmem_alloc(sizeof(*p)), *after;
	uint64_t span = (stack_pages + 1) * PAGE_SIZE;   /* + a guard page below */
	uint64_t at;
	size_t kpages = port_kpages(depth);

	*status = PIER_E_NOMEM;
	if (p && !vm_charge_ok(&s->vm, kpages + stack_pages))
		*status = PIER_E_QUOTA;
	if (!p || *status == PIER_E_QUOTA) {
		kmem_free(p, sizeof(*p));
		return NULL;
	}
	p->q.slots = kmem_alloc(depth * sizeof(struct pq_slot));
	if (!p->q.slots)
		goto fail;
	p->q.depth = depth;
	if (!(at = stack_place(s, span, &after))) {
		*status = PIER_E_LIMIT;   /* the stack area is used up */
		goto fail;
	}
	p->stack_base = at + PAGE_SIZE;
	*status = vm_map_anon(&s->vm, p->stack_base, stack_pages, VM_R | VM_W);
	if (*status)
		goto fail;
	p->stack_top = p->stack_base + stack_pages * PAGE_SIZE;
	p->stack_kva = stack_top_kva(&s->vm, p->stack_top);
	s->vm.kpages += kpages;
	p->space = s;
	p->entry = entry;
	p->arg = arg;
	p->prio = prio;
	p->state = ACT_NONE;
	p->refs = 1;                  /* the owner's list */
	p->space_next = after ? after->space_next : s->ports;
	if (after)
		after->space_next = p;
	else
		s->ports = p;
	if (!p->space_next)
		s->ports_last = p;
	return p;
fail:
	if (p->q.slots)
		kmem_free(p->q.slots, depth * sizeof(struct pq_slot));
	kmem_free(p, sizeof(*p));
	return NULL;
}

void port_ref(struct port *p)
{
	p->refs++;
}

void port_unref(struct port *p)
{
	if (--p->refs)
		return;
	if (p->release) {
		p->release(p);
		return;
	}
	kmem_free(p->q.slots, p->q.depth * sizeof(struct pq_slot));
	kmem_free(p, sizeof(*p));
}

/*
 * Tokens come from one counter for every port, so a token of another
 * port never names a call here until the counter wraps (2^31 holds);
 * after a wrap a token still held here is skipped. The skip loop runs at
 * most PIER_HELD_MAX + 1 times, each a walk of at most PIER_HELD_MAX.
 */
static uint32_t token_last;

static uint32_t token_next(struct port *p)
{
	for (;;) {
		token_last = token_last >= INT32_MAX ? 1 : token_last + 1;
		if (!port_held_find(p, token_last))
			return token_last;
	}
}

int port_hold(struct port *p, struct port *c)
{
	if (p->held_count >= PIER_HELD_MAX)
		return PIER_E_LIMIT;
	c->held_token = token_next(p);
	c->held_next = NULL;
	if (p->held_tail)
		p->held_tail->held_next = c;
	else
		p->held_head = c;
	p->held_tail = c;
	p->held_count++;
	return (int)c->held_token;
}

struct port *port_held_first(struct port *p)
{
	return p->held_head;
}

struct port *port_held_find(struct port *p, uint32_t token)
{
	struct port *q = p->held_head;

	if (!token)
		return q;
	for (; q; q = q->held_next)     /* at most PIER_HELD_MAX */
		if (q->held_token == token)
			return q;
	return NULL;
}

void port_held_pop(struct port *p)
{
	struct port *c = p->held_head;

	if (!c)
		return;
	p->held_head = c->held_next;
	if (!p->held_head)
		p->held_tail = NULL;
	c->held_next = NULL;
	c->held_token = 0;
	p->held_count--;
}

bool port_held_remove(struct port *p, struct port *c)
{
	struct port *prev = NULL;

	for (struct port *q = p->held_head; q; prev = q, q = q->held_next) {  /* at most PIER_HELD_MAX */
		if (q != c)
			continue;
		if (prev)
			prev->held_next = q->held_next;
		else
			p->held_head = q->held_next;
		if (p->held_tail == q)
			p->held_tail = prev;
		q->held_next = NULL;
		q->held_token = 0;
		p->held_count--;
		return true;
	}
	return false;
}

/* A caller that will get no reply from p: it resumes with PIER_E_GONE. */
static void wake_gone(struct port *c)
{
	c->state = ACT_READY;
	c->calling = NULL;
	ctx_set_result(&c->ctx, PIER_E_GONE);
	sched_wake(c);
}

/* Take c's queued call out of callee's queue, and the handle it granted
 * out of the callee's table: the callee never saw either. */
static void withdraw_call(struct port *callee, struct port *c)
{
	struct pqueue *q = &callee->q;

	for (uint16_t i = 0; i < q->count; i++) {
		struct pq_slot *e = &q->slots[(q->head + i) % q->depth];

		if (e->caller == c && e->handle) {
			space_handle_drop(callee->space, e->handle);
			e->handle = 0;
		}
	}
	pq_remove_caller(q, c);
}

void port_destroy(struct port *p)
{
	struct space *s = p->space;

	p->dead = true;
	sched_forget(p);
	ktimer_port_gone(p);
	device_port_gone(p);
	if (p->caller)
		wake_gone(p->caller);
	p->caller = NULL;
	for (struct port *c; (c = port_held_first(p)); ) {
		port_held_pop(p);
		wake_gone(c);
	}
	/* Packets dropped unread: a call's sender hears PIER_E_GONE, and a
	 * handle granted with one goes from this space's table again. */
	for (struct pq_slot *e; (e = pq_front(&p->q)); pq_pop(&p->q)) {
		if (e->flags & PIER_PKT_CALL)
			wake_gone(e->caller);
		if (e->handle)
			space_handle_drop(s, e->handle);
	}
	if (p->state == ACT_BLOCKED) {
		struct port *callee = p->calling;

		/* Withdraw the call: from the callee's queue, or from the
		 * activation serving it, whose reply then goes nowhere. */
		if (callee->caller == p)
			callee->caller = NULL;
		else if (!port_held_remove(callee, p))
			withdraw_call(callee, p);
	}
	p->state = ACT_NONE;
	vm_unmap(&s->vm, p->stack_base, (p->stack_top - p->stack_base) / PAGE_SIZE);
	s->vm.kpages -= port_kpages(p->q.depth);
	/* Off the owner's list, bounded by its ports. A hole above the
	 * lowest stack is a gap for stack_place to find. */
	struct port *prev = NULL;

	for (struct port **pp = &s->ports; *pp; prev = *pp, pp = &(*pp)->space_next)
		if (*pp == p) {
			*pp = p->space_next;
			break;
		}
	if (s->ports_last == p)
		s->ports_last = prev;
	else
		s->stack_gaps = true;
	/* Its space may be freed before the last handle to it goes: nothing
	 * may reach the space through a dead port (see struct port). */
	p->space = NULL;
	port_unref(p);
}
