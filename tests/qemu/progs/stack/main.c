/* stack: main stacks of the configured size, an 8 MiB one, and overflows the guard gap catches. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * Started with stack=1024 (the manifest option): main recurses about
 * 900 KiB deep. Then three children, each supervised by this space:
 *  - "big", spawned with an 8 MiB main stack, recurses 7.5 MiB deep and
 *    says so;
 *  - "deep", spawned with a 64 KiB main stack, recurses without end: the
 *    kernel must report a stack overflow in its port 0;
 *  - "frame" makes two ports, A then B (whose stack lies below A's), and
 *    in A's handler a 24 KiB frame in A's 16 KiB stack stores at its
 *    lowest byte first, below A's stack: the guard gap under A must catch
 *    it as A's overflow (port 1; B's stack is untouched: B checks it).
 */
#define MSG_OK 100      /* data: the KiB the child reached */
#define CAUSE_STORE_PAGE 15
#define BIG_LEVELS 7800 /* of recurse's 1,024-byte frames: 7.6 MiB */

static int fails, faults, oks;
static uint64_t kids[3];
static uintptr_t deepest;     /* the lowest frame recurse reached */

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("stack: PASS %s\n", what);
	} else {
		printf("stack: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* About 1 KiB a level; not a tail call, so every level keeps its frame. */
static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char buf[1000];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n == 0) {
		deepest = (uintptr_t)buf;
		return 0;
	}
	return recurse(n - 1) + (unsigned char)buf[0] + (unsigned char)buf[sizeof(buf) - 1];
}

static void maybe_done(void)
{
	if (faults == 2 && oks == 1) {
		for (int k = 0; k < 3; k++)
			pier_kill(kids[k]);     /* the faulted two are stopped; big has exited */
		printf("stack: done\n");
		pier_exit(fails);
	}
}

static int on_child(const struct pier_packet *pkt)
{
	struct pier_fault f;

	if (pkt->type == PIER_MSG_ENDED)
		return 0;
	if (pkt->type == MSG_OK) {
		uint64_t kib = 0;

		memcpy(&kib, pkt->data, pkt->size < 8 ? pkt->size : 8);
		printf("stack: a child recursed %lu KiB deep\n", (unsigned long)kib);
		check("an 8 MiB main stack holds 7.5 MiB of frames", kib >= 7 * 1024 + 512, 1);
		oks++;
	} else if (pkt->type == PIER_MSG_FAULT) {
		memcpy(&f, pkt->data, sizeof(f));
		check("an overflow is a store page fault", (long)f.cause, CAUSE_STORE_PAGE);
		faults++;
	} else {
		printf("stack: FAIL unexpected packet type %u\n", pkt->type);
		fails++;
	}
	maybe_done();
	return 0;
}

/* The frame child: A overflows by one big frame; B's stack lies below A's guard gap. */
static uint32_t port_a, port_b;

static int on_b(const struct pier_packet *pkt)
{
	(void)pkt;
	return 0;
}

static __attribute__((noinline)) void big_frame(void)
{
	volatile uint8_t big[24 * 1024];

	big[0] = 1;             /* the lowest byte first: 8 KiB and more below A's stack */
	big[sizeof(big) - 1] = 1;
}

static int on_a(const struct pier_packet *pkt)
{
	(void)pkt;
	big_frame();
	return 0;
}

static int frame_main(void)
{
	if (pier_port_create_stack(on_a, 12, 0, 0, 16, &port_a) != PIER_OK ||
	    pier_port_create_stack(on_b, 12, 0, 0, 16, &port_b) != PIER_OK)
		return 1;
	pier_call(port_b, 1, NULL, 0, NULL, 0, NULL);   /* B's stack in use */
	pier_call(port_a, 1, NULL, 0, NULL, 0, NULL);   /* faults: never answered */
	return 1;
}

int main(int argc, char **argv)
{
	uint32_t port;

	if (argc > 1 && !strcmp(argv[1], "deep")) {
		recurse(100000);        /* 100 MiB: past any stack */
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "big")) {
		volatile char top;
		uint64_t kib;

		recurse(BIG_LEVELS);
		kib = (uint64_t)((uintptr_t)&top - deepest) / 1024;
		pier_send(PIER_H_PARENT, MSG_OK, &kib, sizeof(kib));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "frame"))
		return frame_main();

	volatile char top;

	recurse(900);
	printf("stack: %lu KiB deep in the 1024 KiB main stack\n",
	       (unsigned long)((uintptr_t)&top - deepest) / 1024);
	check("create the supervisor port", pier_port_create(on_child, 12, PIER_DEPTH_MAX, 0, &port),
	      PIER_OK);
	check("supervise", pier_supervise(port), PIER_OK);
	check("a main stack not a multiple of 4 KiB is refused",
	      pier_spawn_stack("stack big", 4, 4, 0, port, 0, 6, &kids[0]), PIER_E_ARG);
	check("a main stack above 8 MiB is refused",
	      pier_spawn_stack("stack big", 4, 4, 0, port, 0, 8196, &kids[0]), PIER_E_ARG);
	check("a port stack above 8 MiB is refused",
	      pier_port_create_stack(on_b, 4, 0, 0, 8192 + 4, &port_b), PIER_E_ARG);
	check("a port with an 8 MiB stack",
	      pier_port_create_stack(on_b, 4, 0, 0, 8192, &port_b), PIER_OK);
	check("and it goes again", pier_port_destroy(port_b), PIER_OK);
	check("spawn big", pier_spawn_stack("stack big", 4, 4, 0, port, 0, 8192, &kids[0]),
	      PIER_OK);
	check("spawn deep", pier_spawn_stack("stack deep", 4, 4, 0, port, 0, 64, &kids[1]),
	      PIER_OK);
	check("spawn frame", pier_spawn_stack("stack frame", 4, 12, 0, port, 0, 0, &kids[2]),
	      PIER_OK);
	return 0;
}
