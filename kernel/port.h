/* Ports: the kernel object everything is addressed through, and the unit of scheduling. */
#ifndef PORT_H
#define PORT_H

#include <stdint.h>
#include <stdbool.h>
#include "context.h"
#include "pqueue.h"
#include "runq.h"

struct space;
struct port;
struct kcall;

/*
 * A port's activation state. A port has at most one activation at a time,
 * so its handler never runs twice at once and needs no locks.
 */
enum act_state {
	ACT_NONE,      /* no activation; runs when a packet is queued */
	ACT_RUNNING,   /* the activation on the CPU now */
	ACT_READY,     /* preempted: resumes from ctx */
	ACT_BLOCKED,   /* waiting in a call for a reply */
};

/* Where a call's reply data goes in the caller's space. */
struct reply_buf {
	uint64_t va;
	uint32_t size;
};

/* A kernel port answers inline: it serves the request and returns a status. */
typedef int (*kport_fn)(struct port *from, struct kcall *k);

/*
 * Lifetime: a port is freed when its last reference goes (refs: each
 * handle to it in any table, the owner's list, a space's supervisor
 * pointers, and a kernel request holding it across a serve that may
 * destroy it, as kcall_invoke does). port_destroy marks it dead, takes
 * it off the owner's list and clears space: a dead port keeps no
 * pointer to a space, since its space may be freed while handles to the
 * port live on. The pointers below that name other ports (caller,
 * calling, held_*, the queue's callers) are not references: port_destroy
 * of either side unlinks them, so each is valid while it is set.
 */
struct port {
	struct context ctx;         /* the activation's registers when it is off the CPU */
	struct space *space;        /* owner while alive; NULL for kernel ports and once dead */
	kport_fn serve;             /* kernel ports only */
	bool quick;                 /* kernel ports: serving never ends, blocks or destroys the caller */
	const char *name;           /* kernel ports only */
	void *kobj;                 /* kernel ports made at run time: their object */
	void (*release)(struct port *p); /* ...and how to free it with the last handle */

	uint64_t entry, arg;        /* handler entry point and its a1 */
	uint64_t stack_top;         /* top of the handler stack in the owner's space */
	uint64_t stack_base;        /* lowest mapped stack page */
	uint8_t *stack_kva;         /* stack_top through the direct map: packets are written there */
	uint8_t prio;
	uint8_t state;              /* enum act_state */
	bool dead;                  /* destroyed: handles to it answer PIER_E_GONE */
	bool idle_sub;              /* wants idle packets */
	bool stopped;               /* its handler faulted: it runs no more, its supervisor decides */
	bool accept_grants;         /* PIER_PORT_GRANTS: packets may bring it handles */
	bool accept_shares;         /* PIER_PORT_SHARES: PIER_SPACE_SHARE may map pages into its space */
	uint32_t refs;              /* handles, grants in flight and the owner's list */

	struct pqueue q;
	struct rq_node rq;          /* in the run queue while it can run */
	struct port *idle_next;     /* ring of idle subscribers */
	struct port *space_next;    /* the owner space's list of ports */

	/* The activation: */
	struct port *caller;        /* whose call it must answer; NULL once answered */
	struct port *calling;       /* ACT_BLOCKED: the port it called */
	uint64_t call_frame;        /* ACT_BLOCKED: the caller's frame, for the write-back */
	struct reply_buf call_rbuf; /* ACT_BLOCKED: its rbuf and rbufsz, as they were at the call */
	struct port *held_head, *held_tail; /* calls held for a later reply (PIER_F_HOLD), oldest first */
	struct port *held_next;     /* while this port's own call is held: the next in that list */
	uint32_t held_token;        /* ...and the token naming it (pier/frame.h) */
	uint8_t held_count;         /* calls in held_head's list, at most PIER_HELD_MAX */
	uint64_t handled;           /* packets handled, for statistics */
};

#define port_of_rq(n) ((struct port *)((char *)(n) - __builtin_offsetof(struct port, rq)))

struct port *port_create(struct space *s, uint64_t entry, uint64_t arg,
			 unsigned prio, unsigned depth, unsigned stack_pages,
			 int *status);
/* Destroy: wake its callers with PIER_E_GONE, drop its packets, free it when unreferenced. */
void port_destroy(struct port *p);
void port_ref(struct port *p);
/*
 * Held calls: port_hold appends caller c to p's list and returns its
 * token (> 0), or PIER_E_LIMIT when p holds PIER_HELD_MAX calls already.
 * port_held_find: the call with that token (0: the oldest), or NULL;
 * port_held_pop takes the oldest; port_held_remove withdraws c. Each
 * walk is bounded by PIER_HELD_MAX.
 */
int port_hold(struct port *p, struct port *c);
struct port *port_held_first(struct port *p);
struct port *port_held_find(struct port *p, uint32_t token);
void port_held_pop(struct port *p);
bool port_held_remove(struct port *p, struct port *c);
void port_unref(struct port *p);

#endif
