/* The rest of <time.h>'s POSIX clocks and timers: resolution, and what Pier has no way to do. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <libpier.h>

/*
 * The three clocks (lib/time.c) all count the timer port's ticks, so
 * their resolution is one tick. Setting a clock, per-process timers
 * (timer_create: they would deliver signals, which Pier does not have)
 * and another process's CPU clock answer ENOSYS: declared by picolibc
 * with _POSIX_TIMERS and _POSIX_CPUTIME, so they must link, and fail.
 * For a timer, use the timer port (pier_timer_set) on a port of yours.
 */
int clock_getres(clockid_t id, struct timespec *res)
{
	struct pier_time now;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_PROCESS_CPUTIME_ID) {
		errno = EINVAL;
		return -1;
	}
	if (pier_time_now(&now) != PIER_OK || !now.hz) {
		errno = EIO;
		return -1;
	}
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = (long)((1000000000u + now.hz - 1) / now.hz);
	}
	return 0;
}

int clock_settime(clockid_t id, const struct timespec *tp)
{
	(void)id, (void)tp;
	errno = ENOSYS;
	return -1;
}

/* This process's CPU clock is CLOCK_PROCESS_CPUTIME_ID; no other's can be read. */
int clock_getcpuclockid(pid_t pid, clockid_t *id)
{
	if (pid != 0 && pid != getpid())
		return ENOSYS;
	*id = CLOCK_PROCESS_CPUTIME_ID;
	return 0;
}

int clock_setenable_attr(clockid_t id, int attr)
{
	(void)id, (void)attr;
	errno = ENOSYS;
	return -1;
}

int clock_getenable_attr(clockid_t id, int *attr)
{
	(void)id, (void)attr;
	errno = ENOSYS;
	return -1;
}

int timer_create(clockid_t id, struct sigevent *restrict ev, timer_t *restrict t)
{
	(void)id, (void)ev, (void)t;
	errno = ENOSYS;
	return -1;
}

int timer_delete(timer_t t)
{
	(void)t;
	errno = ENOSYS;
	return -1;
}

int timer_settime(timer_t t, int flags, const struct itimerspec *restrict value,
		  struct itimerspec *restrict old)
{
	(void)t, (void)flags, (void)value, (void)old;
	errno = ENOSYS;
	return -1;
}

int timer_gettime(timer_t t, struct itimerspec *value)
{
	(void)t, (void)value;
	errno = ENOSYS;
	return -1;
}

int timer_getoverrun(timer_t t)
{
	(void)t;
	errno = ENOSYS;
	return -1;
}
