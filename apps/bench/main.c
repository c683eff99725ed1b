/* bench: instructions per kernel operation, counted with rdinstret under QEMU -icount (issue 6). */

/*
 * "bench" is the driver; "bench peer" (peer.c) is the other space. Each
 * figure is the median of ITERS samples after WARM discarded ones, less
 * the cost of one counter read, measured twice. Output, one line each:
 *   bench: <key> <median, run 1> <median, run 2> <min> <max>
 * then, on the interrupts-off kernel only, figure 12's two lines
 * (irqoff.c), then "bench: done". scripts/bench.py reads it;
 * docs/performance.md says what each key measures. Any failed operation
 * prints "bench: FAIL ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "figures.h"

#define ITERS 1000
#define WARM 100
#define SPAWN_ITERS 100	/* a spawn costs a few 10^5: fewer suffice */
#define SPAWN_WARM 10
#define RNG_ITERS 200	/* a device round trip: fewer suffice too */
#define RNG_WARM 20

static uint32_t samples[ITERS];
static uint32_t overhead;	/* one counter read */
static unsigned failures;

/*
 * Lines go to the kernel's debug port, not stdout: stdout is the console
 * driver, whose buffered output would come out during later measurements
 * (and in the middle of the kernel's own lines).
 */
void say(const char *fmt, ...)
{
	char line[PIER_PACKET_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, line, (uint32_t)n);
}

