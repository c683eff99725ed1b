/* shell commands: help, echo, ps, mem, uptime, run, kill, ticks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmdline.h>
#include "shell.h"

static const char *const states[] = { "-", "running", "ready", "calling" };

static void cmd_help(int argc, char **argv, const char *rest);

/* The words, unquoted, joined by single spaces. */
static void cmd_echo(int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	printf("%s\n", rest);
}

static void cmd_ps(int argc, char **argv, const char *rest)
{
	struct pier_space_info s;
	struct pier_port_info p;
	int rc;

	(void)argc, (void)argv, (void)rest;
	printf("space name             pages ports\n");
	for (uint32_t i = 0; (rc = pier_space_info(i, &s)) == PIER_OK; i++) {
		printf("%5lu %-16.16s %5lu %5u\n", (unsigned long)s.id, s.name,
		       (unsigned long)s.pages, (unsigned)s.ports);
		for (uint32_t j = 0; pier_port_info(s.id, j, &p) == PIER_OK; j++)
			printf("      port %u: prio %u depth %u queued %u handled %lu %s\n",
			       (unsigned)j, (unsigned)p.prio, (unsigned)p.depth,
			       (unsigned)p.queued, (unsigned long)p.handled,
			       p.state < 4 ? states[p.state] : "?");
	}
	if (rc != PIER_E_NOENT)
		printf("ps: %s\n", pier_strerror(rc));
	ps_services();
}

static void cmd_mem(int argc, char **argv, const char *rest)
{
	struct pier_meminfo m;
	struct pier_space_info s;
	int rc = pier_meminfo(&m);

	(void)argc, (void)argv, (void)rest;
	if (rc == PIER_OK)
		printf("mem: %lu of %lu pages free, kernel objects %lu pages\n",
		       (unsigned long)m.free_pages, (unsigned long)m.total_pages,
		       (unsigned long)m.kernel_pages);
	else
		printf("mem: %s\n", pier_strerror(rc));
	for (uint32_t i = 0; pier_space_info(i, &s) == PIER_OK; i++)
		printf("  space %lu %s: %lu pages, %lu page-table pages\n",
		       (unsigned long)s.id, s.name, (unsigned long)s.pages,
		       (unsigned long)s.table_pages);
}

static void cmd_uptime(int argc, char **argv, const char *rest)
{
	struct pier_time t;
	int rc = pier_time_now(&t);

	(void)argc, (void)argv, (void)rest;
	if (rc != PIER_OK) {
		printf("uptime: %s\n", pier_strerror(rc));
		return;
	}
	printf("up %lu.%06lu s (%lu ticks at %lu Hz)\n",
	       (unsigned long)(t.ns / 1000000000u),
	       (unsigned long)(t.ns % 1000000000u / 1000u),
	       (unsigned long)t.ticks, (unsigned long)t.hz);
}

/*
 * run PROGRAM [ARGS...] [&]. The program gets our name port, so it finds
 * what we may find (the console). Its command line is the words quoted
 * again (lib/cmdline.c), so each reaches its argv as it was typed. Without
 * "&" it runs in the foreground: the prompt waits until it ends (main.c
 * hears of that at the reader port, its supervisor), and reading stdin
 * makes it the console's reader until then.
 */
static void cmd_run(int argc, char **argv, const char *rest)
{
	char cmd[PIER_PACKET_MAX];
	int bg = argc > 2 && strcmp(argv[argc - 1], "&") == 0, rc;
	uint64_t space;

	(void)rest;
	if (argc < 2 || (bg && argc < 3)) {
		printf("usage: run <program> [args...] [&]\n");
		return;
	}
	if (cmdline_join(cmd, sizeof(cmd), argc - 1 - bg, argv + 1) < 0) {
		printf("run: command line too long\n");
		return;
	}
	if (!bg)
		shell_foreground_begin();      /* before it can read: nothing typed is lost */
	rc = pier_spawn(cmd, PIER_PRIO_DEFAULT, pier_names() ? PIER_H_PARENT : shell_console,
			&space);
	if (rc != PIER_OK) {
		printf("run: %s: %s\n", argv[1], pier_strerror(rc));
		if (!bg)
			shell_foreground(0);
		return;
	}
	printf("started %s as space %lu%s\n", cmd, (unsigned long)space,
	       bg ? " in the background" : "");
	if (!bg)
		shell_foreground(space);
}

