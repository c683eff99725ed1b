/* shell: an interactive shell on the console port; input comes as packets on its reader port. */

/*
 * The console driver sends what is typed to our reader port (console
 * protocol, lib/console.h). Each packet goes through stdin and the line
 * editor below: printable characters are echoed, backspace erases, Enter
 * runs the line (cmds.c). Everything runs as handlers; nothing waits for
 * input. When the console's driver is restarted, the reader port hears it
 * (a watch on the console service) and registers again.
 *
 * The reader port is also the supervisor of what the shell runs: it hears
 * PIER_MSG_FAULT (reported, and the space killed, as init does) and
 * PIER_MSG_ENDED. While a program runs in the foreground there is no
 * prompt and the shell is not the console's reader: what is typed waits
 * in the console driver until the program reads stdin, which makes its
 * runtime the reader (lib/stdin.c), so keys typed early are not lost.
 * The reader port stays the console's Ctrl-C port (PIER_CONSOLE_INTR),
 * which hears Ctrl-C while nobody reads: that kills the program. That
 * makes the shell the console's controller: only it and the program it
 * names foreground may read, so a program run in the background that
 * reads stdin gets EIO instead of the keyboard. When the foreground
 * program ends the shell registers as the reader again and prompts;
 * what was typed and not read is then the shell's.
 */
#include <stdio.h>
#include <string.h>
#include <console.h>
#include <cmdline.h>
#include "shell.h"

#define LINE_MAX 160

int shell_busy;
uint32_t shell_console;
static char line[LINE_MAX];
static uint32_t len;
static int last_cr;
static uint32_t reader_port;
static uint64_t fg_space;          /* the foreground program, or 0 */

/* Before a program starts in the foreground: input waits for it. */
void shell_foreground_begin(void)
{
	console_reader(shell_console, 0);
}

/* It started (space: the console lets it read), or did not (0): then
 * the input is ours again. Both messages go before the program can run,
 * so the console hears of it before its first read. */
void shell_foreground(uint64_t space)
{
	fg_space = space;
	console_foreground(shell_console, space);
	if (!space)
		console_reader(shell_console, reader_port);
}

/* Typed while a program has the foreground: only Ctrl-C means anything. */
static void fg_key(int c)
{
	int rc;

	if (c != 3)
		return;
	printf("^C\n");
	if ((rc = pier_kill(fg_space)) != PIER_OK && rc != PIER_E_NOENT)
		printf("shell: cannot end space %lu: %s\n", (unsigned long)fg_space,
		       pier_strerror(rc));
	/* Its ENDED, which comes next, gives the prompt back. */
}

/* A supervised space's fault or end. */
static int on_child(const struct pier_packet *pkt)
{
	struct pier_fault f;
	struct pier_ended e;

	if (pkt->type == PIER_MSG_FAULT && pkt->size == sizeof(f)) {
		memcpy(&f, pkt->data, sizeof(f));
		printf("shell: space %lu faulted (cause %lu, pc 0x%lx, addr 0x%lx); killing it\n",
		       (unsigned long)f.space, (unsigned long)f.cause,
		       (unsigned long)f.pc, (unsigned long)f.addr);
		return pier_kill(f.space);
	}
	if (pkt->type != PIER_MSG_ENDED || pkt->size != sizeof(e))
		return PIER_E_TYPE;
	memcpy(&e, pkt->data, sizeof(e));
	if (e.space != fg_space || fg_space == 0)
		return PIER_OK;     /* a background program (the kernel said so) */
	fg_space = 0;
	/* It may have taken the console's input: take it back. */
	console_foreground(shell_console, 0);
	console_reader(shell_console, reader_port);
	last_cr = 0;
	len = 0;
	if (!shell_busy)
		shell_prompt();
	return PIER_OK;
}

void shell_prompt(void)
{
	printf("pier> ");
	fflush(stdout);
}

/* The line, split as a quoted command line (lib/cmdline.c); rest is the
 * words after the command, joined by single spaces (for echo). */
static void run_line(void)
{
	char *argv[SHELL_ARGS_MAX + 1], rest[LINE_MAX] = "";
	int argc;

	line[len] = '\0';
	len = 0;
	argc = cmdline_split(line, argv, SHELL_ARGS_MAX);
	if (argc == CMDLINE_UNTERMINATED) {
		printf("shell: a quote is not closed\n");
		return;
	}
	if (argc < 0) {
		printf("shell: more than %d words\n", SHELL_ARGS_MAX);
		return;
	}
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			strcat(rest, " ");
		strcat(rest, argv[i]);
	}
	if (argc > 0)
		shell_run(argc, argv, rest);
}

static void key(int c)
{
	if (c == '\n' && last_cr) {	/* \r\n from a terminal: one Enter */
		last_cr = 0;
		return;
	}
	last_cr = c == '\r';
	if (c == '\r' || c == '\n') {
		printf("\n");
		run_line();
		if (!shell_busy && !fg_space)
			shell_prompt();
	} else if ((c == 0x7f || c == '\b') && len > 0) {
		len--;
		printf("\b \b");
	} else if (c >= ' ' && c < 0x7f && len < LINE_MAX - 1) {
		line[len++] = (char)c;
		putchar(c);
	}
}

static int on_input(const struct pier_packet *pkt)
{
	struct pier_notice n;
	int c;

	/* The console's driver was started again: it knows no reader yet. */
	if (pkt->type == PIER_MSG_NOTICE && pkt->size == sizeof(n)) {
		memcpy(&n, pkt->data, sizeof(n));
		if (n.event == PIER_NOTICE_ATTACHED) {
			console_intr(shell_console, reader_port);
			if (fg_space)
				console_foreground(shell_console, fg_space);
			else
				console_reader(shell_console, reader_port);
		}
		return PIER_OK;
	}
	if (pkt->type == PIER_MSG_FAULT || pkt->type == PIER_MSG_ENDED)
		return on_child(pkt);
	if (pkt->type != PIER_CONSOLE_INPUT)
		return PIER_E_TYPE;
	pier_stdin_push(pkt->data, pkt->size);
	while ((c = getchar()) != EOF) {
		if (fg_space)
			fg_key(c);
		else
			key(c);
	}
	fflush(stdout);
	return PIER_OK;
}

int main(void)
{
	int rc;

	shell_console = pier_console();
	if (!shell_console) {
		printf("shell: no console to read from\n");
		return PIER_E_HANDLE;
	}
	if ((rc = pier_port_create(on_input, PIER_PRIO_DEFAULT, 0, 0, &reader_port)) != PIER_OK ||
	    (rc = console_reader(shell_console, reader_port)) != PIER_OK ||
	    (rc = console_intr(shell_console, reader_port)) != PIER_OK) {
		printf("shell: cannot read the console: %s\n", pier_strerror(rc));
		return rc;
	}
	/* The reader port hears of what we run ending (on_child). */
	if ((rc = pier_supervise(reader_port)) != PIER_OK)
		printf("shell: cannot supervise: %s\n", pier_strerror(rc));
	/* A console that is a service may get a new driver, which must hear
	 * of us again; a console granted directly cannot, so no watch then. */
	if (pier_names())
		pier_watch(shell_console, reader_port, 0);
	printf("shell: ready; type help\n");
	shell_prompt();
	return PIER_OK;
}
