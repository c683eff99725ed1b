/* The run queue: a bitmap of non-empty priority levels and a doubly linked FIFO per level. */
#include <stddef.h>
#include "runq.h"

__attribute__((cold)) void runq_remove(struct runq *q, struct rq_node *n)
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

/* The highest set bit of each byte value: without Zbb, __builtin_clz is a
 * libgcc loop of some forty instructions; this is a dozen. */
static const int8_t top_bit[256] = {
	-1, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
	[16 ... 31] = 4, [32 ... 63] = 5, [64 ... 127] = 6, [128 ... 255] = 7,
};

int runq_best_prio(const struct runq *q)
{
	uint32_t x = q->nonempty;
	int base = 0;

	if (x >> 16) {
		x >>= 16;
		base = 16;
	}
	if (x >> 8) {
		x >>= 8;
		base += 8;
	}
	return base + top_bit[x];
}

struct rq_node *runq_pop_best(struct runq *q)
{
	int prio = runq_best_prio(q);
	struct rq_node *n;

	if (prio < 0)
		return NULL;
	n = q->head[prio];      /* the head: no prev to unlink */
	q->head[prio] = n->next;
	if (n->next) {
		n->next->prev = NULL;
		n->next = NULL;
	} else {
		q->tail[prio] = NULL;
		q->nonempty &= ~(1u << prio);
	}
	n->queued = false;
	return n;
}

struct rq_node *runq_best(const struct runq *q)
{
	int prio = runq_best_prio(q);

	return prio < 0 ? NULL : q->head[prio];
}
