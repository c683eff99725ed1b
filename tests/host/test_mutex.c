/* Host tests of the sleeping lock's state machine (lib/mutex_core.h, lib/mutex_wait.c). */

/*
 * Each test plays one interleaving as a sequence of steps: fast locks and
 * unlocks by "ports", and the lock port's handler taking a LOCK or WAKE
 * call. The kernel's hold and held reply are simulated: a hold hands out
 * the next token, an answer to a token whose port was destroyed fails as
 * the kernel's does (PIER_E_STATE), and every answer is recorded in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <pier/status.h>
#include "mutex_core.h"

#define TOKENS 200

static struct mutex_waits q;
static uint32_t next_token;
static int held[TOKENS];        /* 1: the kernel holds this call */
static uint32_t answered[TOKENS];
static unsigned n_answered;
static int hold_fails;          /* a status the next hold returns instead */

static int sim_hold(void *ctx)
{
	(void)ctx;
	if (hold_fails) {
		int rc = hold_fails;

		hold_fails = 0;
		return rc;
	}
	assert_true(next_token + 1 < TOKENS);
	held[++next_token] = 1;
	return (int)next_token;
}

static int sim_answer(void *ctx, uint32_t token)
{
	(void)ctx;
	assert_true(token < TOKENS);
	if (!held[token])
		return PIER_E_STATE;
	held[token] = 0;
	answered[n_answered++] = token;
	return PIER_OK;
}

static const struct mutex_ops ops = { sim_hold, sim_answer, NULL };

static int setup(void **st)
{
	(void)st;
	memset(&q, 0, sizeof(q));
	memset(held, 0, sizeof(held));
	memset(answered, 0, sizeof(answered));
	next_token = 0;
	n_answered = 0;
	hold_fails = 0;
	return 0;
}

/* A port's lock whose fast path failed: the handler's verdict. */
static int slow_lock(uint32_t *state)
{
	assert_false(mutex_fast_lock(state));
	return mutex_wait_lock(&q, state, state, &ops);
}

/* The holder's unlock: fast, and a wake if WAITERS was set. */
static uint32_t unlock(uint32_t *state)
{
	uint32_t was = mutex_fast_unlock(state);

	assert_true(was & MUTEX_HELD);
	if (was & MUTEX_WAITERS)
		mutex_wait_wake(&q, state, state, &ops);
	return was;
}

static void test_uncontended(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));
	assert_int_equal(s, MUTEX_HELD);
	assert_false(mutex_fast_lock(&s));      /* a second try changes nothing */
	assert_int_equal(s, MUTEX_HELD);
	assert_int_equal(mutex_fast_unlock(&s), MUTEX_HELD);
	assert_int_equal(s, 0);
	/* Unlocking a free lock: the word says so and stays free. */
	assert_int_equal(mutex_fast_unlock(&s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(n_answered, 0);
}

/* Three waiters get the lock in the order they came, each from the last. */
static void test_fifo_handoff(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));       /* A */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* B: token 1 */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* C: 2 */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* D: 3 */
	assert_int_equal(s, MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(q.n, 3);

	assert_int_equal(unlock(&s), MUTEX_HELD | MUTEX_WAITERS);   /* A -> B */
	assert_int_equal(n_answered, 1);
	assert_int_equal(answered[0], 1);
	assert_int_equal(s, MUTEX_HELD | MUTEX_WAITERS);
	unlock(&s);                             /* B -> C */
	unlock(&s);                             /* C -> D, the last */
	assert_int_equal(n_answered, 3);
	assert_int_equal(answered[1], 2);
	assert_int_equal(answered[2], 3);
	assert_int_equal(s, MUTEX_HELD);        /* D's unlock is fast again */
	assert_int_equal(unlock(&s), MUTEX_HELD);
	assert_int_equal(s, 0);
	assert_int_equal(q.n, 0);
}

/* The holder unlocks between a waiter's failed fast lock and its LOCK. */
static void test_freed_before_handler(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));       /* A */
	assert_false(mutex_fast_lock(&s));      /* B fails, calls the port... */
	assert_int_equal(unlock(&s), MUTEX_HELD);   /* ...A unlocks first: fast, no wake */
	assert_int_equal(mutex_wait_lock(&q, &s, &s, &ops), PIER_OK);  /* B has it at once */
	assert_int_equal(s, MUTEX_HELD);        /* no WAITERS left behind */
	assert_int_equal(next_token, 0);        /* nothing held */
	assert_int_equal(unlock(&s), MUTEX_HELD);
	assert_int_equal(s, 0);
}

/* A fast lock slips in between an unlock and its wake: it holds the lock,
 * the wake leaves it, and its own unlock wakes the waiter. */
static void test_barging(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));       /* A */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* B */
	assert_int_equal(mutex_fast_unlock(&s), MUTEX_HELD | MUTEX_WAITERS);  /* A, wake pending */
	assert_int_equal(s, MUTEX_WAITERS);
	assert_true(mutex_fast_lock(&s));       /* C takes it */
	assert_int_equal(mutex_wait_wake(&q, &s, &s, &ops), 0);   /* A's wake */
	assert_int_equal(n_answered, 0);        /* B still waits */
	assert_int_equal(s, MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(unlock(&s), MUTEX_HELD | MUTEX_WAITERS); /* C -> B */
	assert_int_equal(n_answered, 1);
	assert_int_equal(answered[0], 1);
	assert_int_equal(s, MUTEX_HELD);
}

/* A LOCK that finds the lock free while others are listed (a wake on its
 * way) takes it, keeps WAITERS, and the pending wake leaves it alone. */
