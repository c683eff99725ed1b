/* The fast path: the common frames straight through, with the slow path's outcome. */
#include <pier/pier.h>
#include "ipc.h"
#include "ipc_impl.h"
#include "kcall.h"
#include "ktimer.h"
#include "sched.h"
#include "uaccess.h"
#include "fastpath.h"
#include "frame.h"

/*
 * The slow path (ipc.c) decodes every frame in full, queues packets and
 * leaves the choice of who runs next to the scheduler; trap.S saves the
 * whole context for it. Here, for the frames below, the kernel goes
 * straight to the outcome instead, and the caller's callee-saved
 * registers are stored only if it does not go on. Each case takes only
 * frames the slow path would accept and ports in the state it names, and
 * leaves the system exactly as the slow path would; anything else returns
 * NOT_TAKEN before changing anything, and the slow path, the reference,
 * runs. tests/qemu/progs/fastpath runs the same calls both ways and
 * compares. trap.S reads the frame; ipc_fast jumps to its case, which
 * returns the outcome itself, so each case keeps only its own registers,
 * and the commonest (a call with an empty packet, a return) none at all.
 * Here: sends and calls; fastpath_answer.c: returns, replies and holds.
 */
bool ipc_fast_enabled = true;
uint64_t ipc_fast_taken[PIER_FAST_CASES];

/* fast_done's work, when there is some (fastpath.h). */
__attribute__((noinline)) ipc_next fast_switch(struct port *next, bool keep)
{
	ktimer_slice();
	vm_activate(&next->space->vm);
	return ipc_next_of(next, keep);
}

/* The handle dst names, if it may send. */
static inline struct handle *send_handle(struct space *s, uint32_t dst)
{
	struct handle *h;

	if (dst == PIER_H_NONE || dst >= s->nhandles)
		return NULL;
	h = &s->handles[dst];
	return h->port && (h->rights & PIER_R_SEND) && !h->port->dead ? h : NULL;
}

/* A kernel call's request and where its answer goes, kept in memory
 * across the port's serve, a call that must be made. */
struct fast_kreq {
	struct kcall k;
	uint64_t fva;
	struct reply_buf rb;
	uint8_t pkt[PIER_PACKET_MAX], reply[PIER_PACKET_MAX];
};

/*
 * A call to a kernel port that answers inline and keeps the caller
 * running: kcall_invoke's call case, without its answers and grants. Its
 * buffers must be known writable (else the slow path walks).
 */
static __attribute__((noinline)) ipc_next fast_kcall(struct port *cur, const struct handle *h,
						     const struct pier_frame *f, uint64_t fva)
{
	struct vm *vm = &cur->space->vm;
	struct fast_kreq r;
	int wrc;

	if (!h->port->quick ||
	    !uaccess_w_known(vm, (uint64_t)(uintptr_t)f->rbuf, f->rbufsz) ||
	    !uaccess_w_known(vm, fva, sizeof(*f)) ||
	    (f->pktsz && (!uaccess_user_range((uint64_t)(uintptr_t)f->pkt, f->pktsz) ||
			  uaccess_copy(r.pkt, f->pkt, f->pktsz))))
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_KCALL]++;  /* before serving: the debug port reports it */
	r.fva = fva;
	r.rb = frame_rbuf(f);
	kcall_init(&r.k, f, h, r.pkt, r.reply,
		   r.rb.size < PIER_PACKET_MAX ? r.rb.size : PIER_PACKET_MAX);
	ctx_set_result(&cur->ctx, h->port->serve(cur, &r.k));
	/* Whether the frame and rbuf are still writable is checked again. */
	wrc = reply_put(cur->space, r.fva, &r.rb, r.k.type, r.reply, r.k.reply_size, NULL, 0);
	if (wrc)
		ctx_set_result(&cur->ctx, wrc);
	if (sched_outranked())
		sched_preempt_inline();
	return fast_done(cur);
}

/* The call's packet is on to's stack: cur blocks, and to's new activation runs. */
static inline ipc_next ucall_begin(struct port *cur, struct port *to,
					  const struct pier_frame *f, uint64_t fva,
					  struct pier_packet *pkt, uint64_t sp)
{
	ipc_fast_taken[PIER_FAST_CALL]++;
	pkt->type = f->type;
	pkt->size = f->pktsz;
	pkt->badge = cur->space->id;
	pkt->flags = PIER_PKT_CALL;
	pkt->handle = 0;
	pkt->stamp = 0;

	cur->state = ACT_BLOCKED;
	cur->calling = to;
	cur->call_frame = fva;
	cur->call_rbuf = frame_rbuf(f);
	activation_begin(to, sp, cur);
	return fast_done(cur);
}

/* fast_ucall with packet data, copied from the space on the CPU (cur's)
 * by a leaf (uaccess_leaf.h): only ra is saved around it. */
