/* shell: an interactive shell on the console port; input comes as packets on its reader port. */

/*
 * The console driver sends what is typed to our reader port (console
 * protocol, lib/console.h). Each packet goes through stdin and the line
 * editor below: printable characters are echoed, backspace erases, Enter
 * runs the line (cmds.c). Everything runs as handlers; nothing waits for
 * input. When the console's driver is restarted, the reader port hears it
 * (a watch on the console service) and registers again.
 */
#include <stdio.h>
#include <string.h>
#include <console.h>
#include "shell.h"

#define LINE_MAX 160

int shell_busy;
uint32_t shell_console;
static char line[LINE_MAX];
static uint32_t len;
static int last_cr;
static uint32_t reader_port;

void shell_prompt(void)
{
	printf("pier> ");
	fflush(stdout);
}

static void run_line(void)
{
	char *argv[SHELL_ARGS_MAX + 1], *p = line, *rest = NULL;
	int argc = 0;

	line[len] = '\0';
	len = 0;
	while (argc < SHELL_ARGS_MAX) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (argc == 1)
			rest = p;	/* the line after the command, for run */
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[argc] = NULL;
	/* rest keeps its spaces: undo the NULs split put after it. */
	for (char *q = rest; q && q < p; q++)
		if (*q == '\0' && q[1] != '\0')
			*q = ' ';
	if (argc > 0)
		shell_run(argc, argv, rest ? rest : "");
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
		if (!shell_busy)
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
		if (n.event == PIER_NOTICE_ATTACHED)
			console_reader(shell_console, reader_port);
		return PIER_OK;
	}
	if (pkt->type != PIER_CONSOLE_INPUT)
		return PIER_E_TYPE;
	pier_stdin_push(pkt->data, pkt->size);
	while ((c = getchar()) != EOF)
		key(c);
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
	    (rc = console_reader(shell_console, reader_port)) != PIER_OK) {
		printf("shell: cannot read the console: %s\n", pier_strerror(rc));
		return rc;
	}
	/* A console that is a service may get a new driver, which must hear
	 * of us again; a console granted directly cannot, so no watch then. */
	if (pier_names())
		pier_watch(shell_console, reader_port, 0);
	printf("shell: ready; type help\n");
	shell_prompt();
	return PIER_OK;
}
