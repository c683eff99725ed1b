/* spin: a port at priority 1 that never returns; everything above it must still run. */
#include <stdio.h>
#include <libpier.h>

static volatile unsigned long loops;

static int spin(const struct pier_packet *pkt)
{
	(void)pkt;
	/* Once nothing above priority 1 can run: the test types only then. */
	printf("spin: handler running\n");
	for (;;)
		loops++;
	return PIER_OK;
}

int main(void)
{
	uint32_t port;
	int rc = pier_port_create(spin, 1, 0, 0, &port);

	if (rc == PIER_OK)
		rc = pier_send(port, 1, NULL, 0);
	printf("spin: spinning at priority 1: %s\n", pier_strerror(rc));
	return rc;
}
