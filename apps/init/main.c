/* init: the first program; starts the console driver, then what the boot arguments or the manifest name. */

/*
 * The kernel starts init with "init" and the device tree's bootargs. init
 * reads the device tree, starts the driver of the console UART (devices.c)
 * and waits for it to say it is ready: from then on its own output and
 * that of everything it starts goes through the driver's console port,
 * which each program finds at PIER_H_PARENT (docs/drivers.md). Without a
 * driver, or if it is not ready within a second, programs start anyway and
 * print through the kernel's debug port.
 *
 * Then: an argument run=a,b,c starts exactly those programs, in order;
 * manifest=NAME reads the boot file NAME instead of `manifest`. Each
 * manifest line is "[prio=N] [maxprio=N] [super] [quota=N] [dev=COMPATIBLE] program [args...]",
 * maxprio being the highest priority the program may ever run at (its
 * start priority if not given; PRIO_DRIVER_MAX for a dev= driver),
 * with blank lines and # comments skipped; a run= entry is the same with
 * '+' for each space. super passes the super right on (PIER_SPAWN_SUPER);
 * quota=N limits the program to N pages;
 * dev= makes a device handle for the first enabled node with that
 * compatible string and gives the program init's port instead of the
 * console, to ask for it (lib/initport.h). init lives on serving its port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include <initport.h>
#include "init.h"

#define CONSOLE_WAIT_MS 1000

static uint32_t init_port;
static char *run_arg;                     /* run=..., or NULL */
static const char *manifest = "manifest";
static uint64_t console_timer;
static int started;

static void start(const char *cmdline, uint32_t prio, uint32_t max_prio,
		  uint32_t flags, uint64_t quota, const char *dev_compat)
{
	struct pier_device d;
	uint32_t grant = pier_console(), dev;
	uint64_t space;
	int rc = PIER_OK;

	if (dev_compat) {
		if ((rc = dt_device(dev_compat, &d)) < 0) {
			printf("init: no device %s for %s\n", dev_compat, cmdline);
			return;
		}
		rc = pier_device_create(d.base, d.size, d.irq, &dev);
		grant = init_port;
	}
	if (rc == PIER_OK)
		rc = pier_spawn_max(cmdline, prio, max_prio, flags, grant, quota, &space);
	if (rc == PIER_OK && dev_compat)
		rc = device_give(space, dev);
	if (rc == PIER_OK)
		printf("init: started %s as space %lu\n", cmdline,
		       (unsigned long)space);
	else
		printf("init: cannot start %s: %s\n", cmdline,
		       pier_strerror(rc));
}

static void manifest_line(char *s);