static void test_lock_before_pending_wake(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));       /* A */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* B */
	assert_false(mutex_fast_lock(&s));      /* C fails while A holds */
	mutex_fast_unlock(&s);                  /* A: wake pending */
	assert_int_equal(mutex_wait_lock(&q, &s, &s, &ops), PIER_OK);  /* C's LOCK first */
	assert_int_equal(s, MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(mutex_wait_wake(&q, &s, &s, &ops), 0);
	assert_int_equal(n_answered, 0);
	unlock(&s);                             /* C -> B */
	assert_int_equal(n_answered, 1);
	assert_int_equal(s, MUTEX_HELD);
}

/* Waiters whose ports were destroyed are skipped; nothing of theirs is used. */
static void test_dead_waiters(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));       /* A */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* B: 1 */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* C: 2 */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* D: 3 */
	held[1] = held[2] = 0;                  /* B and C destroyed while waiting */
	assert_int_equal(mutex_fast_unlock(&s), MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(mutex_wait_wake(&q, &s, &s, &ops), 2);
	assert_int_equal(n_answered, 1);
	assert_int_equal(answered[0], 3);       /* D */
	assert_int_equal(s, MUTEX_HELD);
	assert_int_equal(q.n, 0);

	/* The only waiter dies: the wake frees the lock. */
	assert_int_equal(slow_lock(&s), MUTEX_QUEUED);   /* E: 4 */
	held[4] = 0;
	assert_int_equal(mutex_fast_unlock(&s), MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(mutex_wait_wake(&q, &s, &s, &ops), 1);
	assert_int_equal(s, 0);
	assert_true(mutex_fast_lock(&s));
}

/* More waiters than the list holds: the next is refused and nothing changes. */
static void test_limit(void **st)
{
	uint32_t s = 0, other = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));
	for (unsigned i = 0; i < MUTEX_WAITS_MAX; i++)
		assert_int_equal(slow_lock(&s), MUTEX_QUEUED);
	assert_int_equal(slow_lock(&s), PIER_E_LIMIT);
	assert_int_equal(next_token, MUTEX_WAITS_MAX);  /* no hold tried */
	/* Another lock's waiter is refused too (one list), and its word untouched. */
	assert_true(mutex_fast_lock(&other));
	assert_int_equal(mutex_wait_lock(&q, &other, &other, &ops), PIER_E_LIMIT);
	assert_int_equal(other, MUTEX_HELD);
	/* Each unlock hands on; all 64 get it in order, and the list empties. */
	for (unsigned i = 0; i < MUTEX_WAITS_MAX; i++)
		unlock(&s);
	assert_int_equal(n_answered, MUTEX_WAITS_MAX);
	for (unsigned i = 0; i < MUTEX_WAITS_MAX; i++)
		assert_int_equal(answered[i], i + 1);
	assert_int_equal(unlock(&s), MUTEX_HELD);
	assert_int_equal(s, 0);
	assert_int_equal(q.n, 0);
}

/* A hold the kernel refuses: the caller hears why; WAITERS stays with
 * nobody listed, and the holder's wake clears it. */
static void test_hold_refused(void **st)
{
	uint32_t s = 0;

	(void)st;
	assert_true(mutex_fast_lock(&s));
	hold_fails = PIER_E_LIMIT;
	assert_int_equal(slow_lock(&s), PIER_E_LIMIT);
	assert_int_equal(q.n, 0);
	assert_int_equal(s, MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(unlock(&s), MUTEX_HELD | MUTEX_WAITERS);
	assert_int_equal(s, 0);
	assert_int_equal(n_answered, 0);
	/* A stray wake with nobody listed changes only WAITERS. */
	assert_true(mutex_fast_lock(&s));
	assert_int_equal(mutex_wait_wake(&q, &s, &s, &ops), 0);
	assert_int_equal(s, MUTEX_HELD);
}

/* Two locks' waiters in one list: each wake answers only its own, in order. */
static void test_two_locks(void **st)
{
	uint32_t a = 0, b = 0;

	(void)st;
	assert_true(mutex_fast_lock(&a));
	assert_true(mutex_fast_lock(&b));
	assert_int_equal(slow_lock(&a), MUTEX_QUEUED);   /* 1 */
	assert_int_equal(slow_lock(&b), MUTEX_QUEUED);   /* 2 */
	assert_int_equal(slow_lock(&a), MUTEX_QUEUED);   /* 3 */
	assert_int_equal(slow_lock(&b), MUTEX_QUEUED);   /* 4 */
	unlock(&b);
	assert_int_equal(answered[0], 2);
	assert_int_equal(b, MUTEX_HELD | MUTEX_WAITERS);
	unlock(&a);
	assert_int_equal(answered[1], 1);
	unlock(&a);
	assert_int_equal(answered[2], 3);
	assert_int_equal(a, MUTEX_HELD);
	unlock(&b);
	assert_int_equal(answered[3], 4);
	assert_int_equal(b, MUTEX_HELD);
	assert_int_equal(q.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_uncontended, setup),
		cmocka_unit_test_setup(test_fifo_handoff, setup),
		cmocka_unit_test_setup(test_freed_before_handler, setup),
		cmocka_unit_test_setup(test_barging, setup),
		cmocka_unit_test_setup(test_lock_before_pending_wake, setup),
		cmocka_unit_test_setup(test_dead_waiters, setup),
		cmocka_unit_test_setup(test_limit, setup),
		cmocka_unit_test_setup(test_hold_refused, setup),
		cmocka_unit_test_setup(test_two_locks, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