static void fail(const char *key, int rc)
{
	say("bench: FAIL %s: %s\n", key, pier_strerror(rc));
	failures++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

struct run {
	uint32_t median, min, max;
};

static int run_once(sample_fn fn, unsigned warm, unsigned iters, struct run *r)
{
	uint32_t d;
	int rc;

	for (unsigned i = 0; i < warm + iters; i++) {
		if ((rc = fn(&d)) != PIER_OK)
			return rc;
		if (i >= warm)
			samples[i - warm] = d - overhead;
	}
	qsort(samples, iters, sizeof(samples[0]), cmp_u32);
	r->median = samples[iters / 2];
	r->min = samples[0];
	r->max = samples[iters - 1];
	return PIER_OK;
}

/* Run a figure twice and print it; returns run 1's median (0 on failure). */
static uint32_t figure_n(const char *key, sample_fn fn, unsigned warm,
			 unsigned iters)
{
	struct run a, b;
	int rc;

	phase(key);
	rc = run_once(fn, warm, iters, &a);

	if (rc == PIER_OK)
		rc = run_once(fn, warm, iters, &b);
	if (rc != PIER_OK) {
		fail(key, rc);
		return 0;
	}
	say("bench: %s %u %u %u %u\n", key, (unsigned)a.median,
	       (unsigned)b.median, (unsigned)(a.min < b.min ? a.min : b.min),
	       (unsigned)(a.max > b.max ? a.max : b.max));
	return a.median;
}

static uint32_t figure(const char *key, sample_fn fn)
{
	return figure_n(key, fn, WARM, ITERS);
}

static void check(const char *what, int rc)
{
	if (rc != PIER_OK)
		fail(what, rc);
}

/* Ask the peer's R1 for something, by a plain call. */
static int peer_call(uint32_t type, const void *data, uint32_t size,
		     uint32_t grant)
{
	struct pier_frame f = {
		.type = type, .dst = peer[PP_R1], .pktsz = size, .pkt = data,
		.grant = grant,
	};

	return pier_call_frame(&f);
}

/* Every port of every space, as the task port lists them. */
static int count_ports(uint32_t *n)
{
	struct pier_space_info si;
	uint32_t i;
	int rc;

	*n = 0;
	for (i = 0; (rc = pier_space_info(i, &si)) == PIER_OK; i++)
		*n += si.ports;
	return rc == PIER_E_NOENT ? PIER_OK : rc;
}

/* Idle ports in the peer until the system has want ports (if it has fewer). */
static uint32_t grow_to(uint32_t want)
{
	uint32_t have, n;
	int rc = count_ports(&have);

	if (rc == PIER_OK && have < want) {
		n = want - have;
		rc = peer_call(MSG_GROW, &n, sizeof(n), 0);
		if (rc == PIER_OK)
			rc = count_ports(&have);
	}
	check("grow", rc);
	return have;
}

static void calibrate(void)
{
	uint32_t nops;

	overhead = figure("counter_read", s_counter);
	nops = figure("nops100", s_nops100);
	if (nops != 100)
		say("bench: FAIL calibration: 100 nops counted as %u "
		       "(not QEMU with -icount shift=0?)\n", (unsigned)nops);
	failures += nops != 100;
}

/* The driver's ports and the peer with its R1; false if that failed. */
static int start(void)
{
	uint64_t space;
	int rc = port_new(bench_entry, (uintptr_t)h_mailbox, PRIO_MAILBOX, 0,
			  &mailbox);

	if (rc == PIER_OK)
		rc = port_new(null_entry, 0, PIER_PRIO_MIN, 0, &settle_port);
	if (rc == PIER_OK)
		rc = pier_spawn("bench peer", PRIO_PEER_START, mailbox, &space);
	if (rc == PIER_OK && !peer[PP_R1])
		rc = PIER_E_STATE;
	check("start", rc);
	frames_init();
	return rc == PIER_OK;
}

/* Figures 2 to 5 need the rest of the peer's ports, and two of our own. */
static int setup(void)
{
	int rc = port_new(null_entry, 0, PRIO_EQ, 0, &same_null);

	if (rc == PIER_OK)
		rc = port_new(bench_entry, (uintptr_t)h_y, PRIO_EQ, 0, &port_y);
	if (rc == PIER_OK)
		rc = peer_call(MSG_SETUP, 0, 0, port_y);
	for (int i = 0; rc == PIER_OK && i < PP_COUNT; i++)
		if (!peer[i])
			rc = PIER_E_STATE;
	check("setup", rc);
	frames_init();
	return rc == PIER_OK;
}

int main(int argc, char **argv)
{
	uint32_t small, large;
	uint64_t heap_mapped, heap_returned;
	int rc;

	if (argc > 1 && strcmp(argv[1], "peer") == 0)
		return peer_main();

	calibrate();
	figure("null_kernel_call", s_null_kernel);
	phase("start");
	if (!start())
		goto out;

	/*
	 * Figure 10 first, while the system has the fewest ports. If init and
	 * the drivers already have more than 10, the line below says so.
	 */
	phase("grow_10");
	small = grow_to(10);
	figure("call_oneway_10ports", s_call_oneway);
	phase("grow_10000");
	large = grow_to(10000);
	figure("call_oneway_10000ports", s_call_oneway);
	say("bench: ports_in_system %u %u\n", (unsigned)small, (unsigned)large);
	phase("shrink");
	check("shrink", peer_call(MSG_SHRINK, 0, 0, 0));
	phase("setup");
	if (!setup())
		goto out;

	figure("call_oneway", s_call_oneway);
	figure("call_oneway_64b", s_call_oneway64);
	figure("reply_oneway", s_reply_oneway);
	phase("settle");
	check("settle", settle());	/* R3 was left preempted: let it end */
	figure("call_reply_other", s_roundtrip_other);
	figure("call_reply_same", s_roundtrip_same);
	figure("send_async", s_send);
	phase("drain");
	check("drain", drain());
	figure("dispatch_queued", s_dispatch);
	phase("settle");
	check("settle", settle());
	figure("map_touch", s_map_touch);
	figure("unmap", s_unmap);
	figure("stack8m_create", s_stack8m_create);
	figure("stack8m_destroy", s_stack8m_destroy);

	/* Figures 6 and 7 (irq_latency.c, timer_latency.c): the RTC of bench.manifest, and stamps. */
	phase("irq_setup");
	rc = irq_setup();
	check("irq setup", rc);
	if (rc == PIER_OK) {
		figure("irq_to_handler", s_irq);
		figure("irq_stamp_to_handler", s_irq_stamp);
		figure("irq_trap_to_stamp", s_irq_entry);
	}
	phase("timer_setup");
	rc = timer_setup();
	check("timer setup", rc);
	if (rc == PIER_OK) {
		phase("timer_pad");
		say("bench: timer_pad %u %u\n", (unsigned)timer_padding(),
		    (unsigned)timer_padding());
		figure("timer_lateness", s_timer);
		figure("timer_due_to_queued", s_timer_queue);
		figure("timer_queued_to_handler", s_timer_dispatch);
	}

	/* Figure 13 (rng_latency.c): a device round trip through virtio-rng. */
	phase("rng_setup");
	rc = rng_setup();
	check("rng setup", rc);
	if (rc == PIER_OK)
		figure_n("random16", s_rng16, RNG_WARM, RNG_ITERS);

	/* Figure 14 (blk_latency.c): reads through virtio-blk. */
	phase("blk_setup");
	rc = blk_setup();
	check("blk setup", rc);
	if (rc == PIER_OK) {
		figure_n("blk_read4k", s_blk4k, RNG_WARM, RNG_ITERS);
		figure_n("blk_read64k", s_blk64k, RNG_WARM, RNG_ITERS);
	}

	/* Figure 15 (malloc_cost.c): the allocator with 10 and 10,000 live
	 * blocks, then the pages a free-everything gave back. */
	phase("malloc");
	if ((rc = malloc_setup(10)) == PIER_OK)
		figure("malloc_free_10live", s_malloc_free);
	check("malloc setup 10", rc);
	if ((rc = malloc_setup(10000)) == PIER_OK)
		figure("malloc_free_10000live", s_malloc_free);
	check("malloc setup 10000", rc);
	malloc_release();
	pier_malloc_pages(&heap_mapped, &heap_returned);
	say("bench: malloc_pages %lu %lu\n", (unsigned long)heap_mapped,
	    (unsigned long)heap_returned);

	/*
	 * The kernel prints each child's exit with its space id: keep every
	 * measured id at three digits so both runs print the same.
	 */
	phase("spawn_until");
	check("spawn", spawn_until(100));
	figure_n("spawn_exit", s_spawn, SPAWN_WARM, SPAWN_ITERS);

	/* Figure 17 (lua_cost.c): a real program, one sample a run (millions of instructions). */
	phase("lua");
	rc = lua_setup();
	check("lua setup", rc);
	if (rc == PIER_OK) {
		figure_n("lua_depth25k", s_lua25k, 0, 1);
		figure_n("lua_depth150k", s_lua150k, 0, 1);
	}

	/* Figure 12: the longest interrupts-off stretch so far (irqoff.c). */
	check("irqoff", irqoff_report());

	check("quit", pier_send(peer[PP_R1], MSG_QUIT, 0, 0));
out:
	say("bench: done\n");
	pier_exit(failures ? 1 : 0);
}
