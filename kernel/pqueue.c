/* A port's packet queue: a ring of depth slots; full is a status, never an overwrite. */
#include <stddef.h>
#include <string.h>
#include <pier/packet.h>
#include "pqueue.h"

struct pq_slot *pq_push(struct pqueue *q)
{
	if (pq_full(q))
		return NULL;
	struct pq_slot *s = pq_tail(q);
	q->count++;
	return s;
}

struct pq_slot *pq_front(struct pqueue *q)
{
	return q->count ? &q->slots[q->head] : NULL;
}

void pq_pop(struct pqueue *q)
{
	if (!q->count)
		return;
	q->head = (q->head + 1) % q->depth;
	q->count--;
}

__attribute__((cold)) int pq_remove_caller(struct pqueue *q, const struct port *caller)
{
	int removed = 0;
	uint16_t n = q->count;

	/* Rotate through every packet once, keeping the ones not from caller. */
	for (uint16_t i = 0; i < n; i++) {
		struct pq_slot *s = &q->slots[q->head];

		q->head = (q->head + 1) % q->depth;
		q->count--;
		if (s->caller == caller && (s->flags & PIER_PKT_CALL)) {
			removed++;
			continue;
		}
		struct pq_slot *t = pq_push(q);
		if (t != s)
			memmove(t, s, sizeof(*s));
	}
	return removed;
}