static __attribute__((noinline)) ipc_next fast_ucall_data(struct port *cur, struct port *to,
							  const struct pier_frame *f, uint64_t fva)
{
	uint64_t sp;
	struct pier_packet *pkt = activation_packet(to, f->pktsz, &sp);

	if (!uaccess_user_range((uint64_t)(uintptr_t)f->pkt, f->pktsz) ||
	    uaccess_copy(pkt->data, f->pkt, f->pktsz))
		return NOT_TAKEN;
	return ucall_begin(cur, to, f, fva, pkt, sp);
}

/*
 * A call to an idle user port that would be the next to run anyway. An
 * empty packet makes no call at all: no stack frame, no register saved.
 */
static __attribute__((noinline)) ipc_next fast_ucall(struct port *cur, struct port *to,
							    const struct pier_frame *f, uint64_t fva)
{
	struct vm *vm = &cur->space->vm;
	struct pier_packet *pkt;
	uint64_t sp;

	/* No activation, nothing queued, and nothing else waiting at its
	 * priority or above: the slow path would start it at once. */
	if (to->stopped || to->state != ACT_NONE || to->q.count ||
	    !to->q.depth || !sched_clear_from(to->prio))
		return NOT_TAKEN;
	/* The reply buffer and the frame must be writable: here, both
	 * pages known so; else the slow path walks the tables. */
	if (!uaccess_w_known(vm, (uint64_t)(uintptr_t)f->rbuf, f->rbufsz) ||
	    !uaccess_w_known(vm, fva, sizeof(*f)))
		return NOT_TAKEN;
	if (f->pktsz)
		return fast_ucall_data(cur, to, f, fva);
	/* Straight onto the top of its stack, where activation_start puts it. */
	pkt = activation_packet(to, 0, &sp);
	return ucall_begin(cur, to, f, fva, pkt, sp);
}

/* A call: to a kernel port or a user port. Only jumps on, so it keeps no frame. */
static __attribute__((noinline)) ipc_next fast_call(struct port *cur, const struct pier_frame *f,
							   uint64_t fva)
{
	struct handle *h = f->grant ? NULL : send_handle(cur->space, f->dst);

	if (!h)
		return NOT_TAKEN;
	return h->port->serve ? fast_kcall(cur, h, f, fva) : fast_ucall(cur, h->port, f, fva);
}

/*
 * A send to a user port with room: queued, and the sender goes on unless
 * outranked. The packet is copied straight into the queue's slot by the
 * leaf copy, and the port woken by the scheduler's inline: no call.
 */
static __attribute__((noinline)) ipc_next fast_send(struct port *cur, const struct pier_frame *f)
{
	struct space *s = cur->space;
	struct handle *h = f->grant ? NULL : send_handle(s, f->dst);
	struct port *to = h ? h->port : NULL;
	struct pq_slot *slot;

	if (!to || to->serve || pq_full(&to->q))
		return NOT_TAKEN;
	slot = pq_tail(&to->q);
	if (f->pktsz && (!uaccess_user_range((uint64_t)(uintptr_t)f->pkt, f->pktsz) ||
			 uaccess_copy(slot->data, f->pkt, f->pktsz)))
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_SEND]++;
	slot->type = f->type;
	slot->size = f->pktsz;
	slot->flags = 0;
	slot->handle = 0;
	slot->badge = s->id;
	slot->caller = cur;     /* the sender, referenced: told if the packet is dropped */
	cur->refs++;
	pq_push_tail(&to->q);
	sched_wake_inline(to);
	ctx_set_result(&cur->ctx, PIER_OK);
	if (sched_outranked())
		sched_preempt_inline();
	return fast_done(cur);
}

/* A hold, or an answer to a held call (a reply, or a return with it):
 * what a driver makes per request. */
static __attribute__((noinline)) ipc_next fast_held(const struct pier_frame *f)
{
	struct port *cur = current;     /* ipc_fast's cur: the one that made the ecall */

	if (f->flags == (PIER_OP_REPLY | PIER_F_HELD))
		return fast_reply_held(cur, f);
	if (f->flags == (PIER_OP_RETURN | PIER_F_HELD) ||
	    f->flags == (PIER_OP_RETURN | PIER_F_HELD | PIER_F_ACK))
		return fast_return_held(cur, f);
	if (f->flags == PIER_OP_HOLD)
		return fast_hold(cur);
	return NOT_TAKEN;
}

ipc_next ipc_fast(struct port *cur, uint64_t fva, const struct pier_frame *f)
{
	/* The slow path's own check (frame.h), so both take the same frames;
	 * the switch takes only bare operations, and fast_held a held
	 * call's reply: each passes its flag rules. */
	if (!ipc_fast_enabled || !frame_fields_ok_fast(f))
		return NOT_TAKEN;
	switch (f->flags) {     /* the bare operation: no modifier flags */
	case PIER_OP_SEND:
		return fast_send(cur, f);
	case PIER_OP_CALL:
		return fast_call(cur, f, fva);
	case PIER_OP_REPLY:
		return fast_reply(cur, f);
	case PIER_OP_RETURN:
		return fast_return(cur, f);
	}
	/* Out of the switch, and cur found again there, so that the four
	 * cases above cost what they did. */
	return fast_held(f);
}
