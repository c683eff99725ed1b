/* posix: time, its formatting, the clocks, CPU time and sleeping. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <libpier.h>
#include "posix.h"

#define MS 1000000ll

static long long ns_of(clockid_t id)
{
	struct timespec t;

	if (clock_gettime(id, &t) != 0)
		return -1;
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

/* malloc, localtime and strftime: the program links and they work. */
static void calendar(void)
{
	time_t year = 365 * 86400, now = time(NULL);
	struct timeval tv;
	char buf[64];
	char *p = malloc(1000);

	posix_check("malloc", p != NULL, 1);
	free(p);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", localtime(&year));
	posix_check("localtime and strftime", strcmp(buf, "1971-01-01 00:00:00"), 0);
	posix_check("time is after 2020", now > 1577836800, 1);
	posix_check("gettimeofday", gettimeofday(&tv, NULL), 0);
	posix_check("  agrees with time", tv.tv_sec - now <= 1 && tv.tv_sec >= now, 1);
	strftime(buf, sizeof(buf), "%Y-%m-%d", gmtime(&now));
	printf("posix: today is %s\n", buf);
}

/* Busy for about 30 ms: nearly all of it is this space's CPU time. */
static void cpu_time(void)
{
	long long c0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), m0 = ns_of(CLOCK_MONOTONIC);
	clock_t k0 = clock();
	long long c1, m1;
	clock_t k1;

	while (ns_of(CLOCK_MONOTONIC) - m0 < 30 * MS)
		;
	c1 = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	m1 = ns_of(CLOCK_MONOTONIC);
	k1 = clock();
	posix_check("CPU time counts", c0 >= 0 && c1 > c0, 1);
	posix_check("  most of a busy stretch", c1 - c0 >= (m1 - m0) / 2, 1);
	posix_check("  never more than the time passed", c1 - c0 <= m1 - m0 + MS, 1);
	posix_check("clock() too", (long long)(k1 - k0) * (1000000000ll / CLOCKS_PER_SEC)
		    >= (m1 - m0) / 2, 1);
	printf("posix: busy %lld us, CPU %lld us\n", (m1 - m0) / 1000, (c1 - c0) / 1000);
}

/* A sleep of want ns: never early, late by less than slack. */
static void slept(const char *what, long long m0, long long want, long long slack)
{
	long long took = ns_of(CLOCK_MONOTONIC) - m0;

	posix_check(what, took >= want, 1);
	posix_check("  not too late", took < want + slack, 1);
	if (took < want || took >= want + slack)
		printf("posix: %s took %lld ns for %lld\n", what, took, want);
}

static void sleeping(int bound)
{
	/* Under -icount only the runtime's own path makes a sleep late. */
	long long slack = bound ? 1 * MS : 2000 * MS;
	struct timespec t = { 0, 20 * MS }, rem = { 5, 5 }, abs;
	long long c0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), m0 = ns_of(CLOCK_MONOTONIC);

	long long took, cpu;

	posix_check("nanosleep 20 ms", nanosleep(&t, &rem), 0);
	took = ns_of(CLOCK_MONOTONIC) - m0;
	cpu = ns_of(CLOCK_PROCESS_CPUTIME_ID) - c0;
	/* Waiting is idle time, nobody's: only the runtime's path counts (a
	 * host that stops QEMU meanwhile adds to it without -icount). */
	posix_check("  costs little CPU", cpu < (bound ? MS / 2 : took / 2), 1);
	printf("posix: nanosleep 20 ms took %lld us, %lld us of CPU\n", took / 1000, cpu / 1000);
	slept("  at least 20 ms", m0, 20 * MS, slack);
	posix_check("  no time left", (long)(rem.tv_sec + rem.tv_nsec), 0);
	m0 = ns_of(CLOCK_MONOTONIC);
	posix_check("usleep 1500", usleep(1500), 0);
	slept("  at least 1.5 ms", m0, 1500000, slack);
	m0 = ns_of(CLOCK_MONOTONIC);
	posix_check("sleep 1", (long)sleep(1), 0);
	slept("  at least 1 s", m0, 1000 * MS, slack);
	clock_gettime(CLOCK_MONOTONIC, &abs);
	m0 = abs.tv_sec * 1000000000ll + abs.tv_nsec;
	abs.tv_nsec += 10 * MS;
	if (abs.tv_nsec >= 1000000000)
		abs.tv_sec++, abs.tv_nsec -= 1000000000;
	posix_check("clock_nanosleep to an absolute time",
		    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0);
	slept("  reached it", m0, 10 * MS, slack);
	posix_check("clock_nanosleep on the CPU clock",
		    clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &t, NULL), ENOTSUP);
	t.tv_nsec = 1000000000;
	errno = 0;
	posix_check("nanosleep of a bad time", nanosleep(&t, NULL), -1);
	posix_check("  EINVAL", errno, EINVAL);
	errno = 0;
	posix_check("nanosleep of nothing", nanosleep(NULL, NULL), -1);
	posix_check("  EFAULT", errno, EFAULT);
}

static void clocks(void)
{
	struct timespec res;
	timer_t tm;
	long long a = ns_of(CLOCK_MONOTONIC), b = ns_of(CLOCK_MONOTONIC);

	posix_check("CLOCK_MONOTONIC never goes back", a >= 0 && b >= a, 1);
	posix_check("CLOCK_REALTIME agrees with time", ns_of(CLOCK_REALTIME) / 1000000000ll
		    - time(NULL) <= 1, 1);
	posix_check("clock_getres", clock_getres(CLOCK_MONOTONIC, &res), 0);
	posix_check("  one tick", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000, 1);
	errno = 0;
	posix_check("an unknown clock", clock_gettime((clockid_t)77, &res), -1);
	posix_check("  EINVAL", errno, EINVAL);
	errno = 0;
	posix_check("clock_settime", clock_settime(CLOCK_REALTIME, &res), -1);
	posix_check("  ENOSYS", errno, ENOSYS);
	errno = 0;
	posix_check("timer_create", timer_create(CLOCK_MONOTONIC, NULL, &tm), -1);
	posix_check("  ENOSYS", errno, ENOSYS);
}

/* A port of ours sleeps 10 ms while main sleeps 30: both wait at once, and it runs meanwhile. */
static volatile long long other_woke;

static int other_sleeper(const struct pier_packet *pkt)
{
	struct timespec t = { 0, 10 * MS };

	(void)pkt;
	if (nanosleep(&t, NULL) == 0)
		other_woke = ns_of(CLOCK_MONOTONIC);
	return PIER_OK;
}

static void two_sleepers(void)
{
	struct timespec t = { 0, 30 * MS };
	uint32_t port;
	long long m0, m1;

	posix_check("a port above main", pier_port_create(other_sleeper, 20, 1, 0, &port), PIER_OK);
	m0 = ns_of(CLOCK_MONOTONIC);
	posix_check("  starts sleeping", pier_send(port, 1, NULL, 0), PIER_OK);
	posix_check("main sleeps meanwhile", nanosleep(&t, NULL), 0);
	m1 = ns_of(CLOCK_MONOTONIC);
	posix_check("  the port woke first", other_woke >= m0 + 10 * MS && other_woke < m1, 1);
	pier_port_destroy(port);
}

void posix_clocks(int bound)
{
	calendar();
	clocks();
	cpu_time();
	sleeping(bound);
	two_sleepers();
}
