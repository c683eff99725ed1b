/* The fast path: the common frames straight through, with the slow path's outcome. */
#include <pier/pier.h>
#include "ipc.h"
#include "ipc_impl.h"
#include "device.h"
#include "kcall.h"
#include "ktimer.h"
#include "sched.h"
#include "uaccess.h"
#include "vm_switch.h"

/*
 * The slow path (ipc.c) decodes every frame in full, queues packets and
 * leaves the choice of who runs next to the scheduler; trap.S saves the
 * whole context for it. Here, for the frames below, the kernel goes
 * straight to the outcome instead, and the caller's callee-saved
 * registers are stored only if it does not go on. Each case takes only
 * frames the slow path would accept and ports in the state it names, and
 * leaves the system exactly as the slow path would; anything else returns
 * false before changing anything, and the slow path, the reference, runs.
 * tests/qemu/progs/fastpath runs the same calls both ways and compares.
 * trap.S reads the frame; ipc_fast jumps to its case, which returns the
 * outcome itself, so each case keeps only its own registers, and the
 * commonest (a call with an empty packet, a return) none at all.
 */
bool ipc_fast_enabled = true;
uint64_t ipc_fast_taken[PIER_FAST_CASES];

#define NOT_TAKEN ((ipc_next)0)

/* Does cur's activation live on? Not if it ended, or ended and was
 * started afresh by a pick: nothing to keep then. */
static inline bool fast_keep(const struct port *cur)
{
	return cur->state != ACT_NONE && !cur->ctx.fresh;
}

/* A case is done: who runs now, with its space and time slice set. */
static inline ipc_next fast_next(struct port *cur)
{
	struct port *next = current;

	if (next) {
		ktimer_slice();
		vm_activate(&next->space->vm);
	}
	return ipc_next_of(next, fast_keep(cur));
}

/* fast_done's work, when there is some: out of line, so that a case
 * that reaches it keeps no stack frame of its own. */
static __attribute__((noinline)) ipc_next fast_switch(struct port *next, bool keep)
{
	ktimer_slice();
	vm_activate(&next->space->vm);
	return ipc_next_of(next, keep);
}

/* fast_next, as the tail of a case that calls nothing itself. */
static inline ipc_next fast_done(struct port *cur)
{
	struct port *next = current;
	struct vm *vm = next ? &next->space->vm : NULL;

	if (next && (ktimer_slice_due() || (vm != vm_active && !vm_switch_quick(vm))))
		return fast_switch(next, fast_keep(cur));
	return ipc_next_of(next, fast_keep(cur));
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
	slot->caller = NULL;
	pq_push_tail(&to->q);
	sched_wake_inline(to);
	ctx_set_result(&cur->ctx, PIER_OK);
	if (sched_outranked())
		sched_preempt_inline();
	return fast_done(cur);
}

/* The caller c resumes now, with status, in place of cur. */
static void resume_caller(struct port *c, int status)
{
	c->calling = NULL;
	c->state = ACT_RUNNING;
	ctx_set_result(&c->ctx, status);
	current = c;
}

/*
 * The handler ends with no caller: the scheduler picks, as after any
 * activation, once it is sure to find someone (else the slow path ends
 * in the idle loop).
 */
static __attribute__((noinline)) ipc_next fast_end(struct port *cur)
{
	struct rq_node *n = runq_best(&runq);

	if (n ? !sched_runnable(port_of_rq(n)) : !cur->q.count)
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_END]++;
	sched_end_current();
	device_retry();         /* as kernel_dispatch does first */
	sched_pick();
	return fast_next(cur);
}

/* The caller c, now current, hears status (or why its frame could not
 * be written): fast_return's ending when a call must be made. */
static __attribute__((noinline)) ipc_next fast_answer(struct port *c, int status)
{
	int rc;

	vm_activate(&c->space->vm);
	rc = reply_write(c, 0, NULL, 0, NULL, 0);
	ctx_set_result(&c->ctx, rc ? rc : status);
	ktimer_slice();
	return ipc_next_of(c, false);
}

