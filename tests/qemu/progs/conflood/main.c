/* conflood: writes 1 MiB through the console as fast as it can; the runner counts every byte. */

/*
 * Lines of 64 bytes: the line number in 8 hex digits, 55 letters, "\n".
 * Written with raw PIER_CONSOLE_WRITE calls of 256 bytes, so the driver's
 * buffer fills at once and it must hold us back rather than drop bytes.
 * The end line carries the byte sum, which the runner checks too. A short
 * timer first lets init finish printing, so nothing else lands between the
 * markers.
 */
#include <stdio.h>
#include <string.h>
#include <console.h>

#define TOTAL (1024u * 1024u)
#define LINE 64u

static uint32_t port;

static void fill(char *b, uint32_t line)
{
	snprintf(b, 9, "%08x", (unsigned)line);
	for (uint32_t i = 8; i < LINE - 1; i++)
		b[i] = (char)('a' + (line + i) % 26);
	b[LINE - 1] = '\n';
}

static int flood(const struct pier_packet *pkt)
{
	char buf[PIER_PACKET_MAX + 1];
	uint32_t sum = 0, con = pier_console();
	int rc = PIER_OK;

	(void)pkt;
	printf("conflood: begin\n");
	fflush(stdout);
	for (uint32_t line = 0; line < TOTAL / LINE && rc == PIER_OK; ) {
		for (uint32_t k = 0; k < PIER_PACKET_MAX / LINE; k++)
			fill(buf + k * LINE, line++);
		for (uint32_t i = 0; i < PIER_PACKET_MAX; i++)
			sum += (unsigned char)buf[i];
		rc = console_write(con, buf, PIER_PACKET_MAX);
	}
	printf("conflood: end sum=%lu\n", (unsigned long)sum);
	printf("conflood: %s\nconflood: done\n", rc == PIER_OK ? "PASS all written" : "FAIL write");
	pier_exit(rc == PIER_OK ? 0 : 1);
}

int main(void)
{
	struct pier_time t;

	if (!pier_console()) {
		printf("conflood: FAIL no console\n");
		return 1;
	}
	pier_port_create(flood, PIER_PRIO_DEFAULT, 0, 0, &port);
	if (pier_time_now(&t) != PIER_OK ||
	    pier_timer_set(port, PIER_TIMER_RELATIVE, t.hz / 50, 0, 0, 0) != PIER_OK)
		pier_send(port, 1, NULL, 0);
	return 0;
}
