/* stdout and stderr for picolibc: a line buffer written to the debug port. */

/*
 * Bytes collect in one buffer, shared by stdout and stderr so their output
 * stays in order, and go to the kernel console as one PIER_DEBUG_WRITE
 * packet at each newline, when the buffer is full, on fflush, and when an
 * activation ends (pier_rt_flush, called from lib/crt0.c and pier_exit).
 *
 * The buffer is shared by every port of the program. Ports in one space may
 * preempt each other (a higher-priority port's packet), so output from two
 * of them can interleave mid-line. There is no stdin yet: the console
 * input driver is a later issue, so using it fails at link time.
 */
#include <stdio.h>
#include <libpier.h>

void pier_rt_flush(void);

static char buf[PIER_PACKET_MAX];
static uint32_t len;

static int flush(FILE *f)
{
	int rc;

	(void)f;
	if (len == 0)
		return 0;
	rc = pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, buf, len);
	len = 0;	/* on failure the line is dropped: nowhere else to say so */
	return rc == PIER_OK ? 0 : EOF;
}

static int put(char c, FILE *f)
{
	buf[len++] = c;
	if (c == '\n' || len == sizeof(buf))
		return flush(f) == 0 ? (unsigned char)c : EOF;
	return (unsigned char)c;
}

static FILE console = FDEV_SETUP_STREAM(put, NULL, flush, _FDEV_SETUP_WRITE);

FILE *const stdout = &console;
FILE *const stderr = &console;

void pier_rt_flush(void)
{
	flush(&console);
}
