/* readline: an interactive program; reads typed lines with fgets and answers each in capitals. */

/*
 * Run from the shell in the foreground, its first read makes it the
 * console's reader (lib/stdin.c); "quit" or end of file (Ctrl-D) ends it
 * and the shell takes the input back. A second port ticks while the main
 * port waits for input, to show a waiting read stops no other port.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libpier.h>

static uint32_t tick_port;
static volatile int reading, said, lines;

/* Runs while main waits in fgets: the wait stops no other port. */
static int on_tick(const struct pier_packet *pkt)
{
	(void)pkt;
	if (reading && !said) {
		said = 1;
		printf("readline: ticked while waiting\n");
	}
	return PIER_OK;
}

int main(int argc, char **argv)
{
	char line[128];
	struct pier_time t;
	uint64_t id;

	/* "late": what is typed before the first read must wait for it. */
	if (argc > 1 && strcmp(argv[1], "late") == 0) {
		printf("readline: ready, reading late\n");
		fflush(stdout);
		usleep(300000);
	}
	printf("readline: ready\n");
	for (;;) {
		printf("> ");
		reading = 1;
		char *got = fgets(line, sizeof(line), stdin);

		reading = 0;
		if (!got) {
			printf("readline: end of input\n");
			break;
		}
		/* From the first line on, a timer every 10 ms. Not before: the
		 * end of the tick port's activation flushes stdout, and a prompt
		 * shown before the first read made us the console's reader would
		 * let the test type into the shell, which drops it. */
		if (lines++ == 0 &&
		    pier_port_create(on_tick, PIER_PRIO_DEFAULT, 0, 0, &tick_port) == PIER_OK &&
		    pier_time_now(&t) == PIER_OK)
			pier_timer_set(tick_port, PIER_TIMER_RELATIVE, t.hz / 100, t.hz / 100, 0, &id);
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "quit") == 0)
			break;
		for (char *p = line; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		printf("READLINE: %s\n", line);
	}
	printf("readline: done\n");
	pier_exit(0);   /* the tick port would keep it alive past main */
}
