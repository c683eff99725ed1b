/* Handler stacks: a range reserved per port below a guard gap, its pages mapped on first touch. */
#include <pier/pier.h>
#include "port.h"
#include "space.h"
#include "physmap.h"
#include "log.h"

/*
 * A stack's pages are mapped when they are first touched, not when the
 * port is made: making an 8 MiB stack zeroed 2,048 pages with interrupts
 * off (docs/design.md, "Stacks"). Only the top page
 * (PORT_STACK_EAGER_PAGES) is mapped at once,
 * because the kernel writes every activation's packet there through the
 * direct map (stack_kva, activation_packet), with no fault to take: a
 * packet and its header, placed 16-byte aligned, always fit in it. Below
 * it, a touch by the port's code faults (arch trap code) and a touch by a
 * kernel copy finds the page missing (uaccess.c); both map it here,
 * charged to the space the stack is in, like any page it maps.
 */
_Static_assert(sizeof(struct pier_packet) + PIER_PACKET_MAX + 15 <=
	       PORT_STACK_EAGER_PAGES * PAGE_SIZE, "a packet is written in the stack's mapped top");

/* The top page's direct-map address: the program cannot unmap it (space_port.c). */
static uint8_t *stack_top_kva(const struct vm *vm, uint64_t top)
{
	uint64_t pa;
	unsigned perm;

	if (vm_query(vm, top - PAGE_SIZE, &pa, &perm))
		kernel_bug("new stack not mapped", top);
	return (uint8_t *)pa_to_kva(pa) + PAGE_SIZE;
}

/*
 * Where a stack of span bytes (its guard gap included) goes: the highest
 * gap between the stacks of the space's live ports, whose list is kept in
 * descending order of address. A destroyed port's range is free again.
 * While no port has been destroyed above the lowest, there is no gap and
 * the stack goes below the lowest (ports_last) at once; otherwise the
 * walk is bounded by the space's ports, each charged to its quota.
 * *after gets the port to insert behind (NULL: at the head); 0 if no gap
 * is left.
 */
#define GUARD (PIER_STACK_GUARD_PAGES * PAGE_SIZE)

static uint64_t stack_place(struct space *s, uint64_t span, struct port **after)
{
	uint64_t top = USER_STACK_TOP;
	bool dense = true;

	*after = NULL;
	if (!s->stack_gaps && s->ports_last) {
		*after = s->ports_last;
		top = s->ports_last->stack_base - GUARD;
		return top - USER_STACK_LOW >= span ? top - span : 0;
	}
	for (struct port *q = s->ports; q; q = q->space_next) {
		if (top - q->stack_top >= span)
			return top - span;
		dense &= top == q->stack_top;
		top = q->stack_base - GUARD;            /* below its guard gap */
		*after = q;
	}
	s->stack_gaps = !dense;
	return top - USER_STACK_LOW >= span ? top - span : 0;
}

int port_stack_make(struct space *s, struct port *p, unsigned stack_pages)
{
	uint64_t span = stack_pages * PAGE_SIZE + GUARD;   /* + the guard gap below */
	struct port *after;
	uint64_t at = stack_place(s, span, &after);
	int rc;

	if (!at)
		return PIER_E_LIMIT;    /* the stack area is used up */
	p->stack_base = at + GUARD;
	p->stack_top = p->stack_base + stack_pages * PAGE_SIZE;
	rc = vm_map_anon(&s->vm, p->stack_top - PORT_STACK_EAGER_PAGES * PAGE_SIZE,
			 PORT_STACK_EAGER_PAGES, VM_R | VM_W);
	if (rc)
		return rc;
	p->stack_kva = stack_top_kva(&s->vm, p->stack_top);
	p->space_next = after ? after->space_next : s->ports;
	if (after)
		after->space_next = p;
	else
		s->ports = p;
	if (!p->space_next)
		s->ports_last = p;
	return PIER_OK;
}

/*
 * The port whose stack holds va in s, and its index. The stack of any
 * port running in s counts (a pointer to another port's stack is fair),
 * so the walk looks at all of them: bounded by the space's ports, each
 * charged to it, and it stops at the first stack below va (the list is
 * in descending order). The guard gaps and everything else are no stack.
 */
const struct port *port_stack_at(const struct space *s, uint64_t va, int *index)
{
	int i = 0;

	if (va < USER_STACK_LOW || va >= USER_STACK_TOP)
		return NULL;                    /* outside the stack area: no walk */
	for (const struct port *q = s->ports; q && va < q->stack_top; q = q->space_next, i++)
		if (va >= q->stack_base) {
			*index = i;
			return q;
		}
	return NULL;
}

/* A touch of va in s, by its code or a kernel copy, where nothing is mapped. */
int port_stack_grow(struct space *s, uint64_t va, int *index)
{
	return port_stack_at(s, va, index) ? vm_fault_in(&s->vm, va) : PIER_E_UNMAPPED;
}

/*
 * Is addr in the guard gap below p's own stack (a fault there is p's
 * stack overflow)? Then its index among the ports running in its space,
 * as PIER_TASK_PORTS counts them (0: the highest stack, the main port of
 * a program); else -1. The walk is bounded by the space's ports.
 */
int port_stack_overflow(const struct port *p, uint64_t addr)
{
	int i = 0;

	if (!p->space || addr >= p->stack_base || p->stack_base - addr > GUARD)
		return -1;
	for (const struct port *q = p->space->ports; q && q != p; q = q->space_next)
		i++;
	return i;
}

void port_stack_drop(struct space *s, struct port *p)
{
	struct port *prev = NULL;

	/* The pages touched so far, and only those: vm_unmap skips the rest
	 * (a region with no table at once). A space that is ending frees
	 * them with all its memory, in steps (vm_reap), not here at once. */
	if (!s->ending)
		vm_unmap(&s->vm, p->stack_base, (p->stack_top - p->stack_base) / PAGE_SIZE);
	/* Off the list, bounded by the space's ports. A hole above the
	 * lowest stack is a gap for stack_place to find. */
	for (struct port **pp = &s->ports; *pp; prev = *pp, pp = &(*pp)->space_next)
		if (*pp == p) {
			*pp = p->space_next;
			break;
		}
	if (s->ports_last == p)
		s->ports_last = prev;
	else
		s->stack_gaps = true;
	p->space_next = NULL;
}
