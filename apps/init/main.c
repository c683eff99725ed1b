/* init: the first program; binds a driver to every device it knows, then starts what the manifest names. */

/*
 * The kernel starts init with "init" and the device tree's bootargs. init
 * reads the manifest (manifest.c) or the run= list into records, binds
 * devices to drivers (devices.c: the manifest's dev= lines first, then
 * the driver table), starts the console driver and waits for it to say
 * it serves `console` (PIER_NAMES_READY on its name port, names.c): from
 * then on init writes to the console service, and every program finds it
 * by name. Without a driver, or if it is not ready within a second,
 * programs start anyway, and init prints through the kernel's debug port
 * until the console is ready. Then the other drivers start, then the
 * manifest's programs, in order. init lives on serving name ports and
 * supervising (restart.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include <console.h>
#include "init.h"

#define CONSOLE_WAIT_MS 1000
#define CONSOLE_READY 1   /* from a name port to init's own port */

uint32_t init_port;
static uint64_t console_timer;
static struct prog *console;
static int started;

static void start_programs(void)
{
	if (started++)
		return;
	if (console_timer)
		pier_timer_cancel(console_timer);
	/* Drivers first, so what the programs look up is there. */
	for (int i = 0; i < nprogs; i++)
		if (progs[i].node >= 0 && !progs[i].dev_compat[0] && &progs[i] != console)
			prog_start(&progs[i]);
	for (int i = 0; i < nprogs; i++)
		if ((progs[i].node < 0 || progs[i].dev_compat[0]) && &progs[i] != console)
			prog_start(&progs[i]);
}

void service_ready(int i)
{
	struct service *s = &services[i];

	s->state = PIER_SERVICE_READY;
	s->ever_ready = true;
	if (strcmp(s->name, "console") != 0)
		return;
	pier_console_set(s->port);
	/* The rest on init's own port: a name port's stack is small. */
	if (!started)
		pier_send(init_port, CONSOLE_READY, 0, 0);
}

/* The console ready; timers: the console's timeout (cookie 0), and restarts after their backoff. */
static int serve(const struct pier_packet *pkt)
{
	struct pier_timer_fired t;

	if (pkt->type == CONSOLE_READY) {	/* init_port is never given out */
		if (!started)
			printf("init: console ready\n");
		start_programs();
		return PIER_OK;
	}
	if (pkt->type != PIER_MSG_TIMER || pkt->size < sizeof(t))
		return PIER_E_TYPE;
	memcpy(&t, pkt->data, sizeof(t));
	if (t.cookie) {
		prog_backoff_done(t.cookie);
	} else if (!started) {
		printf("init: no console after %u ms; using the debug port\n",
		       CONSOLE_WAIT_MS);
		start_programs();
	}
	return PIER_OK;
}

/*
 * The supervisor of everything init starts: a space whose handler faulted
 * is reported and killed; every end (exit, kill, fault) goes by its
 * program's restart policy (restart.c). Above every program, so this is
 * dealt with before anything else; it never waits for the console
 * (prog_ended takes init's output off it first when the console ends).
 */
static int on_supervise(const struct pier_packet *pkt)
{
	struct pier_fault f;
	struct pier_ended e;
	struct prog *p;
	int rc;

	if (pkt->type == PIER_MSG_ENDED && pkt->size == sizeof(e)) {
		memcpy(&e, pkt->data, sizeof(e));
		if ((p = prog_of_space(e.space)) != NULL)
			prog_ended(p, e.how == PIER_ENDED_EXIT ? "exited" :
				      e.how == PIER_ENDED_KILLED ? "was killed" : "faulted");
		return PIER_OK;
	}
	if (pkt->type != PIER_MSG_FAULT || pkt->size != sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	p = prog_of_space(f.space);
	if (p && p->service >= 0 && strcmp(services[p->service].name, "console") == 0)
		pier_console_set(0);
	printf("init: space %lu faulted (cause %lu, pc 0x%lx, addr 0x%lx); killing it\n",
	       (unsigned long)f.space, (unsigned long)f.cause,
	       (unsigned long)f.pc, (unsigned long)f.addr);
	rc = pier_kill(f.space);
	if (p && rc == PIER_OK)
		prog_ended(p, "faulted");
	return rc;
}

int main(int argc, char **argv)
{
	const char *manifest = "manifest";
	char *run_arg = NULL;
	uint32_t fault_port;
	struct pier_time now;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "run=", 4) == 0)
			run_arg = argv[i] + 4;
		else if (strncmp(argv[i], "manifest=", 9) == 0)
			manifest = argv[i] + 9;
		else if (strncmp(argv[i], "nobind=", 7) == 0)
			devices_nobind = argv[i] + 7;
	}
	/* A write answered PIER_E_RESTARTED goes to the debug port instead:
	 * init must never wait on the console driver it restarts. */
	console_repeat(0);
	rc = pier_port_create(serve, PIER_PRIO_DEFAULT, PIER_DEPTH_MAX, 0, &init_port);
	if (rc != PIER_OK) {
		printf("init: cannot create its port: %s\n", pier_strerror(rc));
		return rc;
	}
	/* Above every program, so a fault is dealt with before anything else. */
	rc = pier_port_create(on_supervise, PIER_PRIO_MAX, PIER_DEPTH_MAX, 0, &fault_port);
	if (rc == PIER_OK)
		rc = pier_supervise(fault_port);
	if (rc != PIER_OK)
		printf("init: cannot supervise: %s\n", pier_strerror(rc));
	if ((rc = devices_load()) != 0)
		printf("init: cannot read the device tree: %d\n", rc);
	if (run_arg)
		manifest_run_list(run_arg);
	else
		manifest_read(manifest);
	/* The manifest's dev= lines choose their nodes before the table. */
	for (int i = 0; i < nprogs; i++)
		if (progs[i].dev_compat[0])
			devices_claim(&progs[i]);
	devices_bind();
	console = devices_console();
	if (!console)
		printf("init: the device tree names no console UART with a driver\n");
	if (!console || prog_start(console) != PIER_OK) {
		console = NULL;
		start_programs();
		return PIER_OK;
	}
	/* A driver that dies before it reports must not hold the system up. */
	if (pier_time_now(&now) == PIER_OK)
		pier_timer_set(init_port, PIER_TIMER_RELATIVE,
			       now.hz * CONSOLE_WAIT_MS / 1000, 0, 0, &console_timer);
	return PIER_OK;
}
