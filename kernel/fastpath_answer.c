/* The fast path's answers: a return to the caller, the end of an activation, a reply. */
#include <stddef.h>
#include <pier/pier.h>
#include "ipc_impl.h"
#include "device.h"
#include "fastpath.h"
#include "uaccess.h"

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
__attribute__((noinline)) ipc_next fast_return(struct port *cur, const struct pier_frame *f)
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
	resume_caller(c, f->status);
	vm = &c->space->vm;
	if (vm != vm_active && !vm_switch_quick(vm))
		return fast_answer(c, f->status);
	if (uaccess_result((void *)(c->call_frame + offsetof(struct pier_frame, rsz)), 0, 0, 0))
		ctx_set_result(&c->ctx, PIER_E_UNMAPPED);
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
 *
 * c is the call being handled, or with held a held call of cur's (its
 * token checked by port_held_find, so never another port's), which
 * resumes with the frame's status unless its reply could not be written;
 * that form calls the held list's lookup and removal (each at most
 * PIER_HELD_MAX steps).
 */
static inline __attribute__((always_inline)) ipc_next
reply_fast(struct port *cur, struct port *c, const struct pier_frame *f, bool held)
{
	uint8_t data[PIER_PACKET_MAX];
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
	ipc_fast_taken[held ? PIER_FAST_HELD : PIER_FAST_REPLY]++;
	if (size)       /* known writable: it cannot fault */
		uaccess_copy((void *)c->call_rbuf.va, data, size);
	rc = uaccess_result((void *)(c->call_frame + offsetof(struct pier_frame, rsz)),
			    size, f->type, 0) ? PIER_E_UNMAPPED : held ? f->status : PIER_OK;
	if (held)
		port_held_remove(cur, c);
	else
		cur->caller = NULL;
	ctx_set_result(&cur->ctx, PIER_OK);
	if (!(c->prio > cur->prio && sched_clear_from(c->prio)))
		return fast_reply_ready(cur, c, rc);
	sched_preempt_inline();
	resume_caller(c, rc);
	return fast_done(cur);
}

__attribute__((noinline)) ipc_next fast_reply(struct port *cur, const struct pier_frame *f)
{
	return reply_fast(cur, cur->caller, f, false);
}

/* A reply to a held call (PIER_F_HELD): the token in dst, 0 for the oldest. */
__attribute__((noinline)) ipc_next fast_reply_held(struct port *cur, const struct pier_frame *f)
{
	return reply_fast(cur, port_held_find(cur, f->dst), f, true);
}

/*
 * PIER_OP_RETURN | PIER_F_HELD: answer a held call of cur's (its token
 * in dst) and end the activation, when that caller is the next to run:
 * nothing queued at cur, nothing waiting at the caller's priority or
 * above. Then fast_return with reply_fast's reply: the data through a
 * buffer, both of the caller's pages known writable and its ASID of this
 * generation, checked before anything changes; else the slow path. With
 * PIER_F_ACK, the interrupt is checked with the rest and acknowledged
 * once the answer is written.
 */
__attribute__((noinline)) ipc_next fast_return_held(struct port *cur, const struct pier_frame *f)
{
	uint8_t data[PIER_PACKET_MAX];
	struct port *c = port_held_find(cur, f->dst);
	struct device_irq *di = NULL;
	bool ack = f->flags & PIER_F_ACK;
	uint32_t size = f->pktsz;
	struct vm *cvm;
	int rc;

	if (!c || cur->caller || (f->grant && !ack) || size > c->call_rbuf.size ||
	    cur->q.count || !sched_clear_from(c->prio))
		return NOT_TAKEN;
	cvm = &c->space->vm;
	if (!uaccess_w_known(cvm, c->call_frame, sizeof(*f)) ||
	    !uaccess_w_known(cvm, c->call_rbuf.va, size) ||
	    (size && (!uaccess_user_range((uint64_t)(uintptr_t)f->pkt, size) ||
		      uaccess_copy(data, f->pkt, size))))
		return NOT_TAKEN;
	if (ack && device_irq_ack_check(cur->space, f->grant, f->rbufsz, &di))
		return NOT_TAKEN;
	if (cvm != vm_active && !vm_switch_quick(cvm))
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_HELD]++;
	if (size)       /* known writable: it cannot fault */
		uaccess_copy((void *)c->call_rbuf.va, data, size);
	rc = uaccess_result((void *)(c->call_frame + offsetof(struct pier_frame, rsz)),
			    size, f->type, 0) ? PIER_E_UNMAPPED : f->status;
	port_held_remove(cur, c);
	if (di)
		device_irq_ack_checked(di);
	cur->state = ACT_NONE;
	resume_caller(c, rc);
	if (ktimer_slice_due())
		return fast_switch(c, false);
	return ipc_next_of(c, false);
}

/* Hold the call being handled (ipc_hold): its token is the ecall's result,
 * and the activation goes on. */
__attribute__((noinline)) ipc_next fast_hold(struct port *cur)
{
	struct port *c = cur->caller;

	if (!c || cur->held_count >= PIER_HELD_MAX)
		return NOT_TAKEN;
	ipc_fast_taken[PIER_FAST_HOLD]++;
	ctx_set_result(&cur->ctx, port_hold(cur, c));
	cur->caller = NULL;
	if (sched_outranked())  /* as the slow path asks after every request */
		sched_preempt_inline();
	return fast_done(cur);
}