/* run=a,b,c: each entry is a manifest line, '+' standing for a space. */
static void run_list(char *list)
{
	for (char *e = strtok(list, ","); e; e = strtok(NULL, ",")) {
		for (char *p = e; *p; p++)
			if (*p == '+')
				*p = ' ';
		manifest_line(e);
	}
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A leading word "key" (or "key=value": *val gets value); moves *s past it. */
static int option(char **s, const char *key, char **val)
{
	size_t k = strlen(key);
	char *p = *s;

	if (strncmp(p, key, k) != 0 || (p[k] != '=' && !is_blank(p[k])) ||
	    (val == NULL) != (p[k] != '='))
		return 0;
	p += k;
	if (val) {
		*val = ++p;
		while (*p && !is_blank(*p))
			p++;
	}
	if (*p)
		*p++ = '\0';
	while (is_blank(*p))
		p++;
	*s = p;
	return 1;
}

/* A leading "key=N" with N at most max; moves *s past it. -1: malformed. */
static int number_option(char **s, const char *key, unsigned long max, uint32_t *out)
{
	size_t k = strlen(key);
	char *end;
	unsigned long n;

	if (strncmp(*s, key, k) != 0 || (*s)[k] != '=')
		return 0;
	n = strtoul(*s + k + 1, &end, 10);
	if (end == *s + k + 1 || (*end && !is_blank(*end)) || n > max)
		return -1;
	for (*s = end; is_blank(**s); (*s)++)
		;
	*out = (uint32_t)n;
	return 1;
}

static void manifest_line(char *s)
{
	uint32_t prio = PIER_PRIO_DEFAULT, max_prio = 0, flags = 0;
	int has_max;
	uint64_t quota = 0;
	char *end = s + strlen(s), *val, *dev = NULL;

	while (is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		*--end = '\0';
	if (*s == '\0' || *s == '#')
		return;
	if (number_option(&s, "prio", PIER_PRIO_MAX, &prio) < 0 ||
	    (has_max = number_option(&s, "maxprio", PIER_PRIO_MAX, &max_prio)) < 0) {
		printf("init: bad priority in manifest line: %s\n", s);
		return;
	}
	if (option(&s, "super", NULL))
		flags |= PIER_SPAWN_SUPER;
	if (option(&s, "quota", &val))
		quota = strtoull(val, NULL, 10);
	if (option(&s, "dev", &val))
		dev = val;
	/* A program may not run above its start priority unless the line
	 * says so; a driver may use the drivers' band up to PRIO_DRIVER_MAX. */
	if (!has_max)
		max_prio = dev && prio <= PRIO_DRIVER_MAX ? PRIO_DRIVER_MAX : prio;
	if (max_prio < prio) {
		printf("init: maxprio below prio in manifest line: %s\n", s);
		return;
	}
	start(s, prio, max_prio, flags, quota, dev);
}

/* The manifest line being gathered: a cmdline fits one packet anyway. */
static char line[PIER_PACKET_MAX];
static uint32_t line_len;
static int line_too_long;

static void line_done(void)
{
	line[line_len] = '\0';
	if (line_too_long)
		printf("init: manifest line too long: %.40s...\n", line);
	else
		manifest_line(line);
	line_len = 0;
	line_too_long = 0;
}

/* Read the manifest a packet at a time; a short read is its end. */
static void run_manifest(void)
{
	static char chunk[PIER_PACKET_MAX];
	uint32_t off = 0, got;
	int rc;

	do {
		rc = pier_bootfile(manifest, off, chunk, sizeof(chunk), &got);
		if (rc != PIER_OK) {
			printf("init: cannot read %s: %s\n", manifest,
			       pier_strerror(rc));
			return;
		}
		off += got;
		for (uint32_t i = 0; i < got; i++) {
			if (chunk[i] == '\n')
				line_done();
			else if (line_len < sizeof(line) - 1)
				line[line_len++] = chunk[i];
			else
				line_too_long = 1;
		}
	} while (got == sizeof(chunk));
	if (line_len > 0 || line_too_long)
		line_done();	/* the last line had no newline */
}

static void start_programs(void)
{
	if (started++)
		return;
	if (console_timer)
		pier_timer_cancel(console_timer);
	if (run_arg)
		run_list(run_arg);
	else
		run_manifest();
}

/* The console driver reporting, drivers asking for devices; later fault notices. */
static int serve(const struct pier_packet *pkt)
{
	uint32_t dev = device_of(pkt->badge);

	switch (pkt->type) {
	case INIT_DEVICE:
		if (!dev)
			return PIER_E_RIGHTS;
		return pier_reply_grant(0, 0, 0, dev);
	case INIT_READY:
		if (pkt->badge != console_driver || started)
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
 * is reported and killed; the others run on. (Restarting it is a policy
 * for the manifest to grow into.)
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
	if ((rc = dt_load()) != 0)
		printf("init: cannot read the device tree: %d\n", rc);
	if (rc != 0 || !console_driver_start(init_port)) {
		start_programs();
		return PIER_OK;
	}
	/* A driver that dies before it reports must not hold the system up. */
	if (pier_time_now(&now) == PIER_OK)
		pier_timer_set(init_port, PIER_TIMER_RELATIVE,
			       now.hz * CONSOLE_WAIT_MS / 1000, 0, 0, &console_timer);
	return PIER_OK;
}
