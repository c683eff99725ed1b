/* The sleeping lock's state machine, apart from the kernel calls: shared by lib/mutex.c and its host test. */
#ifndef MUTEX_CORE_H
#define MUTEX_CORE_H

#include <stdint.h>

/*
 * The state word of a struct pier_mutex (lib/libpier.h), two bits:
 *
 *   MUTEX_HELD      a port holds the lock
 *   MUTEX_WAITERS   the lock port may list waiters for it: whoever
 *                   clears HELD while this is set must call for a wake
 *
 * Each side changes the word with one atomic read-modify-write, never a
 * compare-and-swap loop:
 *  - fast lock, anyone: fetch_or(HELD); taken if HELD was clear. When it
 *    was set this changes nothing.
 *  - fast unlock, the holder: fetch_and(~HELD); done if the word was
 *    exactly HELD. If WAITERS was set, the unlocker calls the lock port
 *    (a wake); if HELD was clear, the caller did not hold it.
 *  - the lock port's handler, whose activations run one at a time, so
 *    its wait list (below) is its alone: a waiter's LOCK sets WAITERS
 *    (fetch_or), a wake takes the lock for the oldest waiter
 *    (fetch_or(HELD), as a fast lock does) and answers it, and only the
 *    handler ever clears WAITERS, once nobody is listed for the lock.
 *
 * Invariant: while WAITERS is set without HELD, a wake is on its way
 * (whoever cleared HELD calls one). A port may take the lock in that
 * window with a fast lock, ahead of the listed waiters; the wake then
 * finds it held and leaves it, and that port's own unlock wakes again.
 * The window is short: the unlocker calls the lock port at once, and
 * the port runs at the space's highest priority. This costs strict FIFO
 * order in a rare race and buys an unlock of one atomic instruction with
 * no retry (direct handoff, the lock staying held while it passes, would
 * need a compare-and-swap loop in every unlock). Waiters are answered
 * oldest first.
 *
 * Memory: the fast paths acquire and release; the handler's answer is a
 * kernel call the woken port returns from, on the same hart.
 */
#define MUTEX_HELD 1u
#define MUTEX_WAITERS 2u

/* Lock without waiting: 1 if taken. */
static inline int mutex_fast_lock(uint32_t *state)
{
	return !(__atomic_fetch_or(state, MUTEX_HELD, __ATOMIC_ACQUIRE) & MUTEX_HELD);
}

/* Unlock: the word before. Anything but MUTEX_HELD goes to mutex_unlock_slow. */
static inline uint32_t mutex_fast_unlock(uint32_t *state)
{
	return __atomic_fetch_and(state, ~MUTEX_HELD, __ATOMIC_RELEASE);
}

/*
 * The lock port's list of waiters, oldest first, for every mutex of the
 * program. It lives in the runtime's static memory, not on the waiters'
 * stacks: a waiter's port may be destroyed while it waits (the kernel
 * then takes its call off the lock port's held calls, so its token names
 * nothing), and its stack goes with it; an entry here is two words that
 * never point into a waiter. A dead waiter's entry stays until a wake of
 * its mutex reaches it: answering its token fails (PIER_E_STATE), and
 * the wake goes on to the next waiter.
 *
 * One entry per held call, so at most PIER_HELD_MAX: the kernel holds no
 * more calls for one port. Entries of dead waiters count until a wake
 * drains them, so the list can be full while the kernel holds fewer.
 *
 * A token of a dead waiter could name another call only once the
 * kernel's token counter has wrapped (2^31 holds, pier/frame.h) while
 * the entry waits: the same assumption every user of held calls makes.
 */
#define MUTEX_WAITS_MAX 64u   /* PIER_HELD_MAX; lib/mutex.c checks they agree */

struct mutex_waiter {
	const void *mutex;   /* which lock, by address (never dereferenced here) */
	uint32_t token;      /* the held call to answer */
};

struct mutex_waits {
	struct mutex_waiter w[MUTEX_WAITS_MAX];   /* oldest first */
	unsigned n;
};

/*
 * The kernel calls the handler makes, behind a table so the host test can
 * play them: hold the call being handled (a token > 0, or a negative
 * status), and answer a held call (PIER_OK, or why not: PIER_E_STATE
 * once its caller is gone).
 */
struct mutex_ops {
	int (*hold)(void *ctx);
	int (*answer)(void *ctx, uint32_t token);
	void *ctx;
};

/*
 * A LOCK call for the mutex whose state word is state (at address
 * mutex): PIER_OK if the caller has the lock now (answer at once),
 * MUTEX_QUEUED if its call is held and listed (answered by a later
 * wake), or a negative status (answer it; the lock was left as it was).
 */
#define MUTEX_QUEUED 1
int mutex_wait_lock(struct mutex_waits *q, uint32_t *state, const void *mutex,
		    const struct mutex_ops *ops);

/*
 * A WAKE call from a port that released mutex and saw WAITERS: if the
 * lock is still free, it is taken for the oldest live waiter, who is
 * answered. Returns how many dead waiters' entries it dropped.
 */
int mutex_wait_wake(struct mutex_waits *q, uint32_t *state, const void *mutex,
		    const struct mutex_ops *ops);

/* lib/mutex.c: the halves of pier_mutex_lock and _unlock that call the lock port. */
struct pier_mutex;
int mutex_lock_slow(struct pier_mutex *m);
int mutex_unlock_slow(struct pier_mutex *m, uint32_t was);
/* The same for runtime code that cannot fail: the program ends, saying
 * who could not wait (or wake) on the debug port. mutex_wake_or_exit is
 * the slow half of an unlock whose fast half found WAITERS. */
void mutex_lock_or_exit(struct pier_mutex *m, const char *who);
void mutex_unlock_or_exit(struct pier_mutex *m, const char *who);
void mutex_wake_or_exit(struct pier_mutex *m, const char *who);

#endif
