/* fuzz: every status must be a named one, and a failure says how to reproduce it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

#define FAILS_SHOWN 40

static uint32_t seen[PIER_STATUS_COUNT];   /* how often each named status came back */
static uint32_t unnamed;

uint64_t fz_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* PIER_STATUS_COUNT grows as the kernel names more: only it says what is named. */
int fz_named(int rc)
{
	return rc <= 0 && rc > -PIER_STATUS_COUNT;
}

/*
 * A helper child has no console of its own: its failures go to the
 * fuzzer's service port, which prints them.
 */
void fz_fail(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	fz.fails++;
	if (fz.child) {
		char msg[256];
		int m = snprintf(msg, sizeof(msg), "%s (child seed %llu frame %llu)", line,
				 (unsigned long long)fz.seed, (unsigned long long)fz.frame);

		pier_send(PIER_H_PARENT, CH_FAIL, msg, m > 0 && m < 256 ? (uint32_t)m : 0);
		return;
	}
	if (fz.fails <= FAILS_SHOWN)
		printf("fuzz: FAIL %s (seed %llu frame %llu)\n", line,
		       (unsigned long long)fz.seed, (unsigned long long)fz.frame);
	else if (fz.fails == FAILS_SHOWN + 1)
		printf("fuzz: FAIL more failures, not shown (seed %llu)\n",
		       (unsigned long long)fz.seed);
}

void fz_frame_print(const struct pier_frame *f, uint64_t fva)
{
	char line[220];

	snprintf(line, sizeof(line),
		 "frame at 0x%llx: frmsz %u flags 0x%x type %u dst %u pktsz %u pkt 0x%llx "
		 "grant %u rbuf 0x%llx rbufsz %u", (unsigned long long)fva, f->frmsz,
		 f->flags, (unsigned)f->type, (unsigned)f->dst, (unsigned)f->pktsz,
		 (unsigned long long)(uintptr_t)f->pkt, (unsigned)f->grant,
		 (unsigned long long)(uintptr_t)f->rbuf, (unsigned)f->rbufsz);
	if (fz.child)
		pier_send(PIER_H_PARENT, CH_NOTE, line, (uint32_t)strlen(line));
	else if (fz.fails <= FAILS_SHOWN)
		printf("fuzz:   %s\n", line);
}

/* Count a status; an unnamed one is a failure, shown with what produced it. */
int fz_check(int rc, const struct pier_frame *f, uint64_t fva, const char *what)
{
	if (fz_named(rc)) {
		seen[-rc]++;
		return rc;
	}
	unnamed++;
	fz_fail("%s: status %d is not a named status", what, rc);
	if (f)
		fz_frame_print(f, fva);
	return rc;
}

void fz_report(void)
{
	char line[256];
	int n = 0;

	for (int i = 0; i < PIER_STATUS_COUNT && n < (int)sizeof(line) - 16; i++)
		if (seen[i])
			n += snprintf(line + n, sizeof(line) - n, " %d:%lu", -i,
				      (unsigned long)seen[i]);
	line[n] = '\0';
	printf("fuzz: statuses seen:%s\n", line);
	if (unnamed)
		printf("fuzz: FAIL %lu statuses were not named ones (seed %llu)\n",
		       (unsigned long)unnamed, (unsigned long long)fz.seed);
	else
		printf("fuzz: PASS every status was a named one\n");
}

/*
 * trace=N: each frame main makes from step N on, before the kernel sees
 * it, straight to the kernel's console so that the last one shows even
 * if the kernel then stops.
 */
void fz_trace(const struct pier_frame *f, uint64_t fva)
{
	char line[240];
	int n;

	if (!fz.trace || fz.frame < fz.trace || fz.child)
		return;
	n = snprintf(line, sizeof(line),
		     "fuzz: trace %llu: at 0x%llx frmsz %u flags 0x%x type %u dst %u pktsz %u "
		     "pkt 0x%llx grant %u rbuf 0x%llx rbufsz %u\n", (unsigned long long)fz.frame,
		     (unsigned long long)fva, f->frmsz, f->flags, (unsigned)f->type,
		     (unsigned)f->dst, (unsigned)f->pktsz, (unsigned long long)(uintptr_t)f->pkt,
		     (unsigned)f->grant, (unsigned long long)(uintptr_t)f->rbuf,
		     (unsigned)f->rbufsz);
	if (n > 0 && n < (int)sizeof(line) &&
	    pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, line, (uint32_t)n) != PIER_OK)
		printf("%s", line);
	if (f->dst >= 1 && f->dst <= 6 && f->dst != PIER_H_START && f->dst != PIER_H_PARENT &&
	    f->pktsz && f->pktsz <= 64 && (uintptr_t)f->pkt >= SCR_BASE &&
	    (uintptr_t)f->pkt <= SCR_HOLE - f->pktsz) {
		const uint8_t *p = f->pkt;

		n = snprintf(line, sizeof(line), "fuzz: trace   packet");
		for (uint32_t i = 0; i < f->pktsz && n < (int)sizeof(line) - 4; i++)
			n += snprintf(line + n, sizeof(line) - n, " %02x", p[i]);
		n += snprintf(line + n, sizeof(line) - n, "\n");
		if (pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, line, (uint32_t)n) != PIER_OK)
			printf("%s", line);
	}
}
