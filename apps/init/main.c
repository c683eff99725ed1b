/* init: the first program; starts what the boot arguments or the board's manifest name. */

/*
 * The kernel starts init with "init" and the device tree's bootargs. An
 * argument run=a,b,c starts exactly those programs, in order; otherwise
 * each line of the boot image's `manifest` is "[prio=N] program [args...]",
 * with blank lines and # comments skipped. init then keeps one port and
 * lives on: supervising (restarting tasks that fault) comes later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>

static void start(const char *cmdline, uint32_t prio)
{
	uint64_t space;
	int rc = pier_spawn(cmdline, prio, PIER_H_NONE, &space);

	if (rc == PIER_OK)
		printf("init: started %s as space %lu\n", cmdline,
		       (unsigned long)space);
	else
		printf("init: cannot start %s: %s\n", cmdline,
		       pier_strerror(rc));
}

/* run=a,b,c: each name is a whole command line. */
static void run_list(char *list)
{
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ","))
		start(name, PIER_PRIO_DEFAULT);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void manifest_line(char *s)
{
	uint32_t prio = PIER_PRIO_DEFAULT;
	char *end = s + strlen(s);

	while (is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		*--end = '\0';
	if (*s == '\0' || *s == '#')
		return;
	if (strncmp(s, "prio=", 5) == 0) {
		unsigned long n = strtoul(s + 5, &end, 10);

		if (end == s + 5 || !is_blank(*end) || n > PIER_PRIO_MAX) {
			printf("init: bad priority in manifest line: %s\n", s);
			return;
		}
		prio = (uint32_t)n;
		for (s = end; is_blank(*s); s++)
			;
	}
	start(s, prio);
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
		rc = pier_bootfile("manifest", off, chunk, sizeof(chunk), &got);
		if (rc != PIER_OK) {
			printf("init: cannot read manifest: %s\n",
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

/* Later: fault notices from the kernel, and restarts. */
static int supervise(const struct pier_packet *pkt)
{
	printf("init: packet type %u from space %lu\n", (unsigned)pkt->type,
	       (unsigned long)pkt->badge);
	return PIER_OK;
}

int main(int argc, char **argv)
{
	uint32_t port;
	int rc, ran = 0;

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "run=", 4) == 0) {
			run_list(argv[i] + 4);
			ran = 1;
		}
	}
	if (!ran)
		run_manifest();

	rc = pier_port_create(supervise, PIER_PRIO_DEFAULT, 0, 0, &port);
	if (rc != PIER_OK)
		printf("init: cannot create its port: %s\n", pier_strerror(rc));
	return rc;
}
