/* Watches: PIER_MSG_NOTICE packets when a port dies, loses its server or gains one. */
#ifndef WATCH_H
#define WATCH_H

#include <stdbool.h>
#include <stdint.h>

struct port;
struct space;
struct kcall;

/*
 * One watch: made by PIER_TASK_WATCH, charged to the watcher (its bytes,
 * and one of PIER_WATCH_MAX). Lifetime: freed by PIER_TASK_UNWATCH, by
 * the watcher's space ending (space_destroy), its notice port's destroy
 * (watch_to_gone), or after its GONE notice. Neither port is a
 * reference: the watched port's GONE event holds one until every watch
 * on it has been told and freed, and the notice port, which the watcher
 * owns, frees the watcher's watches that name it when it is destroyed
 * (a reference would keep a dead port's memory, charged to nobody).
 */
struct watch {
	struct port *port;          /* watched */
	struct port *to;            /* where notices go: a port the watcher owns */
	struct space *watcher;
	uint64_t cookie;
	uint32_t since;             /* port's event count when made: earlier events are not its */
	struct watch *pnext, *pprev;  /* the watched port's list, newest first */
	struct watch *snext;        /* the watcher's list, at most PIER_WATCH_MAX */
};

/* Events a port keeps until its watchers have been told (port.h). */
#define WATCH_EVENTS 8

/* p died, lost or gained its server: its watchers hear it, in bounded steps. */
void watch_event(struct port *p, uint32_t event);
/* Room for an attach (3: it, a detach, a destroy) or a detach request (2)? */
bool watch_room(const struct port *p, unsigned events);
/* One step of telling watchers (at most WATCH_STEP of them): true if more is left. */
#define WATCH_STEP 16
bool watch_step(void);
extern struct port *watch_ev_first;     /* ports with events to tell (watch.c) */
static inline bool watch_pending(void)
{
	return watch_ev_first != NULL;
}
/* The space is ending: its watches go. */
void watch_space_gone(struct space *s);
/* Port p of space s is being destroyed: s's watches that notify p go. */
void watch_to_gone(struct space *s, struct port *p);

int watch_request(struct port *from, struct kcall *k);
int unwatch_request(struct port *from, struct kcall *k);

#endif
