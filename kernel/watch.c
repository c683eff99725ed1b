/* Watches: notices to the spaces that asked, in bounded steps however many watch one port. */
#include <string.h>
#include <pier/pier.h>
#include "watch.h"
#include "port.h"
#include "space.h"
#include "ipc.h"
#include "kmem.h"
#include "kport.h"
#include "task_port.h"
#include "log.h"

/*
 * Any number of spaces may watch one port (each charged for its own
 * watches), so telling them all at once could take as long as there
 * are spaces. Instead a port with watchers keeps its events in a small
 * ring (ev_*, struct port), is put on the list of ports with events to
 * tell, and each step tells at most WATCH_STEP watchers, walking the
 * port's list from a cursor: a step right after the event (so a few
 * watchers hear it at once), one before each pick, and more while idle.
 * A watch made after an event does not hear it (since). A watch freed
 * while the cursor is on it moves the cursor on first. The ring cannot
 * overflow: an attach needs room for itself, the detach and the destroy
 * that may follow without asking; a detach request, for itself and the
 * destroy (PIER_E_LIMIT otherwise: the watchers have not all heard yet).
 */
struct port *watch_ev_first;/* ports with events to tell; each holds a reference */
static struct port *ev_last;
static struct watch *cursor;             /* next watch of watch_ev_first to tell its oldest event */
static bool cursor_set;                  /* ...else start at its list's head */

bool watch_room(const struct port *p, unsigned events)
{
	return p->ev_count + events <= WATCH_EVENTS;
}

static void watch_free(struct watch *w)
{
	struct port *p = w->port;
	struct space *s = w->watcher;

	if (cursor_set && cursor == w)
		cursor = w->pnext;
	if (w->pprev)
		w->pprev->pnext = w->pnext;
	else
		p->watches = w->pnext;
	if (w->pnext)
		w->pnext->pprev = w->pprev;
	for (struct watch **pp = &s->watches; *pp; pp = &(*pp)->snext)  /* at most PIER_WATCH_MAX */
		if (*pp == w) {
			*pp = w->snext;
			break;
		}
	s->nwatches--;
	s->vm.kbytes -= sizeof(*w);
	kmem_free(w, sizeof(*w));
}

void watch_event(struct port *p, uint32_t event)
{
	if (!p->watches)
		return;
	if (p->ev_count == WATCH_EVENTS)
		kernel_bug("watch events overflow", (uint64_t)(uintptr_t)p);
	p->ev_ring[(p->ev_head + p->ev_count++) % WATCH_EVENTS] = (uint8_t)event;
	p->ev_seq++;
	if (!p->ev_listed) {
		p->ev_listed = true;
		p->ev_next = NULL;
		port_ref(p);
		if (ev_last)
			ev_last->ev_next = p;
		else
			watch_ev_first = p;
		ev_last = p;
	}
	watch_step();
}

/* Tell w of event, numbered seq at its port. */
static void tell(struct watch *w, uint32_t event, uint32_t seq)
{
	struct pier_notice n = { .cookie = w->cookie, .event = event };

	/* A full or dead notice port misses it: a watcher sizes its queue. */
	if (seq > w->since)
		ipc_deliver(NULL, w->to, PIER_MSG_NOTICE, &n, sizeof(n), 0, NULL, 0);
}

bool watch_step(void)
{
	unsigned budget = WATCH_STEP;

	while (watch_ev_first && budget) {
		struct port *p = watch_ev_first;
		uint32_t event = p->ev_ring[p->ev_head];
		uint32_t seq = p->ev_seq - p->ev_count + 1;
		struct watch *w = cursor_set ? cursor : p->watches;

		for (; w && budget; budget--) {         /* WATCH_STEP watches a step */
			struct watch *next = w->pnext;

			tell(w, event, seq);
			if (event == PIER_NOTICE_GONE)
				watch_free(w);
			w = next;
		}
		cursor = w;
		cursor_set = w != NULL;
		if (w)
			break;
		/* Every watcher has heard it. */
		p->ev_head = (p->ev_head + 1) % WATCH_EVENTS;
		if (--p->ev_count)
			continue;
		watch_ev_first = p->ev_next;
		if (!watch_ev_first)
			ev_last = NULL;
		p->ev_listed = false;
		port_unref(p);
	}
	return watch_ev_first != NULL;
}

void watch_space_gone(struct space *s)
{
	while (s->watches)      /* at most PIER_WATCH_MAX */
		watch_free(s->watches);
}

void watch_to_gone(struct space *s, struct port *p)
{
	for (struct watch *w = s->watches, *next; w; w = next) {       /* at most PIER_WATCH_MAX */
		next = w->snext;
		if (w->to == p)
			watch_free(w);
	}
}

int watch_request(struct port *from, struct kcall *k)
{
	struct pier_watch_req r;
	struct space *s = from->space;
	struct handle *h;
	struct port *p, *to;
	struct watch *w;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = space_handle_get(s, r.handle, 0, &h)))
		return rc;
	p = h->port;
	if (p->serve)
		return PIER_E_ARG;      /* a kernel port never dies nor changes server */
	if ((rc = space_handle_get(s, r.port, PIER_R_OWN, &h)))
		return rc;
	to = h->port;
	if (to->owner != s)
		return PIER_E_RIGHTS;   /* notices go to a port of the watcher's own */
	if (s->nwatches >= PIER_WATCH_MAX)
		return PIER_E_LIMIT;
	if (!vm_charge_bytes_ok(&s->vm, sizeof(*w)))
		return PIER_E_QUOTA;
	if (!(w = kmem_alloc(sizeof(*w))))
		return PIER_E_NOMEM;
	*w = (struct watch){ .port = p, .to = to, .watcher = s, .cookie = r.cookie,
			     .since = p->ev_seq, .pnext = p->watches, .snext = s->watches };
	if (p->watches)
		p->watches->pprev = w;
	p->watches = w;
	s->watches = w;
	s->nwatches++;
	s->vm.kbytes += sizeof(*w);
	return PIER_OK;
}

int unwatch_request(struct port *from, struct kcall *k)
{
	struct pier_watch_req r;
	struct space *s = from->space;
	struct handle *h;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = space_handle_get(s, r.handle, 0, &h)))
		return rc;      /* PIER_E_GONE for a dead port: its GONE notice ends the watch */
	for (struct watch *w = s->watches; w; w = w->snext)   /* at most PIER_WATCH_MAX */
		if (w->port == h->port && w->cookie == r.cookie) {
			watch_free(w);
			return PIER_OK;
		}
	return PIER_E_NOENT;
}
