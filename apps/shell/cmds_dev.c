/* shell commands over device services: random (from "rng0") and date (from "rtc0"). */
#define _DEFAULT_SOURCE   /* getentropy: beyond C11 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "shell.h"

/* random N: N bytes from getentropy() (lib/entropy.c), in hex. */
void cmd_random(int argc, char **argv, const char *rest)
{
	unsigned char buf[256];
	char *end;
	unsigned long n = argc == 2 ? strtoul(argv[1], &end, 10) : 0;

	(void)rest;
	if (argc != 2 || *end || n == 0 || n > sizeof(buf)) {
		printf("usage: random <1..256>\n");
		return;
	}
	if (getentropy(buf, n) != 0) {
		printf("random: %s\n", strerror(errno));
		return;
	}
	for (unsigned long i = 0; i < n; i++)
		printf("%02x", buf[i]);
	printf("\n");
}

/* date: the wall-clock time in UTC (lib/time.c). */
void cmd_date(int argc, char **argv, const char *rest)
{
	struct timespec ts;
	struct tm tm;

	(void)argc, (void)argv, (void)rest;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		printf("date: %s\n", strerror(errno));
		return;
	}
	if (!gmtime_r(&ts.tv_sec, &tm)) {
		printf("date: time out of range\n");
		return;
	}
	printf("%04d-%02d-%02d %02d:%02d:%02d UTC\n", tm.tm_year + 1900,
	       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
