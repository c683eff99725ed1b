/* The lock port's wait list: who waits for which mutex, and who gets it next. */

/*
 * Only the lock port's handler runs this (lib/mutex.c), one activation at
 * a time, so the list needs no lock of its own. The rules for the state
 * word are in mutex_core.h; what each step relies on is said where it is
 * taken. Every loop here is bounded by the list, MUTEX_WAITS_MAX entries.
 */
#include <string.h>
#include <pier/status.h>
#include "mutex_core.h"

/* The first entry for mutex at or after index from; q->n if none. */
static unsigned find(const struct mutex_waits *q, const void *mutex, unsigned from)
{
	for (unsigned i = from; i < q->n; i++)     /* at most MUTEX_WAITS_MAX */
		if (q->w[i].mutex == mutex)
			return i;
	return q->n;
}

/* Take entry i out, keeping the others in arrival order. */
static void take(struct mutex_waits *q, unsigned i)
{
	memmove(&q->w[i], &q->w[i + 1], (q->n - i - 1) * sizeof(q->w[0]));
	q->n--;
}

int mutex_wait_lock(struct mutex_waits *q, uint32_t *state, const void *mutex,
		    const struct mutex_ops *ops)
{
	uint32_t was;
	int token;

	/* Refuse before touching the word, so a refusal changes nothing. */
	if (q->n >= MUTEX_WAITS_MAX)
		return PIER_E_LIMIT;
	/*
	 * One step, no retry: set WAITERS and HELD. If the lock was held,
	 * its holder's unlock now sees WAITERS and calls for a wake, which
	 * runs after this activation, once the caller is listed. If it was
	 * free (released since the caller's fast lock failed), the caller
	 * has it now.
	 */
	was = __atomic_fetch_or(state, MUTEX_HELD | MUTEX_WAITERS, __ATOMIC_ACQ_REL);
	if (!(was & MUTEX_HELD)) {
		/* Nobody else writes the word while HELD is ours (a fast lock
		 * changes nothing then): WAITERS stays only if others are
		 * listed, whose wake, on its way, will find the lock held. */
		if (find(q, mutex, 0) == q->n)
			__atomic_store_n(state, MUTEX_HELD, __ATOMIC_RELEASE);
		return PIER_OK;
	}
	/*
	 * If the call cannot be held (the kernel's limit, which the list
	 * mirrors, or a packet that was no call), the caller is told why
	 * and WAITERS stays set with perhaps nobody listed. That costs the
	 * holder's unlock a wake, which finds nobody and clears it.
	 */
	token = ops->hold(ops->ctx);
	if (token <= 0)
		return token ? token : PIER_E_STATE;
	q->w[q->n].mutex = mutex;
	q->w[q->n].token = (uint32_t)token;
	q->n++;
	return MUTEX_QUEUED;
}

int mutex_wait_wake(struct mutex_waits *q, uint32_t *state, const void *mutex,
		    const struct mutex_ops *ops)
{
	int dropped = 0;
	unsigned i;

	/* Nobody listed: WAITERS goes (atomically: HELD may change meanwhile). */
	if (find(q, mutex, 0) == q->n) {
		__atomic_fetch_and(state, ~MUTEX_WAITERS, __ATOMIC_RELAXED);
		return 0;
	}
	/* Taken since by a fast lock (or another wake came first): its
	 * holder sees WAITERS, set while anyone is listed, and wakes again. */
	if (__atomic_fetch_or(state, MUTEX_HELD, __ATOMIC_ACQUIRE) & MUTEX_HELD)
		return 0;
	/*
	 * Held now on a waiter's behalf, so nobody else writes the word:
	 * plain stores. Each round takes one entry out: at most
	 * MUTEX_WAITS_MAX rounds.
	 */
	while ((i = find(q, mutex, 0)) < q->n) {
		uint32_t token = q->w[i].token;

		take(q, i);
		/* Set for the new holder before it runs: WAITERS kept while
		 * others (live or dead) are listed, so its unlock wakes the next. */
		__atomic_store_n(state, find(q, mutex, i) < q->n ? MUTEX_HELD | MUTEX_WAITERS :
				 MUTEX_HELD, __ATOMIC_RELEASE);
		if (ops->answer(ops->ctx, token) == PIER_OK)
			return dropped;
		/* Its port was destroyed while it waited: the kernel took the
		 * call off our held list, and nothing of it is left to use. */
		dropped++;
	}
	/* Every listed waiter was gone: free, and nobody is listed. */
	__atomic_store_n(state, 0, __ATOMIC_RELEASE);
	return dropped;
}
