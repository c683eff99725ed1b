/* stdin, stdout and stderr for picolibc: the console port when there is one, else the debug port. */

/*
 * Output collects in one buffer, shared by stdout and stderr so their
 * output stays in order, and goes out as one packet at each newline, when
 * the buffer is full, on fflush, and when an activation ends
 * (pier_rt_flush, called from lib/crt0.c and pier_exit).
 *
 * It goes to the console port (pier_console(): what the parent granted)
 * as a PIER_CONSOLE_WRITE call, which waits while the driver's buffer is full,
 * so nothing is lost. The console is a raw byte pipe, so "\n" becomes
 * "\r\n" here, as a terminal wants. Without a console, or once it is gone,
 * output goes to the kernel's debug port as before.
 *
 * The buffer is shared by every port of the program. Ports in one space may
 * preempt each other (a higher-priority port's packet), so output from two
 * of them can interleave mid-line.
 *
 * stdin is lib/stdin.c: reads wait for a typed line.
 */
#include <stdio.h>
#include <string.h>
#include <console.h>

void pier_rt_flush(void);

static char buf[PIER_PACKET_MAX];
static uint32_t len;

static int flush(FILE *f)
{
	char out[sizeof(buf)];
	uint32_t n = len, con = n ? pier_console() : 0;
	int rc;

	(void)f;
	if (n == 0)
		return 0;
	/* Take the bytes first: while the console call waits, another port
	 * of this space may run and print. */
	memcpy(out, buf, n);
	len = 0;
	rc = con ? console_write(con, out, n) : PIER_E_HANDLE;
	if (rc != PIER_OK && con) {
		pier_console_set(0);	/* the driver is gone: fall back for good */
		con = 0;
	}
	if (!con)	/* on failure the line is dropped: nowhere else to say so */
		rc = pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, out, n);
	return rc == PIER_OK ? 0 : EOF;
}

static int put(char c, FILE *f)
{
	/* Room for "\r\n" (the kernel console writes the \n alone, as before). */
	if (len + 2 > sizeof(buf) && flush(f) != 0)
		return EOF;
	if (c == '\n' && pier_console())
		buf[len++] = '\r';
	buf[len++] = c;
	if (c == '\n' || len == sizeof(buf))
		return flush(f) == 0 ? (unsigned char)c : EOF;
	return (unsigned char)c;
}

int pier_stdin_getc(FILE *f);     /* lib/stdin.c */

static int get(FILE *f)
{
	return pier_stdin_getc(f);
}

static FILE console = FDEV_SETUP_STREAM(put, NULL, flush, _FDEV_SETUP_WRITE);
static FILE input = FDEV_SETUP_STREAM(NULL, get, NULL, _FDEV_SETUP_READ);

FILE *const stdout = &console;
FILE *const stderr = &console;
FILE *const stdin = &input;

void pier_rt_flush(void)
{
	flush(&console);
}
