/* pier_mutex: a lock for the ports of one space that sleeps instead of spinning. */

/*
 * Ports of a space preempt each other by priority on one hart, so a spin
 * lock cannot work: a higher-priority port spinning on it never lets the
 * lower-priority holder run. This lock waits in the kernel instead.
 *
 * Uncontended, lock and unlock are one atomic instruction each and no
 * kernel call (mutex_core.h). A port that finds the lock held calls the
 * runtime's lock port, a private port of the space made at the first
 * contention (never granted, not counted in pier_ports_live, so it never
 * keeps a program alive), at the space's highest priority so no busy
 * port of the space delays it. Its handler holds the call (a token,
 * pier/frame.h) and lists it (lib/mutex_wait.c); the holder's unlock,
 * finding waiters, calls the port, whose handler takes the lock for the
 * oldest waiter and answers its held call: it returns owning the lock.
 * The waiter's own port sleeps in its call meanwhile; the rest of the
 * space runs on.
 *
 * Limits, each a clear status from pier_mutex_lock, never a hang:
 *  - PIER_HELD_MAX (64) waiters at once, for all mutexes of the program
 *    (PIER_E_LIMIT for the next);
 *  - the lock port's queue, PIER_DEPTH_MAX calls that arrive while its
 *    handler cannot run (only ports at the space's highest priority can
 *    keep it from running; PIER_E_FULL). An unlock whose wake is refused
 *    so has freed the lock but woken nobody: the waiters wait for the
 *    next unlock, and the unlock says so;
 *  - making the lock port costs a stack page and its queue (five pages
 *    of kernel memory), charged to the space: PIER_E_QUOTA if over.
 *
 * Not robust: a port destroyed while it holds a lock leaves it held (its
 * waiters wait until the program ends), as a thread killed holding a
 * POSIX mutex would. A port destroyed while it waits is simply dropped
 * from the wait (mutex_core.h). Not recursive: a port that locks a lock
 * it holds waits for itself for ever. Only the holder may unlock.
 */
#include <string.h>
#include <libpier.h>
#include "mutex_core.h"
#include "rt_port.h"

_Static_assert(MUTEX_WAITS_MAX == PIER_HELD_MAX, "one entry per held call");

/* The lock port's requests; data: the mutex's address. */
#define MUTEX_LOCK 1u   /* wait for it; answered once the caller holds it */
#define MUTEX_WAKE 2u   /* from its holder: pass it to the oldest waiter */


static uint32_t lock_port;         /* its handle, 0 until made; set once */
static struct mutex_waits waits;   /* the lock port's handler's alone */

static int hold(void *ctx)
{
	(void)ctx;
	return pier_hold();
}

static int answer(void *ctx, uint32_t token)
{
	(void)ctx;
	return pier_reply_token(token, PIER_OK, 0, NULL, 0);
}

static const struct mutex_ops ops = { hold, answer, NULL };

/*
 * The port is private: every packet comes from this space's runtime, so
 * the address it names is a mutex of ours (a bad one faults this space,
 * whose bug it is, and nobody else).
 */
static int lock_port_fn(const struct pier_packet *pkt)
{
	struct pier_mutex *m;
	int rc;

	if (pkt->size != sizeof(m) || !(pkt->flags & PIER_PKT_CALL))
		return PIER_E_TYPE;
	memcpy(&m, pkt->data, sizeof(m));
	if (pkt->type == MUTEX_LOCK) {
		rc = mutex_wait_lock(&waits, &m->state, m, &ops);
		return rc == MUTEX_QUEUED ? PIER_OK : rc;   /* held: this return answers nobody */
	}
	if (pkt->type == MUTEX_WAKE) {
		rc = mutex_wait_wake(&waits, &m->state, m, &ops);
		return rc < 0 ? rc : PIER_OK;
	}
	return PIER_E_TYPE;
}

/*
 * The lock port ends its activations here rather than through the
 * runtime's return (lib/crt0.c), which flushes stdout: stdout has a lock
 * too, and this port must never wait for a lock, since the wait would be
 * a call to itself.
 */
static _Noreturn int lock_port_entry(const struct pier_packet *pkt)
{
	struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_RETURN,
		.status = lock_port_fn(pkt),
	};

	pier_ecall(&f);
	__builtin_trap();	/* only a malformed frame comes back */
}

/* The lock port, made on first use (rt_port.h: a race to make it waits for nobody). */
static int lock_port_get(uint32_t *port)
{
	return rt_port_get(&lock_port, (uintptr_t)lock_port_entry, PIER_DEPTH_MAX, port);
}

int mutex_lock_slow(struct pier_mutex *m)
{
	uint32_t port;
	int rc = lock_port_get(&port);

	__atomic_fetch_add(&m->waits, 1, __ATOMIC_RELAXED);
	if (rc == PIER_OK)
		rc = pier_call(port, MUTEX_LOCK, &m, sizeof(m), NULL, 0, NULL);
	return rc;
}

/* The fast unlock found more than HELD in the word (was). */
int mutex_unlock_slow(struct pier_mutex *m, uint32_t was)
{
	uint32_t port = __atomic_load_n(&lock_port, __ATOMIC_ACQUIRE);

	if (!(was & MUTEX_HELD))
		return PIER_E_STATE;    /* it was not held: the fetch_and changed nothing */
	/* WAITERS: only the lock port sets it, so the port exists. The lock
	 * is free already; the wake hands it to the oldest waiter. */
	if (!port)
		return PIER_E_STATE;
	return pier_call(port, MUTEX_WAKE, &m, sizeof(m), NULL, 0, NULL);
}

/*
 * For runtime code that has no way to fail (free, stdio, picolibc's lock
 * hooks): a lock that cannot wait ends the program, which says why on
 * the debug port, since printing through stdio might need a lock too.
 */
static _Noreturn void give_up(const char *who, const char *what, int rc)
{
	struct pier_exit_req req = { .code = rc };
	char line[160];
	size_t n = 0;
	const char *parts[] = { who, ": cannot ", what, " a lock: ", pier_strerror(rc), "\n" };

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (const char *p = parts[i]; *p && n < sizeof(line); p++)
			line[n++] = *p;
	pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, line, (uint32_t)n);
	/* Not pier_exit, whose flush of stdout may need the lock that failed. */
	pier_call(PIER_H_TASK, PIER_TASK_EXIT, &req, sizeof(req), NULL, 0, NULL);
	__builtin_trap();
}

void mutex_lock_or_exit(struct pier_mutex *m, const char *who)
{
	int rc = pier_mutex_lock(m);

	if (rc != PIER_OK)
		give_up(who, "wait for", rc);
}

void mutex_unlock_or_exit(struct pier_mutex *m, const char *who)
{
	int rc = pier_mutex_unlock(m);

	if (rc != PIER_OK)
		give_up(who, "hand on", rc);
}

void mutex_wake_or_exit(struct pier_mutex *m, const char *who)
{
	int rc = mutex_unlock_slow(m, MUTEX_HELD | MUTEX_WAITERS);

	if (rc != PIER_OK)
		give_up(who, "hand on", rc);
}

int pier_mutex_lock(struct pier_mutex *m)
{
	return mutex_fast_lock(&m->state) ? PIER_OK : mutex_lock_slow(m);
}

int pier_mutex_trylock(struct pier_mutex *m)
{
	return mutex_fast_lock(&m->state) ? PIER_OK : PIER_E_STATE;
}

int pier_mutex_unlock(struct pier_mutex *m)
{
	uint32_t was = mutex_fast_unlock(&m->state);

	return was == MUTEX_HELD ? PIER_OK : mutex_unlock_slow(m, was);
}
