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
 * The buffer is shared by every port of the program, under a pier_mutex
 * (lib/mutex.c): ports in one space may preempt each other (a
 * higher-priority port's packet), and one preempted mid-put would leave
 * the buffer's length wrong for the other. Output from two of them can
 * still interleave mid-line: each character is put alone (picolibc's
 * printf has no per-call hook for FILEs like these).
 *
 * stdin is lib/stdin.c: reads wait for a typed line.
 */
#include <stdio.h>
#include <string.h>
#include <console.h>
#include "mutex_core.h"

void pier_rt_flush(void);

/* buf and len: only with out_lock held, which is never held across a
 * kernel call that may wait (the console call happens after). */
static char buf[PIER_PACKET_MAX];
static uint32_t len;
static struct pier_mutex out_lock;
static const char who[] = "stdout";

static void out_lock_take(void)
{
	if (!mutex_fast_lock(&out_lock.state))
		mutex_lock_or_exit(&out_lock, who);
}

static void out_lock_give(void)
{
	if (mutex_fast_unlock(&out_lock.state) & MUTEX_WAITERS)
		mutex_wake_or_exit(&out_lock, who);
}

/* Take the buffered bytes out (out_lock held). */
static uint32_t take(char *out)
{
	uint32_t n = len;

	memcpy(out, buf, n);
	len = 0;
	return n;
}

/* Write bytes taken out: to the console, else the debug port. */
static int send_out(const char *out, uint32_t n)
{
	uint32_t con = pier_console();
	int rc = con ? console_write(con, out, n) : PIER_E_HANDLE;

	if (rc != PIER_OK && con) {
		pier_console_set(0);	/* the driver is gone: fall back for good */
		con = 0;
	}
	if (!con)	/* on failure the line is dropped: nowhere else to say so */
		rc = pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, out, n);
	return rc == PIER_OK ? 0 : EOF;
}

static int flush(FILE *f)
{
	char out[sizeof(buf)];
	uint32_t n;

	(void)f;
	/* Every activation's end flushes: with nothing buffered, it takes no
	 * lock (what another port adds meanwhile, that port flushes). */
	if (__atomic_load_n(&len, __ATOMIC_RELAXED) == 0)
		return 0;
	out_lock_take();
	n = take(out);
	out_lock_give();
	return n ? send_out(out, n) : 0;
}

static int put(char c, FILE *f)
{
	char out[sizeof(buf)];
	uint32_t n = 0;
	int cr = c == '\n' && pier_console(), full;

	out_lock_take();
	/* Room for "\r\n" (the kernel console writes the \n alone, as before). */
	if (len + 2 > sizeof(buf))
		n = take(out);
	if (cr)
		buf[len++] = '\r';
	buf[len++] = c;
	full = c == '\n' || len == sizeof(buf);
	out_lock_give();
	if (n && send_out(out, n) != 0)
		return EOF;
	if (full)
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

uint32_t pier_stdout_waits(void)
{
	return __atomic_load_n(&out_lock.waits, __ATOMIC_RELAXED);
}

void pier_rt_flush(void)
{
	flush(&console);
}
