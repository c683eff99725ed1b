/* A port's packet queue: a bounded ring of fixed-size slots. */
#ifndef PQUEUE_H
#define PQUEUE_H

#include <stdint.h>
#include <pier/frame.h>

struct port;

/*
 * One queued packet. A call's slot remembers the caller to wake with the
 * reply; a send's, the port that sent it, to tell it (PIER_MSG_UNDELIVERED)
 * if the packet is dropped unread.
 */
struct pq_slot {
	uint32_t type;
	uint32_t size;
	uint32_t flags;         /* PIER_PKT_* */
	uint32_t handle;        /* handle granted to the receiver, or 0 */
	uint64_t badge;
	struct port *caller;    /* PIER_PKT_CALL: the port waiting for the reply, not a reference
				 * (its destroy withdraws the call); else the sending port, a
				 * counted reference dropped when the slot is taken or dropped,
				 * or NULL (the kernel's packets) */
	uint8_t data[PIER_PACKET_MAX];
};

struct pqueue {
	struct pq_slot *slots;  /* depth slots, owned by the port */
	uint16_t depth;
	uint16_t head;          /* index of the oldest packet */
	uint16_t count;
};

static inline int pq_full(const struct pqueue *q)
{
	return q->count == q->depth;
}

/* Where pq_push will put the next packet, to fill first; the queue must not be full. */
static inline struct pq_slot *pq_tail(const struct pqueue *q)
{
	return &q->slots[(q->head + q->count) % q->depth];
}
/* The slot pq_tail gave, now filled, joins the queue. */
static inline void pq_push_tail(struct pqueue *q)
{
	q->count++;
}
/* The slot to fill for a new packet at the tail, or NULL when full. */
struct pq_slot *pq_push(struct pqueue *q);
/* The oldest packet, or NULL. */
struct pq_slot *pq_front(struct pqueue *q);
void pq_pop(struct pqueue *q);
/* Drop every call packet from caller (its sends stay), keeping the others in order; returns how many. */
int pq_remove_caller(struct pqueue *q, const struct port *caller);

#endif
