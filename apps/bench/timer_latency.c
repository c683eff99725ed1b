/* bench: figure 7, a due timer to its handler's first instruction. */

/*
 * It needs the benchmark kernel (-DPIER_BENCH, built by make bench): a
 * normal one leaves the packet's stamp 0, and the samples fail. It sets
 * one-shot timers and spins until they fire. What each key measures, and
 * why, is in docs/performance.md.
 */
#include <string.h>
#include "figures.h"

#define TIMER_LEAD 50	/* ticks from a tick edge to the due time: room for the set call */

static uint32_t tick_port;
static uint64_t ipt;	/* instructions (ns) per tick */
static uint64_t timer_pad;	/* nops before the set call: see timer_setup */
/* tick_edge, tick_align and pad_nops (arch/riscv/user/bench_insn.h): a
 * sled of BENCH_SLED nops must hold at least a tick's worth. */

/* Written by the handler, read by the driver after it ran. */
static volatile unsigned tick_count;
static uint64_t tick_entry, tick_queued, tick_due;

static int h_tick(const struct pier_packet *pkt, uint64_t stamp)
{
	struct pier_timer_fired f;

	if (pkt->type != PIER_MSG_TIMER || pkt->size != sizeof(f))
		return PIER_E_TYPE;
	memcpy(&f, pkt->data, sizeof(f));
	tick_entry = stamp;
	tick_queued = f.stamp;
	tick_due = f.due;
	tick_count++;
	return PIER_OK;
}

/*
 * Under -icount shift=0, tick T must start when instret reads T * ipt. The
 * read that sees it comes 0 to BENCH_EDGE_LOOP - 1 later, by where the loop was:
 * over edges met at several points of the loop the least must be 0.
 */
static int clock_check(void)
{
	uint64_t at, t, least = UINT64_MAX, most = 0;

	for (unsigned k = 0; k < 12; k++) {
		for (volatile unsigned spin = 0; spin < k; spin++)
			;
		t = tick_edge(&at);
		if (at < t * ipt)
			return PIER_E_STATE;
		least = at - t * ipt < least ? at - t * ipt : least;
		most = at - t * ipt > most ? at - t * ipt : most;
	}
	return least == 0 && most < BENCH_EDGE_LOOP ? PIER_OK : PIER_E_STATE;
}

static struct pier_timer_set tset;	/* absolute, one-shot */
static struct pier_timer_id tid;
static struct pier_frame tset_frame = {
	.frmsz = sizeof(struct pier_frame), .flags = PIER_OP_CALL,
	.dst = PIER_H_TIMER, .type = PIER_TIMER_SET, .pkt = &tset,
	.pktsz = sizeof(tset), .rbuf = &tid, .rbufsz = sizeof(tid),
};

/*
 * Set a timer TIMER_LEAD ticks after a tick edge and nops nops, so every
 * sample sets it at the same point of a tick, and spin until its handler
 * has run.
 */
static int tick_once(uint64_t nops)
{
	unsigned n = tick_count;
	uint64_t t = tick_align(ipt), now;
	int rc;

	tset.when = t + TIMER_LEAD;
	pad_nops(nops);
	rc = pier_ecall(&tset_frame);
	now = time_now();
	if (rc == PIER_OK && now >= tset.when)
		rc = PIER_E_STATE;	/* the set call took longer than the lead */
	while (rc == PIER_OK && tick_count == n)
		;	/* the timer's handler preempts this loop */
	if (rc == PIER_OK && tick_due != tset.when)
		rc = PIER_E_STATE;
	if (rc == PIER_OK && !tick_queued)
		rc = PIER_E_UNSUPPORTED;	/* not the benchmark kernel */
	return rc;
}

/*
 * QEMU arms its Sstc timer from the instant stimecmp is written, not from
 * a tick edge, so it raises the interrupt as far into the due tick as the
 * write was into its own tick. Hardware raises it at the edge. Of the ipt
 * paddings that move the kernel's write through one tick, the one with the
 * least lateness puts the write on an edge: every figure 7 sample uses it.
 */
int timer_setup(void)
{
	struct pier_time now;
	uint64_t least = UINT64_MAX;
	int rc = pier_time_now(&now);

	if (rc != PIER_OK)
		return rc;
	if (!now.hz || 1000000000ull % now.hz || 1000000000ull / now.hz > BENCH_SLED)
		return PIER_E_UNSUPPORTED;	/* not whole ns, or too many */
	ipt = 1000000000ull / now.hz;
	if ((rc = clock_check()) != PIER_OK)
		return rc;
	if ((rc = port_new(bench_entry, (uintptr_t)h_tick, PRIO_IRQ, 0,
			   &tick_port)) != PIER_OK)
		return rc;
	tset.port = tick_port;
	for (uint64_t nops = 0; nops < ipt; nops++) {
		if ((rc = tick_once(nops)) != PIER_OK)
			return rc;
		if (tick_queued - tick_due * ipt < least) {
			least = tick_queued - tick_due * ipt;
			timer_pad = nops;
		}
	}
	return PIER_OK;
}

/* The padding timer_setup chose. */
uint32_t timer_padding(void)
{
	return (uint32_t)timer_pad;
}

/*
 * One timer packet. WHOLE: from the due tick's first instruction, as a
 * stamp, to the handler's; TO_KERNEL: to the kernel's stamp as it queues
 * the packet; FROM_KERNEL: from that stamp.
 */
static int tick_sample(enum part part, uint32_t *d)
{
	int rc = tick_once(timer_pad);
	uint64_t due = tick_due * ipt;

	*d = (uint32_t)(part == WHOLE ? tick_entry - due :
			part == TO_KERNEL ? tick_queued - due :
			tick_entry - tick_queued);
	return rc;
}

int s_timer(uint32_t *d)
{
	return tick_sample(WHOLE, d);
}

int s_timer_queue(uint32_t *d)
{
	return tick_sample(TO_KERNEL, d);
}

int s_timer_dispatch(uint32_t *d)
{
	return tick_sample(FROM_KERNEL, d);
}
