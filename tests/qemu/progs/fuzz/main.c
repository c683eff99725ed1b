/* fuzz: a kernel fuzzer for an unprivileged space: random and hostile frames, checked after every batch. */

/*
 * fuzz [seed=N] [frames=N] [batch=N] [avoid=a:b] [console=1] [trace=N]
 *
 * Started by init under a page quota and without the super right, it
 * throws frames with random fields and well-formed but hostile requests
 * at every kernel port and at its own and its children's ports, from a
 * seeded generator: the same seed throws the same frames. After each
 * batch it kills its children, drains its ports, sweeps its handle
 * table and checks that the kernel still answers; at the end, that every
 * page is back. "fuzz child ..." is one of its helper children.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

struct fz_state fz;

static const struct {
	const char *name;
	uint32_t bit;
} avoids[] = {
	{ "answer-destroy", AV_ANSWER_DESTROY }, { "answer-exit", AV_ANSWER_EXIT },
	{ "timer-huge", AV_TIMER_HUGE }, { "bigmap", AV_BIGMAP },
	{ "grant-flood", AV_GRANT_FLOOD }, { "fast-zero", AV_FAST_ZERO },
	{ "answer-grow", AV_ANSWER_GROW }, { "known", AV_KNOWN },
};

static int parse_avoid(char *list)
{
	if (*list >= '0' && *list <= '9') {     /* as a parent passes it on to its children */
		fz.avoid |= (uint32_t)strtoul(list, NULL, 0);
		return 0;
	}
	for (char *w = strtok(list, ":/"); w; w = strtok(NULL, ":/")) {
		unsigned i;

		for (i = 0; i < sizeof(avoids) / sizeof(avoids[0]); i++)
			if (!strcmp(w, avoids[i].name))
				break;
		if (i == sizeof(avoids) / sizeof(avoids[0]))
			return -1;
		fz.avoid |= avoids[i].bit;
	}
	return 0;
}

static int parse(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!strcmp(a, "child"))
			fz.child = 1;
		else if (!strncmp(a, "seed=", 5))
			fz.seed = strtoull(a + 5, NULL, 0);
		else if (!strncmp(a, "frames=", 7))
			fz.frames = (uint32_t)strtoul(a + 7, NULL, 0);
		else if (!strncmp(a, "batch=", 6))
			fz.batch = (uint32_t)strtoul(a + 6, NULL, 0);
		else if (!strncmp(a, "mode=", 5))
			fz.mode = a + 5;
		else if (!strncmp(a, "prio=", 5))
			fz.maxprio = (uint32_t)strtoul(a + 5, NULL, 0);
		else if (!strncmp(a, "trace=", 6))
			fz.trace = strtoull(a + 6, NULL, 0);
		else if (!strncmp(a, "console=", 8))
			fz.console = a[8] == '1';
		else if ((strncmp(a, "avoid=", 6) || parse_avoid(a + 6)) && !fz.child)
			return -1;      /* a child ignores words a fuzzed spawn added */
	}
	if (!fz.batch)
		fz.batch = 1000;
	return 0;
}

static void step(void)
{
	uint32_t r = below(100);

	if (r < 42)
		fz_frames_step();
	else if (r < 54)
		fz_task_step();
	else if (r < 65)
		fz_space_step();
	else if (r < 72)
		fz_timer_step();
	else if (r < 76)
		fz_debug_step();
	else if (r < 90)
		fz_ports_step();
	else if (r < 94)
		fz_diff_step();
	else if (r < 96)
		fz_children_step();
	else
		fz_frames_step();
}

static int setup(uint64_t *wd_timer)
{
	struct pier_time t;
	int rc = pier_time_now(&t);

	fz.hz = t.hz;
	if (rc == PIER_OK)
		rc = fz_infra_setup();
	if (rc == PIER_OK && !(fz.self = fz_self_id()))
		rc = PIER_E_STATE;
	if (rc == PIER_OK)
		rc = fz_ptrs_setup();
	if (rc == PIER_OK)
		rc = pier_timer_set(fz.in.wd, PIER_TIMER_RELATIVE, fz.hz / 50, fz.hz / 50, 0,
				    wd_timer);
	if (rc != PIER_OK)
		return rc;
	fz_diff_setup();
	fz_pregrow();
	return PIER_OK;
}

/* Everything a fuzz step made goes; then the pages are counted. */
static void finish(const struct fz_mem *start)
{
	fz_sweep(1);
	fz_sweep(1);
	fz_map_cleanup();
	fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
	if (fz.fast_ok)
		fz_diff_setup();        /* the fast path on, as it was */
	if (!fz_infra_alive())
		printf("fuzz: PASS the fuzzer's own ports all answer\n");
	if (fz_alive_check())
		printf("fuzz: PASS the kernel still answers\n");
	fz_mem_final(start);
	fz_report();
}

int main(int argc, char **argv)
{
	struct fz_mem start;
	uint64_t wd_timer = 0;
	unsigned batches;
	int rc;

	fz.seed = 1;
	fz.frames = 20000;
	if (parse(argc, argv)) {
		printf("fuzz: FAIL usage: fuzz [seed=N] [frames=N] [batch=N] [avoid=a:b] [console=1] [trace=N]\n");
		return 2;
	}
	if (fz.child)
		return fz_child_main();
	rng_seed(fz.seed);
	printf("fuzz: seed %llu frames %u\n", (unsigned long long)fz.seed, (unsigned)fz.frames);
	for (unsigned i = 0; i < sizeof(avoids) / sizeof(avoids[0]) - 1; i++)
		if (fz.avoid & avoids[i].bit)
			printf("fuzz: avoiding %s\n", avoids[i].name);
	if ((rc = setup(&wd_timer)) != PIER_OK || (rc = fz_measure(&start)) != PIER_OK) {
		printf("fuzz: FAIL setup: %s\n", pier_strerror(rc));
		return 1;
	}
	printf("fuzz: space %llu, priorities up to %u, %llu pages free, %llu of ours\n",
	       (unsigned long long)fz.self, (unsigned)fz.maxprio,
	       (unsigned long long)start.free, (unsigned long long)start.own);
	batches = (fz.frames + fz.batch - 1) / fz.batch;
	for (unsigned b = 0; b < batches; b++) {
		if (b == 1 || batches == 1)
			fz_hoard_check();
		fz_children_step();
		fz_children_step();
		for (uint32_t i = 0; i < fz.batch && fz.frame < fz.frames; i++) {
			fz.frame++;
			fz.beat = fz_now();
			step();
		}
		fz_batch_end(b + 1, batches);
	}
	finish(&start);
	pier_timer_cancel(wd_timer);
	printf("fuzz: %s: %llu frames, %d failures (seed %llu)\n", fz.fails ? "FAIL" : "PASS",
	       (unsigned long long)fz.frame, fz.fails, (unsigned long long)fz.seed);
	printf("fuzz: done\n");
	return fz.fails ? 1 : 0;
}
