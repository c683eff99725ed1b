/* blkload: a block service (argv[1]) under load, with every bad request, and through a driver restart. */

/*
 *   blkload NAME load      two clients at once, each with its own session,
 *                          write 2 MiB each of seeded data from sector 0
 *                          in 64 KiB requests, flush, read it back: the
 *                          checksums must match (the host checks the image)
 *   blkload NAME restart   the same with another seed, the driver killed
 *                          in the middle of the stream (needs super): what
 *                          was answered PIER_E_RESTARTED is repeated
 *   blkload NAME errors    every status of the protocol but PIER_E_IO and
 *                          PIER_E_READONLY; another space naming our
 *                          session; a dead client's session reclaimed
 *   blkload NAME readonly  on a read-only device: writes PIER_E_READONLY
 *   blkload NAME ioerror   on a device whose requests on sector 100 fail:
 *                          those are PIER_E_IO, the rest works
 *   blkload NAME child ID  (started by errors) another space's view
 * Each prints "blkload: done" and exits 0, or says what failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include "blkload.h"

const char *service;
static int failed;

void check(const char *what, long got, long want)
{
	if (got != want) {
		printf("blkload: FAIL %s: got %ld (%s), want %ld\n", what, got,
		       got <= 0 ? pier_strerror((int)got) : "", want);
		failed = 1;
	}
}

_Noreturn void finish(void)
{
	if (!failed)
		printf("blkload: done\n");
	pier_exit(failed);
}

void fill(uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t count)
{
	uint64_t *w = (uint64_t *)buf;

	for (uint32_t s = 0; s < count; s++)
		for (uint32_t j = 0; j < 64; j++)
			w[s * 64 + j] = mix(seed, lba + s, j);
}

/* FNV-1a over 64-bit words. */
uint64_t checksum(uint64_t sum, const uint8_t *buf, uint32_t bytes)
{
	const uint64_t *w = (const uint64_t *)buf;

	for (uint32_t i = 0; i < bytes / 8; i++)
		sum = (sum ^ w[i]) * 0x100000001b3ull;
	return sum;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: blkload NAME load|restart|errors|readonly|ioerror|child ID\n");
		return 1;
	}
	service = argv[1];
	if (strcmp(argv[2], "load") == 0)
		load(0x5eed0001, 4u << 20, 0);
	else if (strcmp(argv[2], "restart") == 0)
		load(0x5eed0002, 4u << 20, 1);
	else if (strcmp(argv[2], "errors") == 0)
		errors();
	else if (strcmp(argv[2], "readonly") == 0)
		readonly();
	else if (strcmp(argv[2], "ioerror") == 0)
		ioerror();
	else if (strcmp(argv[2], "child") == 0 && argc == 4)
		child(strtoull(argv[3], 0, 0));
	else
		printf("blkload: unknown mode %s\n", argv[2]);
	/* load and errors go on in their ports and finish there. */
	return argc < 3 ? 1 : 0;
}
