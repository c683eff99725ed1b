/* Ports: the kernel object everything is addressed through, and the unit of scheduling. */
#ifndef PORT_H
#define PORT_H

#include <stdint.h>
#include <stdbool.h>
#include <pier/ports.h>
#include "context.h"
#include "pqueue.h"
#include "runq.h"

struct space;
struct port;
struct kcall;
struct watch;

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
 * it off the owner's list and clears space and owner: a dead port keeps
 * no pointer to a space, since its space may be freed while handles to
 * the port live on. The pointers below that name other ports (caller,
 * calling, held_*, the queue's callers) are not references: port_destroy
 * of either side unlinks them, so each is valid while it is set.
 *
 * A detachable port (PIER_PORT_DETACHED) has an owner but runs in
 * whichever space attached a handler to it: space is that space while
 * attached and NULL while detached; the port is then stopped, so it never
 * runs and packets wait in its queue. port_detach (the attacher's request,
 * or its space ending) clears space again; the owner's list (lent) holds
 * it until port_destroy. So space is valid while set, as for any port:
 * every way a space ends detaches or destroys the ports in its ports list.
 */
struct port {
	struct context ctx;         /* the activation's registers when it is off the CPU */
	struct space *space;        /* where its handler runs (and whose handles and stack it uses):
				     * the owner, or a detachable port's attacher; NULL for kernel
				     * ports, a detached port and once dead */
	struct space *owner;        /* pays for its queue, alone may destroy it; NULL once dead */
	bool detachable;            /* PIER_PORT_DETACHED: served by a space that attaches */
	kport_fn serve;             /* kernel ports only */
	bool quick;                 /* kernel ports: serving never ends, blocks or destroys the caller */
	const char *name;           /* kernel ports only */
	void *kobj;                 /* kernel ports made at run time: their object */
	void (*release)(struct port *p); /* ...and how to free it with the last handle */

	uint64_t entry, arg;        /* handler entry point and its a1 */
	uint64_t stack_top;         /* top of the handler stack in the owner's space */
	uint64_t stack_base;        /* its lowest page: [stack_base, stack_top) is reserved,
				     * its pages mapped on first touch (port_stack.c) */
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
	struct port *space_next;    /* the list of ports running in space, by stack address */
	struct port *lent_next;     /* detachable: the owner's list of them (space->lent) */

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
	/* Watches (watch.h): the list of them, and events their watchers are still to hear. */
	struct watch *watches;      /* newest first; each freed before the port (GONE, unwatch) */
	uint8_t ev_ring[8];         /* PIER_NOTICE_* not yet told to every watcher (WATCH_EVENTS) */
	uint8_t ev_head, ev_count;
	bool ev_listed;             /* on watch.c's list of ports with events (holding a reference) */
	uint32_t ev_seq;            /* events so far */
	struct port *ev_next;
	struct space *ended_head, *ended_tail; /* dead spaces whose PIER_MSG_ENDED waits for room here
				     * (space.h); each holds a reference to this port */
};

/*
 * May a space holding rights to p bind things to its handler (timers,
 * interrupts)? Only where the handler runs, and with the right to own or
 * to serve it: a detachable port's server may, for as long as it serves
 * (port_detach takes timers and interrupts off it).
 */
static inline bool port_handler_in(const struct port *p, uint32_t rights, const struct space *s)
{
	return p->space == s && (rights & (PIER_R_OWN | PIER_R_SERVE));
}

#define port_of_rq(n) ((struct port *)((char *)(n) - __builtin_offsetof(struct port, rq)))

struct port *port_create(struct space *s, uint64_t entry, uint64_t arg,
			 unsigned prio, unsigned depth, unsigned stack_pages,
			 int *status);
/* A detachable port with no handler, owned by s, its queue charged to s. */
struct port *port_create_detached(struct space *s, unsigned depth, int *status);
/* Serve detachable p from space s: a stack there, charged to s; p may run. */
int port_attach(struct port *p, struct space *s, uint64_t entry, uint64_t arg,
		unsigned prio, unsigned stack_pages);
/* Stop serving p: its calls taken are answered PIER_E_RESTARTED, its queue stays. */
void port_detach(struct port *p);
/* Destroy: wake its callers with PIER_E_GONE, drop its packets, free it when unreferenced. */
void port_destroy(struct port *p);
/* p's own call, if it is blocked in one, withdrawn: nobody will answer it. */
void port_withdraw_call(struct port *p);
/* A caller that gets no reply from the port it called: it resumes with status. */
void port_wake_caller(struct port *c, int status);
/*
 * Give s a handler stack of stack_pages for p, in its list of ports: the
 * range is reserved, and only its top PORT_STACK_EAGER_PAGES mapped (and
 * charged) now; the rest on first touch (port_stack_grow). Unmap what was
 * touched and unlist it (port_stack_drop).
 */
#define PORT_STACK_EAGER_PAGES 1u
int port_stack_make(struct space *s, struct port *p, unsigned stack_pages);
void port_stack_drop(struct space *s, struct port *p);
/*
 * A touch of unmapped va in s: if it lies in the stack of a port running
 * in s, that page is mapped and charged to s, and *index is the port's
 * index (as for port_stack_overflow): PIER_OK, or PIER_E_QUOTA /
 * PIER_E_NOMEM; PIER_E_UNMAPPED if va is in no stack (a guard gap, say).
 */
int port_stack_grow(struct space *s, uint64_t va, int *index);
/* The port whose stack holds va in s (*index as above), mapped there or not; or NULL. */
const struct port *port_stack_at(const struct space *s, uint64_t va, int *index);
/* addr in the guard gap below p's stack: p's index in its space's ports, else -1. */
int port_stack_overflow(const struct port *p, uint64_t addr);
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
/* The last reference went: free it (port_unref's slow half). */
void port_release(struct port *p);
/* port_unref inline, for the dispatch of a queued send. */
static inline void port_unref_inline(struct port *p)
{
	if (!--p->refs)
		port_release(p);
}
struct pq_slot;
/* A send dropped unread: its sender, if it lives, gets PIER_MSG_UNDELIVERED; its reference goes. */
void port_undelivered(struct pq_slot *e);

#endif