/*
 * The handler ends, and its caller outranks everything waiting: back to
 * it. Its frame must be known writable (else the slow path walks). Then
 * the empty reply is written in the caller's own space, as reply_write
 * would once these checks pass; mostly nothing here makes a call.
 */
static __attribute__((noinline)) ipc_next fast_return(struct port *cur, const struct pier_frame *f)
{
	struct port *c = cur->caller;
	struct vm *vm;

	if (!c)
		return fast_end(cur);
	if (cur->q.count || !sched_clear_from(c->prio) ||
	    !uaccess_w_known(&c->space->vm, c->call_frame, sizeof(struct pier_frame)) ||
	    !uaccess_w_known(&c->space->vm, c->call_rbuf.va, 0))
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_RETURN]++;
	cur->state = ACT_NONE;
	cur->caller = NULL;
	c->calling = NULL;
	c->state = ACT_RUNNING;
	current = c;
	vm = &c->space->vm;
	if (vm != vm_active && !vm_switch_quick(vm))
		return fast_answer(c, f->status);
	if (uaccess_result((void *)(c->call_frame + offsetof(struct pier_frame, rsz)), 0, 0, 0))
		ctx_set_result(&c->ctx, PIER_E_UNMAPPED);
	else
		ctx_set_result(&c->ctx, f->status);
	if (ktimer_slice_due())
		return fast_switch(c, false);
	return ipc_next_of(c, false);
}

/* fast_reply's ending when the caller does not run at once: it is made
 * ready, and the replier goes on unless something now outranks it. */
static __attribute__((noinline)) ipc_next fast_reply_ready(struct port *cur, struct port *c, int rc)
{
	c->state = ACT_READY;
	c->calling = NULL;
	ctx_set_result(&c->ctx, rc);
	sched_wake(c);
	if (sched_outranked())
		sched_preempt_current();
	return fast_next(cur);
}

/*
 * A reply with data and no grant, that fits the caller's buffer; both its
 * pages (buffer and frame) known writable, and its ASID of this
 * generation, else the slow path. The data goes through a buffer here,
 * from the replier's space into the caller's, then the size and type
 * into its frame: what reply_put does once these checks pass. A caller
 * that outranks the replier and everything waiting runs at once, and the
 * replier is preempted; that way nothing here makes a call.
 */
static __attribute__((noinline)) ipc_next fast_reply(struct port *cur, const struct pier_frame *f)
{
	uint8_t data[PIER_PACKET_MAX];
	struct port *c = cur->caller;
	uint32_t size = f->pktsz;
	struct vm *cvm;
	int rc;

	if (!c || f->grant || size > c->call_rbuf.size)
		return NOT_TAKEN;
	cvm = &c->space->vm;
	if (!uaccess_w_known(cvm, c->call_frame, sizeof(*f)) ||
	    !uaccess_w_known(cvm, c->call_rbuf.va, size) ||
	    (size && (!uaccess_user_range((uint64_t)(uintptr_t)f->pkt, size) ||
		      uaccess_copy(data, f->pkt, size))))
		return NOT_TAKEN;
	if (cvm != vm_active && !vm_switch_quick(cvm))
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_REPLY]++;
	if (size)       /* known writable: it cannot fault */
		uaccess_copy((void *)c->call_rbuf.va, data, size);
	rc = uaccess_result((void *)(c->call_frame + offsetof(struct pier_frame, rsz)),
			    size, f->type, 0) ? PIER_E_UNMAPPED : PIER_OK;
	cur->caller = NULL;
	ctx_set_result(&cur->ctx, PIER_OK);
	if (!(c->prio > cur->prio && sched_clear_from(c->prio)))
		return fast_reply_ready(cur, c, rc);
	sched_preempt_inline();
	resume_caller(c, rc);
	return fast_done(cur);
}

ipc_next ipc_fast(struct port *cur, uint64_t fva, const struct pier_frame *f)
{
	if (!ipc_fast_enabled || f->frmsz != sizeof(*f) || f->pktsz > PIER_PACKET_MAX)
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
	return NOT_TAKEN;
}
