/* The run queue: a bitmap of non-empty priority levels and a doubly linked FIFO per level. */
#include <stddef.h>
#include "runq.h"

void runq_push_back(struct runq *q, struct rq_node *n, unsigned prio)
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

/* A preempted activation goes back to the front: it was first among its peers. */
void runq_push_front(struct runq *q, struct rq_node *n, unsigned prio)
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

void runq_remove(struct runq *q, struct rq_node *n)
{
	unsigned prio = n->prio;

	if (!n->queued)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		q->head[prio] = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		q->tail[prio] = n->prev;
	if (!q->head[prio])
		q->nonempty &= ~(1u << prio);
	n->next = n->prev = NULL;
	n->queued = false;
}

int runq_best_prio(const struct runq *q)
{
	if (!q->nonempty)
		return -1;
	return 31 - __builtin_clz(q->nonempty);
}

struct rq_node *runq_best(const struct runq *q)
{
	int prio = runq_best_prio(q);

	return prio < 0 ? NULL : q->head[prio];
}
