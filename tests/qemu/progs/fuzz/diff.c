/* fuzz: the fast path against the slow path: one random frame, made both ways, must come out the same. */
#include <string.h>
#include "fuzz.h"

static int fast(uint32_t on)
{
	struct pier_fastpath_req r = { .on = on };
	struct pier_fastpath out;

	return pier_call(PIER_H_DEBUG, PIER_DEBUG_FASTPATH, &r, sizeof(r), &out, sizeof(out), NULL);
}

/* Without the switch (kernels keep it for the super right), calls are compared cold and warm. */
void fz_diff_setup(void)
{
	int rc = fast(1);

	fz.fast_ok = rc == PIER_OK;
	if (!fz.fast_ok)
		fz_check(rc, NULL, 0, "fast path switch");
}

/* A handler whose outcome depends on the packet only: a reply of some of its bytes, or a status. */
int fz_echo_handler(const struct pier_packet *pkt)
{
	uint8_t c = pkt->size ? pkt->data[0] : 0;

	if (pkt->type == MSG_PING)
		return PIER_E_ARG;
#ifndef PIER_PORT_GRANTS
	if (pkt->handle)
		pier_handle_drop(pkt->handle);
#endif
	if (!(pkt->flags & PIER_PKT_CALL))
		return PIER_OK;
	if (c & 1)
		pier_reply(c, pkt->data, (c >> 1) < pkt->size ? c >> 1 : pkt->size);
	return -(int)(c % PIER_STATUS_COUNT);
}

struct outcome {
	int rc;
	struct pier_frame after;
	uint8_t reply[64];
};

/*
 * The fast path takes a call only when its frame's and reply buffer's
 * pages are known writable, as the last two pages found so are: make
 * them so, with a good call from the same pages.
 */
static void warm(const struct pier_frame *f)
{
	uint64_t rb = (uintptr_t)f->rbuf;
	struct pier_frame *w = (struct pier_frame *)(uintptr_t)(SCR_BASE + 64);

	*w = (struct pier_frame){ .frmsz = sizeof(*w), .flags = PIER_OP_CALL,
				  .type = PIER_DEBUG_NOP, .dst = PIER_H_DEBUG };
	if (rb >= SCR_BASE && rb < SCR_HOLE) {
		w->rbuf = f->rbuf;
		w->rbufsz = 1;
	}
	pier_ecall(w);
}

/*
 * The other way round: a good call from two other pages makes the
 * scratch pages unknown, so a call from them takes the slow path.
 */
static void cool(void)
{
	static uint8_t rb[8];
	struct pier_frame w = { .frmsz = sizeof(w), .flags = PIER_OP_CALL, .type = PIER_DEBUG_NOP,
				.dst = PIER_H_DEBUG, .rbuf = rb, .rbufsz = sizeof(rb) };

	pier_ecall(&w);
}

/* One try: the fast path on (or, without the switch, warm), or off (cold). */
static void run(uint32_t on, const struct pier_frame *f, uint64_t fva, int where,
		struct outcome *o)
{
	if (fz.fast_ok)
		fz_check(fast(on), NULL, 0, "fast path switch");
	if (on)
		warm(f);
	else if (!fz.fast_ok)
		cool();
	fz_guard_fill();
	if (where == 1 || where == 4)
		memcpy((void *)(uintptr_t)fva, f, sizeof(*f));
	o->rc = fz_ecall_at(fva, f);
	fz_check(o->rc, f, fva, "fast/slow frame");
	memset(&o->after, 0, sizeof(o->after));
	memset(o->reply, 0, sizeof(o->reply));
	if (where == 1 || where == 4)
		memcpy(&o->after, (const void *)(uintptr_t)fva, sizeof(o->after));
	if ((uintptr_t)f->rbuf >= SCR_RB && (uintptr_t)f->rbuf <= SCR_HOLE - sizeof(o->reply))
		memcpy(o->reply, f->rbuf, sizeof(o->reply));
	fz_drain();
}

/*
 * Frames to ports whose answer does not change between two tries: the
 * debug port's no-op, the time (its bytes aside), a query, the memory
 * counts, and a port of ours that answers from the packet alone.
 */
void fz_diff_step(void)
{
	static const uint32_t dsts[6] = { PIER_H_DEBUG, PIER_H_TIMER, PIER_H_SPACE, PIER_H_TASK, 0, 0 };
	static const uint32_t types[4] = { PIER_DEBUG_NOP, PIER_TIMER_NOW, PIER_SPACE_QUERY,
					   PIER_TASK_MEMINFO };
	struct pier_frame f = { .frmsz = sizeof(f), .rsz = RSZ_UNSET };
	struct outcome o[2];
	uint32_t i = below(6);
	int where, readable;
	size_t bytes;
	uint64_t fva = fz_frame_ptr(&where);

	if (where == 2 || where == 3 || where >= 5)
		return;
	f.dst = i < 4 ? dsts[i] : fz.in.echo;
	f.type = i < 4 ? types[i] : (uint32_t)rnd();
	f.flags = !fz.fast_ok ? PIER_OP_CALL :
		  PICK32(PIER_OP_SEND, PIER_OP_CALL, PIER_OP_CALL, PIER_OP_CALL,
			 PIER_OP_SEND | PIER_F_ANSWER, PIER_OP_REPLY);
	if (chance(5))
		f.frmsz = PICK32(0, 48, 64);
	f.pktsz = fz_size();
	f.pkt = (const void *)(uintptr_t)fz_pkt_ptr(1, f.pktsz, &readable);
	f.grant = f.flags & PIER_F_ANSWER ? fz.in.ans : chance(20) ? fz_slot_handle() : 0;
	f.rbuf = (void *)(uintptr_t)fz_rbuf_ptr(&f.rbufsz);
	if ((fz.avoid & AV_FAST_ZERO) &&
	    ((!f.pktsz && fz_ptr_bad((uintptr_t)f.pkt, 1) == 1) ||
	     (!f.rbufsz && fz_ptr_bad((uintptr_t)f.rbuf, 1) == 1)))
		return;
	run(1, &f, fva, where, &o[1]);
	run(0, &f, fva, where, &o[0]);
	if (fz.fast_ok)
		fz_check(fast(1), NULL, 0, "fast path switch");
	fz.stat_diff++;
	/*
	 * The time's bytes differ, and so may the memory counts, a query's
	 * count of our pages among them (children come and go meanwhile):
	 * whether and how the page is mapped may not, nor the echo.
	 */
	bytes = f.dst == fz.in.echo ? sizeof(o[0].reply) :
		f.dst == PIER_H_SPACE ? 2 * sizeof(uint32_t) : 0;
	if (o[0].rc != o[1].rc || o[0].after.rsz != o[1].after.rsz ||
	    o[0].after.rtype != o[1].after.rtype || memcmp(o[0].reply, o[1].reply, bytes)) {
		fz_fail("fast path and slow path differ: status %d and %d, rsz %u and %u%s",
			o[1].rc, o[0].rc, (unsigned)o[1].after.rsz, (unsigned)o[0].after.rsz,
			memcmp(o[0].reply, o[1].reply, bytes) ? ", reply bytes differ" : "");
		fz_frame_print(&f, fva);
	}
}
