/* stacknote: a program's own note sets its main stack (2 MiB, apps/build.mk); a note past the most is refused. */
#include <stdio.h>
#include <libpier.h>

/*
 * Started with no stack= option, so the kernel takes the size from the
 * program's Pier note (lib/user.ld, pier/ports.h): 2 MiB, where the
 * default would be 64 KiB. main recurses about 1.9 MiB deep. Then it
 * spawns stackbig, whose note asks for one page more than
 * PIER_STACK_PAGES_MAX: such a note makes the file invalid, so the
 * spawn fails with PIER_E_BADELF even when it names a size itself.
 */
#define LEVELS 1900     /* of recurse's 1,024-byte frames */

static int fails;

/* About 1 KiB a level; not a tail call, so every level keeps its frame. */
static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char buf[1000];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n == 0)
		return 0;
	return recurse(n - 1) + (unsigned char)buf[0] + (unsigned char)buf[sizeof(buf) - 1];
}

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("stacknote: PASS %s\n", what);
	} else {
		printf("stacknote: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

int main(void)
{
	uint64_t space;
	int rc;

	recurse(LEVELS);
	printf("stacknote: %d KiB deep in the main stack the note asks for\n", LEVELS);
	rc = pier_spawn("stackbig", 1, 0, &space);
	check("a note asking more than the most is refused", rc, PIER_E_BADELF);
	rc = pier_spawn_stack("stackbig", 1, 1, 0, 0, 0, 64, &space);
	check("even when the spawn names a size", rc, PIER_E_BADELF);
	printf("stacknote: done\n");
	return fails;
}
