/* mapfind: "anywhere" past one page placed to fool a page-at-a-time search, from a child under a quota. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define PG 4096ull
#define HUGE (1u << 18)        /* 1 GiB of pages */
#define MSG_REPORT 1

static int fails;
static uint32_t port_done;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("mapfind: PASS %s\n", what);
	} else {
		printf("mapfind: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* The request itself, not the library's pier_map. */
static int map_raw(uint64_t addr, uint32_t pages, uint64_t *out)
{
	struct pier_map req = { .addr = addr, .pages = pages, .prot = PIER_PROT_R | PIER_PROT_W };
	struct pier_mapped m = { 0 };
	int rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_MAP, &req, sizeof(req), &m, sizeof(m));

	*out = m.addr;
	return rc;
}

/*
 * One page at HEAP + (2^18 - 1) pages, then 2^18 pages "anywhere": a
 * page-at-a-time search tried every start below that page, each over up
 * to 2^18 pages, with interrupts off: half an hour.
 */
static int child(void)
{
	uint64_t trap = PIER_HEAP_BASE + (HUGE - 1) * PG, got = 0;
	struct pier_query q;

	check("map the one page", map_raw(trap, 1, &got), PIER_OK);
	check("2^18 pages anywhere in one request", map_raw(0, HUGE, &got), PIER_E_ARG);
	check("share 2^18 pages anywhere in one request",
	      pier_share(PIER_H_START, PIER_HEAP_BASE, HUGE, PIER_PROT_R, 0, NULL), PIER_E_ARG);
	/* Looking costs the tables there are, not the pages asked for. */
	check("find room for 2^18 pages", pier_find(HUGE, &got), PIER_OK);
	check("the room is past the page", got == trap + PG, 1);
	check("find more than the heap holds",
	      pier_find((PIER_HEAP_END - PIER_HEAP_BASE) / PG, &got), PIER_E_NOMEM);
	check("the library maps 2^18 pages anywhere: over quota",
	      pier_map(0, HUGE, PIER_PROT_R | PIER_PROT_W, &got), PIER_E_QUOTA);
	pier_query(trap + PG, &q);
	check("and leaves nothing mapped there", q.mapped, 0);
	/* A small one, with a page in its way: it goes right after. */
	check("map a page in the way", map_raw(PIER_HEAP_BASE + 3 * PG, 1, &got), PIER_OK);
	check("4 pages anywhere", map_raw(0, 4, &got), PIER_OK);
	check("4 pages anywhere go after the page in the way", got == PIER_HEAP_BASE + 4 * PG, 1);
	check("3 pages anywhere", map_raw(0, 3, &got), PIER_OK);
	check("3 pages anywhere fit before it", got == PIER_HEAP_BASE, 1);
	return pier_send(PIER_H_PARENT, MSG_REPORT, &fails, sizeof(fails));
}

/* The parent goes on and hears from the child: nobody stalled. */
static int on_done(const struct pier_packet *pkt)
{
	int child_fails;

	if (pkt->type != MSG_REPORT)
		return PIER_E_TYPE;     /* the child's stdio asking whether we are a console */
	memcpy(&child_fails, pkt->data, sizeof(child_fails));
	check("the child's checks", child_fails, 0);
	printf("mapfind: done\n");
	pier_exit(fails);
}

int main(int argc, char **argv)
{
	uint64_t space;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return child();
	pier_port_create(on_done, 4, 0, 0, &port_done);
	/* 52 pages (40 before main stacks grew to 64 KiB): the search must not care. */
	check("spawn a child under a quota",
	      pier_spawn_quota("mapfind child", 12, 0, port_done, 52, &space), PIER_OK);
	return 0;
}