static void cmd_kill(int argc, char **argv, const char *rest)
{
	char *end;
	unsigned long id = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	int rc;

	(void)rest;
	if (argc != 2 || *end || id == 0) {
		printf("usage: kill <space>\n");
		return;
	}
	rc = pier_kill(id);
	if (rc == PIER_OK)
		printf("killed space %lu\n", id);
	else if (rc == PIER_E_NOENT)    /* its generic text speaks of files */
		printf("kill: no space %lu\n", id);
	else
		printf("kill: %s\n", pier_strerror(rc));
}

/* ticks: a periodic timer every tenth of a second, on a port of its own. */
static uint32_t tick_port;
static uint64_t tick_id;
static unsigned tick_n, tick_i;

static int on_tick(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;
	struct pier_time now;

	if (pkt->type != PIER_MSG_TIMER || pkt->size < sizeof(f) || tick_i >= tick_n)
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	if (pier_time_now(&now) != PIER_OK)
		now.ticks = f.sent;
	tick_i++;
	printf("tick %u/%u: late %lu ticks (queued %lu after due), missed %lu\n",
	       tick_i, tick_n, (unsigned long)(now.ticks - f.due),
	       (unsigned long)(f.sent - f.due), (unsigned long)f.missed);
	if (tick_i == tick_n) {
		pier_timer_cancel(tick_id);
		printf("ticks: done\n");
		shell_busy = 0;
		shell_prompt();
	}
	return PIER_OK;
}

static void cmd_ticks(int argc, char **argv, const char *rest)
{
	struct pier_time t;
	int n = argc > 1 ? atoi(argv[1]) : 5, rc;

	(void)rest;
	if (n < 1 || n > 1000) {
		printf("usage: ticks <1..1000>\n");
		return;
	}
	rc = pier_time_now(&t);
	if (rc == PIER_OK && !tick_port)
		rc = pier_port_create(on_tick, PIER_PRIO_DEFAULT + 1, 0, 0, &tick_port);
	tick_n = (unsigned)n;
	tick_i = 0;
	if (rc == PIER_OK)
		rc = pier_timer_set(tick_port, PIER_TIMER_RELATIVE, t.hz / 10,
				    t.hz / 10, 0, &tick_id);
	if (rc != PIER_OK) {
		printf("ticks: %s\n", pier_strerror(rc));
		return;
	}
	printf("ticks: %d every %lu ticks\n", n, (unsigned long)(t.hz / 10));
	shell_busy = 1;
}

static const struct {
	const char *name, *help;
	void (*fn)(int argc, char **argv, const char *rest);
} cmds[] = {
	{ "help", "this list", cmd_help },
	{ "echo", "echo <words>: print them", cmd_echo },
	{ "ps", "spaces, their ports, and services", cmd_ps },
	{ "mem", "free pages, and pages per space", cmd_mem },
	{ "uptime", "time since boot", cmd_uptime },
	{ "run", "run <program> [args] [&]: start a program from the boot image", cmd_run },
	{ "kill", "kill <space>: end a space", cmd_kill },
	{ "ticks", "ticks <n>: n packets from a periodic timer, 100 ms apart", cmd_ticks },
	{ "random", "random <n>: n random bytes (n <= 256) in hex, from rng0", cmd_random },
	{ "date", "the date and time in UTC, from rtc0", cmd_date },
	{ "blk", "blk [info|read|write NAME LBA [TEXT]]: block services, one sector", cmd_blk },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void cmd_help(int argc, char **argv, const char *rest)
{
	(void)argc, (void)argv, (void)rest;
	for (size_t i = 0; i < NCMDS; i++)
		printf("  %-7s %s\n", cmds[i].name, cmds[i].help);
}

void shell_run(int argc, char **argv, const char *rest)
{
	for (size_t i = 0; i < NCMDS; i++) {
		if (strcmp(argv[0], cmds[i].name) == 0) {
			cmds[i].fn(argc, argv, rest);
			return;
		}
	}
	printf("%s: no such command (try help)\n", argv[0]);
}
