/* heapmt: ports of one program allocate at once, preempting each other inside malloc. */

/*
 * Three worker ports (priorities 10, 12, 14) each get a periodic timer
 * packet and do a batch of allocator calls on it; main (priority 8) does
 * the same without pause (some of its blocks large, whose realloc copies
 * inside the allocator), so timer packets keep landing while main, or a
 * lower worker, is inside it. Every block is filled with a pattern of its own
 * and checked before each realloc and free (the part realloc keeps, too)
 * and once more at the end, for all of them. The heap lock's wait count
 * must be above zero: contention really happened, or the test proves
 * nothing and fails. (With the lock taken out of malloc, this program
 * faults within its first second: the churn puts most preemptions
 * inside the allocator's lists.)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>

#define WORKERS 3
#define OWNERS (WORKERS + 1)   /* the workers, then main */
#define SLOTS 32
#define PACKETS 120            /* timer packets each worker serves */
#define BATCH 16               /* allocator calls per packet */
#define CHURN 8                /* main's unchecked malloc+free pairs per checked call */
#define MAIN_OPS_MIN 200
#define MAIN_OPS_MAX 200000    /* gives up if the workers never finish */

struct block {
	unsigned char *p;
	size_t n;
	uint32_t seed;
};

/* Each owner's table is touched by that owner alone until the end. */
struct owner {
	struct block slot[SLOTS];
	uint64_t rng;
	uint32_t next_seed;
	unsigned ops, bad, packets, nomem;
	uint32_t port;
	uint64_t timer;
	volatile int done;
};

static struct owner own[OWNERS];
static const uint32_t prio[WORKERS] = { 10, 12, 14 };
static int fails;

static uint32_t rnd(struct owner *o)
{
	o->rng ^= o->rng << 13;
	o->rng ^= o->rng >> 7;
	o->rng ^= o->rng << 17;
	return (uint32_t)(o->rng >> 16);
}

static unsigned char pattern(uint32_t seed, size_t i)
{
	return (unsigned char)(seed + i * 7u + (i >> 8));
}

static void fill(struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		b->p[i] = pattern(b->seed, i);
}

/* Bytes of b's first n that are not its pattern. */
static unsigned damaged(const struct block *b, size_t n)
{
	unsigned bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += b->p[i] != pattern(b->seed, i);
	return bad;
}

/* Sizes: mostly small, so much of the time goes inside the allocator's
 * lists; main now and then large, whose realloc copies inside it. */
static size_t size_for(struct owner *o, int big)
{
	uint32_t r = rnd(o);

	if (big && r % 8 == 0)
		return 4096 + r % 28672;
	if (r % 20 == 0)
		return 8192 + r % 8192;
	return 1 + r % 600;
}

static void fresh(struct owner *o, struct block *b, int big)
{
	size_t n = size_for(o, big);
	uint32_t how = rnd(o) % 10;

	if (how < 2) {
		b->p = calloc(1, n);
		if (b->p) {
			b->n = n;
			for (size_t i = 0; i < n; i++)
				o->bad += b->p[i] != 0;
		}
	} else if (how < 3) {
		size_t align = rnd(o) % 2 ? 64 : 4096;

		b->p = memalign(align, n);
		if (b->p && ((uintptr_t)b->p & (align - 1)))
			o->bad++;
	} else {
		b->p = malloc(n);
	}
	if (!b->p) {
		o->nomem++;
		return;
	}
	b->n = n;
	b->seed = o->next_seed++;
	fill(b);
}

static void step(struct owner *o, int big)
{
	struct block *b = &o->slot[rnd(o) % SLOTS];

	o->ops++;
	if (!b->p) {
		fresh(o, b, big);
		return;
	}
	o->bad += damaged(b, b->n);
	if (rnd(o) % 2) {
		free(b->p);
		b->p = NULL;
		return;
	}
	size_t n = size_for(o, big), keep = n < b->n ? n : b->n;
	unsigned char *q = realloc(b->p, n);

	if (!q) {
		o->nomem++;
		return;
	}
	b->p = q;
	o->bad += damaged(b, keep);
	b->n = n;
	b->seed = o->next_seed++;
	fill(b);
}

static int work(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;
	struct owner *o;

	if (pkt->type != PIER_MSG_TIMER || pkt->size < sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	if (f.cookie >= WORKERS)
		return PIER_E_ARG;
	o = &own[f.cookie];
	if (o->done)
		return 0;
	for (int i = 0; i < BATCH; i++)
		step(o, 0);
	if (++o->packets == PACKETS) {
		struct pier_timer_id id = { f.id };

		pier_call(PIER_H_TIMER, PIER_TIMER_CANCEL, &id, sizeof(id), NULL, 0, NULL);
		o->done = 1;
	}
	return 0;
}

static int workers_done(void)
{
	for (int i = 0; i < WORKERS; i++)
		if (!own[i].done)
			return 0;
	return 1;
}

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("heapmt: PASS %s\n", what);
	} else {
		printf("heapmt: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

int main(void)
{
	struct owner *me = &own[WORKERS];
	unsigned blocks = 0, bad = 0, ops = 0, nomem = 0;
	struct pier_time now;

	if (pier_time_now(&now) != PIER_OK)
		return 1;
	for (int i = 0; i < OWNERS; i++) {
		own[i].rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
		own[i].next_seed = (uint32_t)i << 24;
	}
	for (int i = 0; i < WORKERS; i++) {
		/* Periods of 0.7, 0.9 and 1.1 ms: they drift against each other. */
		uint64_t period = now.hz * (7 + 2 * (uint64_t)i) / 10000;

		check("worker port", pier_port_create(work, prio[i], 0, 0, &own[i].port), PIER_OK);
		check("its timer", pier_timer_set(own[i].port, PIER_TIMER_RELATIVE, period, period,
						  (uint64_t)i, &own[i].timer), PIER_OK);
	}
	/* Between its checked calls main churns: allocator calls alone, so
	 * most timer packets land while it is inside the allocator. */
	while ((me->ops < MAIN_OPS_MIN || !workers_done()) && me->ops < MAIN_OPS_MAX) {
		step(me, 1);
		for (int i = 0; i < CHURN; i++)
			free(malloc(1 + rnd(me) % 200));
	}

	/* The workers are done: every table is main's to read now. */
	for (int i = 0; i < OWNERS; i++) {
		for (int s = 0; s < SLOTS; s++) {
			struct block *b = &own[i].slot[s];

			if (!b->p)
				continue;
			blocks++;
			bad += damaged(b, b->n);
			free(b->p);
			b->p = NULL;
		}
		bad += own[i].bad;
		ops += own[i].ops;
		nomem += own[i].nomem;
	}
	printf("heapmt: %u checked calls (main %u, ports %u %u %u) and %u unchecked pairs, "
	       "%u waits for the heap, %u blocks intact at the end, %u bad bytes\n", ops,
	       me->ops, own[0].ops, own[1].ops, own[2].ops, me->ops * CHURN,
	       (unsigned)pier_malloc_waits(), blocks, bad);
	check("every worker served its packets", workers_done(), 1);
	check("no byte of any block changed", bad, 0);
	check("no allocation failed", nomem, 0);
	check("ports had to wait for the heap", pier_malloc_waits() > 0, 1);
	if (fails)
		exit(1);
	printf("heapmt: done\n");
	exit(0);
}
