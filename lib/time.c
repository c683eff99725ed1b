/* Time: gettimeofday and clock_gettime over the "rtc0" service, the timer port and the CPU time the kernel counts. */
#define _DEFAULT_SOURCE   /* CLOCK_MONOTONIC, gettimeofday: POSIX, beyond C11 */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <pier/rtc.h>
#include <libpier.h>

/*
 * picolibc's time() calls gettimeofday() and returns (time_t)-1 when it
 * fails, leaving our errno; it has no gettimeofday or clock_gettime of
 * its own, so these are the only definitions and nothing clashes.
 *
 * The RTC is read once, through a handle looked up once; later calls add
 * the timer port's monotonic nanoseconds since that read, so a call costs
 * one kernel request, not a driver round trip. The two clocks come from
 * different oscillators and drift apart (tens of parts per million), so
 * the RTC is read again when RESYNC_NS have passed: the error stays below
 * a few milliseconds. A resync may step the wall clock either way, as
 * CLOCK_REALTIME may; CLOCK_MONOTONIC never steps.
 *
 * Errors: ENODEV when there is no "rtc0" service (or the lookup is not
 * allowed: EPERM), EIO when the RTC or the timer port fails; EINVAL for
 * an unknown clock; EFAULT for a NULL result.
 */
#define RESYNC_NS (60ull * 1000000000ull)

static uint32_t rtc;             /* a send handle to "rtc0", or 0 */
static int synced;
static uint64_t base_rtc_ns;     /* the RTC at the last read */
static uint64_t base_mono_ns;    /* the timer port's ns at that read */

static int errno_of(int rc)
{
	switch (rc) {
	case PIER_E_NOENT: return ENODEV;
	case PIER_E_RIGHTS: return EPERM;
	default: return EIO;
	}
}

static int mono_ns(uint64_t *ns)
{
	struct pier_time t;
	int rc = pier_time_now(&t);

	if (rc != PIER_OK)
		return rc;
	*ns = t.ns;
	return PIER_OK;
}

static int rtc_sync(void)
{
	struct pier_rtc_time t;
	uint64_t before, after;
	int rc = PIER_OK;

	if (!rtc)
		rc = pier_lookup("rtc0", &rtc);
	if (rc != PIER_OK) {
		rtc = 0;      /* the service may come later: look again next time */
		return rc;
	}
	if ((rc = mono_ns(&before)) != PIER_OK)
		return rc;
	rc = pier_call_exact(rtc, PIER_RTC_READ, 0, 0, &t, sizeof(t));
	if (rc == PIER_E_RESTARTED)   /* its driver started again: once more */
		rc = pier_call_exact(rtc, PIER_RTC_READ, 0, 0, &t, sizeof(t));
	if (rc == PIER_OK)
		rc = mono_ns(&after);
	if (rc != PIER_OK)
		return rc;
	/* The RTC was read somewhere in [before, after]: take the middle. */
	base_rtc_ns = t.ns;
	base_mono_ns = before + (after - before) / 2;
	synced = 1;
	return PIER_OK;
}

/* Nanoseconds since 1970-01-01 00:00:00 UTC. */
static int realtime_ns(uint64_t *ns)
{
	uint64_t now;
	int rc = synced ? mono_ns(&now) : PIER_OK;

	if (rc == PIER_OK && (!synced || now - base_mono_ns >= RESYNC_NS)) {
		/* A failed resync keeps the last reading: better than no time. */
		rc = rtc_sync();
		if (rc == PIER_OK || synced)
			rc = mono_ns(&now);
	}
	if (rc != PIER_OK)
		return rc;
	*ns = base_rtc_ns + (now - base_mono_ns);
	return PIER_OK;
}

/* CPU time of this space (struct pier_self says what counts). */
static int cputime_ns(uint64_t *ns)
{
	struct pier_self me;
	int rc = pier_self(&me);

	if (rc == PIER_OK)
		*ns = me.cpu_ns;
	return rc;
}

int clock_gettime(clockid_t id, struct timespec *tp)
{
	uint64_t ns;
	int rc;

	if (!tp) {
		errno = EFAULT;
		return -1;
	}
	if (id == CLOCK_REALTIME)
		rc = realtime_ns(&ns);
	else if (id == CLOCK_MONOTONIC)
		rc = mono_ns(&ns);
	else if (id == CLOCK_PROCESS_CPUTIME_ID)
		rc = cputime_ns(&ns);
	else {
		errno = EINVAL;
		return -1;
	}
	if (rc != PIER_OK) {
		errno = errno_of(rc);
		return -1;
	}
	tp->tv_sec = (time_t)(ns / 1000000000u);
	tp->tv_nsec = (long)(ns % 1000000000u);
	return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	struct timespec ts;

	(void)tz;      /* obsolete: always UTC here */
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return -1;
	if (tv) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
	}
	return 0;
}
