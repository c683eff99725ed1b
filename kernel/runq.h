/* The run queue: ports ready to run, by priority, FIFO within a priority; every operation O(1). */
#ifndef RUNQ_H
#define RUNQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define RUNQ_LEVELS 32

struct rq_node {
	struct rq_node *next, *prev;
	uint8_t prio;       /* the level this node is queued at */
	bool queued;
};

/* A bit per non-empty level, so the best level is one count-leading-zeros away. */
struct runq {
	uint32_t nonempty;
	struct rq_node *head[RUNQ_LEVELS], *tail[RUNQ_LEVELS];
};

/* Behind its peers. Inline: a send that wakes a port does this. */
static inline void runq_push_back(struct runq *q, struct rq_node *n, unsigned prio)
{
	n->prio = prio;
	n->next = NULL;
	n->prev = q->tail[prio];
	if (q->tail[prio])
		q->tail[prio]->next = n;
	else
		q->head[prio] = n;
	q->tail[prio] = n;
	q->nonempty |= 1u << prio;
	n->queued = true;
}
/* A preempted activation goes back to the front: it was first among its
 * peers. Inline: an interrupt that starts its handler at once does this. */
static inline void runq_push_front(struct runq *q, struct rq_node *n, unsigned prio)
{
	n->prio = prio;
	n->prev = NULL;
	n->next = q->head[prio];
	if (q->head[prio])
		q->head[prio]->prev = n;
	else
		q->tail[prio] = n;
	q->head[prio] = n;
	q->nonempty |= 1u << prio;
	n->queued = true;
}
void runq_remove(struct runq *q, struct rq_node *n);
/* The first node of the highest non-empty level, or NULL; it stays queued. */
struct rq_node *runq_best(const struct runq *q);
/* runq_best, taken off the queue. */
struct rq_node *runq_pop_best(struct runq *q);
/* The highest non-empty level, or -1. */
int runq_best_prio(const struct runq *q);

#endif
