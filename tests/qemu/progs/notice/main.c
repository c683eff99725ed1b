/* notice: ENDED packets to a supervisor, watches and their notices, undelivered packets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "notice.h"

int fails, checks;
static uint32_t port_dir, port_fin;

void check(const char *what, long got, long want)
{
	checks++;
	if (got != want) {
		printf("notice: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* Children: "exit N", "fault", "wait" (a port kept: killed later). */
static int idle(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

int child_main(int argc, char **argv)
{
	uint32_t h;

	if (!strcmp(argv[1], "exit") && argc > 2)
		pier_exit(atoi(argv[2]));
	if (!strcmp(argv[1], "fault"))
		return *(volatile int *)0x20000000;
	if (!strcmp(argv[1], "wait"))
		return pier_port_create(idle, 4, 0, 0, &h);
	if (!strcmp(argv[1], "serve") || !strcmp(argv[1], "watcher"))
		return watch_child(argv[1]);
	return 1;
}

/* Runs last, below the ENDED supervisor (1): everything it heard is in. */
static int on_fin(const struct pier_packet *pkt)
{
	(void)pkt;
	ended_finish();
	printf("notice: %d checks\n", checks);
	printf("notice: done\n");
	pier_exit(fails);
}

static int on_dir(const struct pier_packet *pkt)
{
	(void)pkt;
	watch_run();
	undelivered_run();
	ended_start();
	return pier_send(port_fin, 0, NULL, 0);
}

int main(int argc, char **argv)
{
	int rc = PIER_OK;

	if (argc > 1)
		return child_main(argc, argv);
	rc |= pier_port_create(on_dir, 2, 0, 0, &port_dir);
	rc |= pier_port_create(on_fin, 0, 0, 0, &port_fin);
	check("setup", rc, PIER_OK);
	return pier_send(port_dir, 0, NULL, 0);
}
