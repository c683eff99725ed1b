/* nanosleep, clock_nanosleep, sleep and usleep: a blocking wait on the timer port. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libpier.h>
#include "rt_port.h"

/*
 * A handler cannot wait for a packet on its own port, and the timer port
 * only sends packets. So the runtime keeps a private port of its own, the
 * sleeper, made on the first sleep and never granted to anyone. A sleep
 * is a call to it with the tick to wake at; its handler holds the call
 * (pier_hold) and sets a one-shot timer at that tick, to itself, with
 * the call's token as the cookie. When the timer packet comes, the
 * handler answers the held call and the sleeping caller's call returns.
 * Only the calling activation waits: the space's other ports go on.
 *
 * The sleeper runs at the space's highest priority, so a busy port of
 * the space does not delay a wakeup. It holds at most SLEEPERS calls;
 * each takes one of the space's PIER_TIMERS_PER_SPACE timers while it
 * waits; past either limit a sleep fails with EAGAIN. It does not count
 * among pier_ports_live, so it never keeps a program from exiting.
 * Sleeps are never interrupted (there are no signals), so rem is 0.
 */
#define SLEEP_UNTIL 1u      /* data: uint64_t, the tick to wake at */
#define SLEEPERS 16u


static uint32_t sleeper;    /* the port's handle, 0 until made (rt_port.h) */

static int sleeper_fn(const struct pier_packet *pkt)
{
	uint64_t when;
	int token, rc;

	if (pkt->type == PIER_MSG_TIMER && pkt->badge == 0 &&
	    pkt->size >= sizeof(struct pier_timer_fired)) {
		struct pier_timer_fired t;

		memcpy(&t, pkt->data, sizeof(t));
		pier_reply_token((uint32_t)t.cookie, PIER_OK, 0, NULL, 0);
		return PIER_OK;
	}
	if (pkt->type != SLEEP_UNTIL || pkt->size != sizeof(when))
		return PIER_E_TYPE;
	memcpy(&when, pkt->data, sizeof(when));
	if ((token = pier_hold()) <= 0)
		return token ? token : PIER_E_STATE;
	rc = pier_timer_set(sleeper, 0, when, 0, (uint64_t)token, NULL);
	if (rc != PIER_OK)
		pier_reply_token((uint32_t)token, rc, 0, NULL, 0);
	return PIER_OK;
}

/* Wait until the timer port's tick `when`. */
static int sleep_until(uint64_t when)
{
	uint32_t port;
	int rc = rt_port_get(&sleeper, (uintptr_t)sleeper_fn, SLEEPERS, &port);

	if (rc == PIER_OK)
		rc = pier_call(port, SLEEP_UNTIL, &when, sizeof(when), NULL, 0, NULL);
	if (rc == PIER_OK)
		return 0;
	errno = (rc == PIER_E_LIMIT || rc == PIER_E_FULL) ? EAGAIN : EIO;
	return -1;
}

static int valid(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000;
}

/* now + t in ticks, rounded up (never early), saturating far in the future. */
static uint64_t deadline(const struct pier_time *now, const struct timespec *t)
{
	uint64_t hz = now->hz, far = now->ticks + (1ull << 62);
	uint64_t sec = (uint64_t)t->tv_sec;
	uint64_t part = ((uint64_t)t->tv_nsec * hz + 999999999u) / 1000000000u;

	if (hz && sec > ((1ull << 62) - part) / hz)
		return far;
	return now->ticks + sec * hz + part;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct pier_time now;

	if (!req) {
		errno = EFAULT;
		return -1;
	}
	if (!valid(req)) {
		errno = EINVAL;
		return -1;
	}
	if (pier_time_now(&now) != PIER_OK) {
		errno = EIO;
		return -1;
	}
	if (sleep_until(deadline(&now, req)) != 0)
		return -1;
	if (rem)
		rem->tv_sec = 0, rem->tv_nsec = 0;
	return 0;
}

/* Returns an error number, as POSIX has it, not -1. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	struct timespec now, left;

	if (!req)
		return EFAULT;
	if (!valid(req))
		return EINVAL;
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME)
		return id == CLOCK_PROCESS_CPUTIME_ID ? ENOTSUP : EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return nanosleep(req, rem) ? errno : 0;
	/* Absolute: the time left on that clock, slept on the monotonic one. */
	if (clock_gettime(id, &now) != 0)
		return errno;
	if (req->tv_sec < now.tv_sec ||
	    (req->tv_sec == now.tv_sec && req->tv_nsec <= now.tv_nsec))
		return 0;
	left.tv_sec = req->tv_sec - now.tv_sec;
	left.tv_nsec = req->tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0)
		left.tv_sec--, left.tv_nsec += 1000000000;
	return nanosleep(&left, NULL) ? errno : 0;
}

unsigned sleep(unsigned seconds)
{
	struct timespec t = { .tv_sec = seconds };

	return nanosleep(&t, NULL) ? seconds : 0;
}

int usleep(useconds_t us)
{
	struct timespec t = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };

	return nanosleep(&t, NULL);
}
