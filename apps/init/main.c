/* init: the first program; binds a driver to every device it knows, then starts what the manifest names. */

/*
 * The kernel starts init with "init" and the device tree's bootargs. init
 * reads the manifest (manifest.c) or the run= list into records, binds
 * devices to drivers (devices.c: the manifest's dev= lines first, then
 * the driver table), starts the console driver and waits for it to say
 * it is ready: from then on its own output and that of everything it
 * starts goes through the console. Without a driver, or if it is not
 * ready within a second, programs start anyway and print through the
 * kernel's debug port. Then the other drivers start, then the manifest's
 * programs, in order. init lives on serving its port and supervising.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include <initport.h>
#include "init.h"

#define CONSOLE_WAIT_MS 1000

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

/* The console driver reporting, drivers asking for devices. */
static int serve(const struct pier_packet *pkt)
{
	struct prog *p = prog_of_space(pkt->badge);

	switch (pkt->type) {
	case INIT_DEVICE:
		if (!p || !p->dev)
			return PIER_E_RIGHTS;
		return pier_reply_grant(0, 0, 0, p->dev);
	case INIT_READY:
		if (!p || p != console || started)
			return PIER_E_STATE;
		if (pkt->handle)
			pier_console_set(pier_handle_take(pkt));
		else
			pier_console_set(0);
		if (pier_console())
			printf("init: console ready\n");
		else
			printf("init: console driver failed; using the debug port\n");
		start_programs();
		return PIER_OK;
	case PIER_MSG_TIMER:
		if (!started)
			printf("init: no console after %u ms; using the debug port\n",
			       CONSOLE_WAIT_MS);
		start_programs();
		return PIER_OK;
	}
	return PIER_E_TYPE;
}

/*
 * The supervisor of everything init starts: a space whose handler faulted
 * is reported and killed; the others run on.
 */
static int on_fault(const struct pier_packet *pkt)
{
	struct pier_fault f;

	if (pkt->type != PIER_MSG_FAULT || pkt->size != sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	printf("init: space %lu faulted (cause %lu, pc 0x%lx, addr 0x%lx); killing it\n",
	       (unsigned long)f.space, (unsigned long)f.cause,
	       (unsigned long)f.pc, (unsigned long)f.addr);
	return pier_kill(f.space);
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
	}
	rc = pier_port_create(serve, PIER_PRIO_DEFAULT, 0, PIER_PORT_GRANTS, &init_port);
	if (rc != PIER_OK) {
		printf("init: cannot create its port: %s\n", pier_strerror(rc));
		return rc;
	}
	/* Above every program, so a fault is dealt with before anything else. */
	rc = pier_port_create(on_fault, PIER_PRIO_MAX, PIER_DEPTH_MAX, 0, &fault_port);
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
