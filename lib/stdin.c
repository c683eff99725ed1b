/* stdin: reads wait until a line is typed; the program becomes the console's reader to get it. */

/*
 * Two ways in:
 *  - A program that reads the console itself (the shell: its own reader
 *    port and line editor) hands bytes over with pier_stdin_push. Then a
 *    read never waits: EOF with the error flag cleared means "nothing
 *    yet", as before.
 *  - Any other program: the first read that finds nothing makes a port
 *    of the runtime (the stdin port) the console's reader, and waits by
 *    calling it. The stdin port holds that call (a token) until a line is
 *    typed, so the reading port sleeps while every other port of the
 *    program keeps running. Taking the reader role is how a program run
 *    in the shell's foreground gets the keyboard; the shell takes it back
 *    when the program ends.
 *
 * The stdin port edits the line as a terminal would: it echoes what is
 * typed, Backspace erases, Enter ends the line, Ctrl-D on an empty line is
 * end of file (once), and Ctrl-C ends the program (exit code 130, as a
 * shell reports an interrupted one). It reads only from the console: a
 * program without one gets end of file at once.
 *
 * A console with a controller (the shell) takes a reader only from it and
 * the program it runs in the foreground: a program in the background
 * that reads gets EIO (errno) and an error from stdio, and each later
 * read asks again.
 *
 * One port reads at a time: a second read while one waits fails.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <console.h>

void pier_rt_flush(void);

#define STDIN_WAIT 0x7e01u      /* the runtime's call to its own stdin port */
#define CTRL_C 3
#define CTRL_D 4
#define LINE 256
#define STDIN_DEPTH 64          /* input packets waiting while a line is echoed */

static unsigned char in[1024];
static uint32_t in_head, in_tail;
static int fed;                 /* pier_stdin_push was used: never wait */
static uint32_t port;           /* the stdin port, once made; lives with the program */
static int registered;          /* the console took it as its reader */
static int held;                /* the waiting read's token, or 0 */
static int eof;                 /* Ctrl-D seen: the next empty read is end of file */
static char edit[LINE];         /* the line being typed */
static uint32_t edit_len;
static int last_cr;

static void ring_put(const void *data, uint32_t size)
{
	const unsigned char *p = data;

	for (uint32_t i = 0; i < size && in_head - in_tail < sizeof(in); i++)
		in[in_head++ % sizeof(in)] = p[i];
}

void pier_stdin_push(const void *data, uint32_t size)
{
	fed = 1;
	ring_put(data, size);
}

static void wake(void)
{
	int t = held;

	held = 0;
	if (t)
		pier_reply_token((uint32_t)t, PIER_OK, 0, 0, 0);
}

/* The line discipline: one typed byte. */
static void typed(unsigned char c)
{
	if (c == '\n' && last_cr) {     /* \r\n from a terminal: one Enter */
		last_cr = 0;
		return;
	}
	last_cr = c == '\r';
	if (c == CTRL_C) {
		printf("^C\n");
		pier_rt_flush();
		pier_exit(130);
	}
	if (c == CTRL_D) {
		if (edit_len == 0)
			eof = 1;
		ring_put(edit, edit_len);   /* a partial line goes as it is */
		edit_len = 0;
		wake();
	} else if (c == '\r' || c == '\n') {
		putchar('\n');
		edit[edit_len++] = '\n';
		ring_put(edit, edit_len);
		edit_len = 0;
		wake();
	} else if (c == 0x7f || c == '\b') {
		if (edit_len > 0) {
			edit_len--;
			printf("\b \b");
		}
	} else if ((c >= ' ' || c == '\t') && edit_len < LINE - 1) {
		edit[edit_len++] = (char)c;
		putchar(c);
	}
}

static int on_stdin(const struct pier_packet *pkt)
{
	struct pier_notice n;
	int t;

	switch (pkt->type) {
	case PIER_CONSOLE_INPUT:
		for (uint32_t i = 0; i < pkt->size; i++)
			typed(pkt->data[i]);
		fflush(stdout);
		return PIER_OK;
	case STDIN_WAIT:
		if (in_head != in_tail || eof)
			return PIER_OK;
		if (held)
			return PIER_E_STATE;    /* another port is reading */
		if ((t = pier_hold()) < 0)
			return t;
		held = t;
		return PIER_OK;
	case PIER_MSG_NOTICE:
		/* The console's driver was started again: it knows no reader yet. */
		if (pkt->size == sizeof(n)) {
			memcpy(&n, pkt->data, sizeof(n));
			if (n.event == PIER_NOTICE_ATTACHED)
				console_reader(pier_console(), port);
		}
		return PIER_OK;
	}
	return PIER_E_TYPE;
}

/* The stdin port, made the console's reader on first need. */
static int reader(uint32_t con)
{
	int rc;

	if (registered)
		return PIER_OK;
	if (!port) {
		/* At the default priority, or the lowest if this program may not use it. */
		rc = pier_port_create(on_stdin, PIER_PRIO_DEFAULT, STDIN_DEPTH, 0, &port);
		if (rc != PIER_OK)
			rc = pier_port_create(on_stdin, 1, STDIN_DEPTH, 0, &port);
		if (rc != PIER_OK)
			return rc;
		/* The runtime's own port: main's return must still end a program
		 * that made no ports of its own (lib/crt0.c counts them). */
		pier_ports_live--;
	}
	/* The console may refuse a program in the background (pier/console.h):
	 * its reads then fail with EIO, and the next read asks again. */
	if ((rc = console_reader_call(con, port)) != PIER_OK)
		return rc;
	registered = 1;
	if (pier_names())
		pier_watch(con, port, 0);
	return PIER_OK;
}

/* A byte, or _FDEV_EOF / _FDEV_ERR as picolibc's stdio wants. */
int pier_stdin_getc(FILE *f)
{
	uint32_t con;
	int rc;

	while (in_head == in_tail) {
		if (fed) {
			/* Not end of file, only nothing yet: let the next read try. */
			clearerr(f);
			return _FDEV_ERR;
		}
		if (eof) {
			eof = 0;
			return _FDEV_EOF;
		}
		if ((con = pier_console()) == 0)
			return _FDEV_EOF;
		/* The reader first, then the wait; a prompt still buffered (a
		 * line without a newline) goes out when the stdin port's
		 * activation taking the wait ends, so what is typed once it
		 * shows finds the wait in place. A queue full of typed bytes
		 * is busy being edited: the call goes again. */
		if (reader(con) != PIER_OK) {
			errno = EIO;    /* in the background (PIER_E_RIGHTS), or no port */
			return _FDEV_ERR;
		}
		while ((rc = pier_call(port, STDIN_WAIT, 0, 0, 0, 0, 0)) == PIER_E_FULL)
			;
		if (rc != PIER_OK)
			return _FDEV_ERR;
	}
	return in[in_tail++ % sizeof(in)];
}
