/* Host tests of dispatch order: the priority run queue and the bounded packet queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/packet.h>
#include "runq.h"
#include "pqueue.h"

static void test_runq_empty(void **state)
{
	struct runq q = { 0 };

	(void)state;
	assert_null(runq_best(&q));
	assert_int_equal(runq_best_prio(&q), -1);
}

/* The highest level wins; within a level, first in is first out. */
static void test_runq_order(void **state)
{
	struct runq q = { 0 };
	struct rq_node n[6] = { 0 };
	unsigned prio[6] = { 3, 8, 8, 31, 0, 8 };
	int want[6] = { 3, 1, 2, 5, 0, 4 };

	(void)state;
	for (int i = 0; i < 6; i++)
		runq_push_back(&q, &n[i], prio[i]);
	for (int i = 0; i < 6; i++) {
		struct rq_node *b = runq_best(&q);
		assert_ptr_equal(b, &n[want[i]]);
		runq_remove(&q, b);
	}
	assert_null(runq_best(&q));
	assert_int_equal(q.nonempty, 0);
}

/* A preempted activation goes back in front of its peers. */
static void test_runq_front(void **state)
{
	struct runq q = { 0 };
	struct rq_node a = { 0 }, b = { 0 }, c = { 0 };

	(void)state;
	runq_push_back(&q, &a, 5);
	runq_push_back(&q, &b, 5);
	runq_push_front(&q, &c, 5);
	assert_ptr_equal(runq_best(&q), &c);
	runq_remove(&q, &b);   /* from the middle... */
	runq_remove(&q, &b);   /* ...and again: harmless */
	runq_remove(&q, &c);
	assert_ptr_equal(runq_best(&q), &a);
	runq_remove(&q, &a);
	assert_int_equal(runq_best_prio(&q), -1);
	assert_false(a.queued);
}

/* Every level works, and the bitmap follows the lists. */
static void test_runq_all_levels(void **state)
{
	struct runq q = { 0 };
	struct rq_node n[RUNQ_LEVELS] = { 0 };

	(void)state;
	for (unsigned i = 0; i < RUNQ_LEVELS; i++)
		runq_push_back(&q, &n[i], i);
	assert_int_equal(q.nonempty, 0xffffffffu);
	for (int i = RUNQ_LEVELS - 1; i >= 0; i--) {
		assert_int_equal(runq_best_prio(&q), i);
		runq_remove(&q, runq_best(&q));
	}
	assert_int_equal(q.nonempty, 0);
}

/* Popping the best gives the same order as best-then-remove, and leaves
 * the queue as removing would: links cleared, the level's bit gone. */
static void test_runq_pop_best(void **state)
{
	struct runq q = { 0 };
	struct rq_node n[6] = { 0 };
	unsigned prio[6] = { 3, 8, 8, 31, 0, 8 };
	int want[6] = { 3, 1, 2, 5, 0, 4 };

	(void)state;
	assert_null(runq_pop_best(&q));
	for (int i = 0; i < 6; i++)
		runq_push_back(&q, &n[i], prio[i]);
	for (int i = 0; i < 6; i++) {
		struct rq_node *b = runq_pop_best(&q);

		assert_ptr_equal(b, &n[want[i]]);
		assert_false(b->queued);
		assert_null(b->next);
		assert_null(b->prev);
		/* Level 8 holds n1, n2, n5: its bit goes with the last. */
		assert_int_equal(!!(q.nonempty & (1u << 8)), i < 3);
	}
	assert_null(runq_pop_best(&q));
	assert_int_equal(q.nonempty, 0);
	for (int i = 0; i < RUNQ_LEVELS; i++) {
		assert_null(q.head[i]);
		assert_null(q.tail[i]);
	}
	/* Popped nodes go back in like new ones. */
	runq_push_back(&q, &n[0], 4);
	runq_push_back(&q, &n[1], 4);
	assert_ptr_equal(runq_pop_best(&q), &n[0]);
	assert_ptr_equal(runq_pop_best(&q), &n[1]);
	assert_int_equal(q.nonempty, 0);
}

/* A call's packet from caller (NULL: the kernel's, no call). */
static void fill(struct pq_slot *s, uint32_t type, void *caller)
{
	s->type = type;
	s->caller = caller;
	s->flags = caller ? PIER_PKT_CALL : 0;
}

/* Full is a status (NULL), never an overwrite; order survives wrap-around. */
static void test_pqueue_bounded(void **state)
{
	struct pq_slot slots[3];
	struct pqueue q = { .slots = slots, .depth = 3 };

	(void)state;
	assert_null(pq_front(&q));
	for (uint32_t round = 0; round < 5; round++) {
		for (uint32_t i = 0; i < 3; i++) {
			struct pq_slot *s = pq_push(&q);
			assert_non_null(s);
			fill(s, round * 10 + i, NULL);
		}
		assert_true(pq_full(&q));
		assert_null(pq_push(&q));
		for (uint32_t i = 0; i < 3; i++) {
			assert_int_equal(pq_front(&q)->type, round * 10 + i);
			pq_pop(&q);
		}
		assert_null(pq_front(&q));
		pq_pop(&q);    /* popping empty changes nothing */
		assert_int_equal(q.count, 0);
	}
}

/* A dying caller's packets leave; the others keep their order. */
static void test_pqueue_remove_caller(void **state)
{
	struct pq_slot slots[4];
	struct pqueue q = { .slots = slots, .depth = 4 };
	int a, b;
	void *who[4] = { &a, &b, &a, NULL };

	(void)state;
	pq_push(&q); pq_pop(&q);          /* start off index 0 to cross the wrap */
	for (uint32_t i = 0; i < 4; i++)
		fill(pq_push(&q), i, who[i]);
	assert_int_equal(pq_remove_caller(&q, (void *)&a), 2);
	assert_int_equal(q.count, 2);
	assert_int_equal(pq_front(&q)->type, 1);
	pq_pop(&q);
	assert_int_equal(pq_front(&q)->type, 3);
	assert_int_equal(pq_remove_caller(&q, (void *)&a), 0);
}

/* A port's sends (the slot names it too) stay when its calls are withdrawn. */
static void test_pqueue_remove_keeps_sends(void **state)
{
	struct pq_slot slots[4];
	struct pqueue q = { .slots = slots, .depth = 4 };
	int a;

	(void)state;
	fill(pq_push(&q), 0, &a);
	fill(pq_push(&q), 1, &a);
	fill(pq_push(&q), 2, &a);
	q.slots[2].flags = 0;             /* a send from a */
	assert_int_equal(pq_remove_caller(&q, (void *)&a), 2);
	assert_int_equal(q.count, 1);
	assert_int_equal(pq_front(&q)->type, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runq_empty),
		cmocka_unit_test(test_runq_order),
		cmocka_unit_test(test_runq_front),
		cmocka_unit_test(test_runq_all_levels),
		cmocka_unit_test(test_runq_pop_best),
		cmocka_unit_test(test_pqueue_bounded),
		cmocka_unit_test(test_pqueue_remove_caller),
		cmocka_unit_test(test_pqueue_remove_keeps_sends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
