/* The fast path: the common frames straight through, with the slow path's outcome. */
#include <pier/pier.h>
#include "ipc.h"
#include "ipc_impl.h"
#include "device.h"
#include "kcall.h"
#include "ktimer.h"
#include "sched.h"
#include "uaccess.h"

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
 * The cases are not inlined: ipc_fast stays small for the frames none takes.
 */
bool ipc_fast_enabled = true;
uint64_t ipc_fast_taken[PIER_FAST_CASES];

/* The handle dst names, if it may send. */
static inline struct handle *send_handle(struct space *s, uint32_t dst)
{
	struct handle *h;

	if (dst == PIER_H_NONE || dst >= s->nhandles)
		return NULL;
	h = &s->handles[dst];
	return h->port && (h->rights & PIER_R_SEND) && !h->port->dead ? h : NULL;
}

/* A call to a kernel port that answers inline and keeps the caller running:
 * kcall_invoke's call case, without its answers and grants. */
static __attribute__((noinline)) bool fast_kcall(struct port *cur, const struct handle *h,
						 const struct pier_frame *f, uint64_t fva)
{
	uint8_t pkt[PIER_PACKET_MAX], reply[PIER_PACKET_MAX];
	struct reply_buf rb = frame_rbuf(f);
	struct space *s = cur->space;
	struct kcall k;
	int rc, wrc;

	if (!h->port->quick || call_buffers_check(s, f, fva) ||
	    copy_from_user(&s->vm, pkt, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	ipc_fast_taken[PIER_FAST_KCALL]++;  /* before serving: the debug port reports it */
	kcall_init(&k, f, h, pkt, reply, rb.size < PIER_PACKET_MAX ? rb.size : PIER_PACKET_MAX);
	rc = h->port->serve(cur, &k);
	/* Whether the frame and rbuf are still writable is checked again. */
	wrc = reply_put(s, fva, &rb, f->type, reply, k.reply_size, NULL, 0);
	ctx_set_result(&cur->ctx, wrc ? wrc : rc);
	if (sched_outranked())
		sched_preempt_current();
	return true;
}

/* A call to an idle user port that would be the next to run anyway. */
static __attribute__((noinline)) bool fast_ucall(struct port *cur, struct port *to,
						 const struct pier_frame *f, uint64_t fva)
{
	struct space *s = cur->space;
	struct pier_packet *pkt;
	uint64_t sp;

	/* No activation, nothing queued, and nothing else waiting at its
	 * priority or above: the slow path would start it at once. */
	if (to->stopped || to->state != ACT_NONE || to->q.count ||
	    !to->q.depth || !sched_clear_from(to->prio))
		return false;
	if (call_buffers_check(s, f, fva))
		return false;
	/* Straight onto the top of its stack, where activation_start puts it. */
	pkt = activation_packet(to, f->pktsz, &sp);
	if (copy_from_user(&s->vm, pkt->data, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	ipc_fast_taken[PIER_FAST_CALL]++;
	pkt->type = f->type;
	pkt->size = f->pktsz;
	pkt->badge = s->id;
	pkt->flags = PIER_PKT_CALL;
	pkt->handle = 0;
	pkt->stamp = 0;

	cur->state = ACT_BLOCKED;
	cur->calling = to;
	cur->call_frame = fva;
	cur->call_rbuf = frame_rbuf(f);
	activation_begin(to, sp, cur);
	return true;
}

/* A call: to a kernel port or a user port. Only jumps on, so it keeps no frame. */
static __attribute__((noinline)) bool fast_call(struct port *cur, const struct pier_frame *f,
						uint64_t fva)
{
	struct handle *h = f->grant ? NULL : send_handle(cur->space, f->dst);

	if (!h)
		return false;
	return h->port->serve ? fast_kcall(cur, h, f, fva) : fast_ucall(cur, h->port, f, fva);
}

/* A send to a user port with room: queued, and the sender goes on unless outranked. */
static __attribute__((noinline)) bool fast_send(struct port *cur, const struct pier_frame *f)
{
	struct space *s = cur->space;
	struct handle *h = f->grant ? NULL : send_handle(s, f->dst);
	struct port *to = h ? h->port : NULL;
	struct pq_slot *slot;

	if (!to || to->serve || pq_full(&to->q))
		return false;
	slot = pq_tail(&to->q);
	if (copy_from_user(&s->vm, slot->data, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	ipc_fast_taken[PIER_FAST_SEND]++;
	slot->type = f->type;
	slot->size = f->pktsz;
	slot->flags = 0;
	slot->handle = 0;
	slot->badge = s->id;
	slot->caller = NULL;
	pq_push_tail(&to->q);
	sched_wake(to);
	ctx_set_result(&cur->ctx, PIER_OK);
	if (sched_outranked())
		sched_preempt_current();
	return true;
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
 * The handler ends. With a caller that outranks everything waiting: back
 * to it. With none: the scheduler picks, as after any activation, once it
 * is sure to find someone (else the slow path ends in the idle loop).
 */
static __attribute__((noinline)) bool fast_return(struct port *cur, const struct pier_frame *f)
{
	struct port *c = cur->caller;
	int rc;

	if (!c) {
		struct rq_node *n = runq_best(&runq);

		if (n ? !sched_runnable(port_of_rq(n)) : !cur->q.count)
			return false;
		ipc_fast_taken[PIER_FAST_END]++;
		sched_end_current();
		device_retry();         /* as kernel_dispatch does first */
		sched_pick();
		return true;
	}
	if (cur->q.count || !sched_clear_from(c->prio))
		return false;
	ipc_fast_taken[PIER_FAST_RETURN]++;
	vm_activate(&c->space->vm);
	rc = reply_write(c, 0, NULL, 0, NULL, 0);
	cur->state = ACT_NONE;
	cur->caller = NULL;
	resume_caller(c, rc ? rc : f->status);
	return true;
}

/*
 * A reply. A caller that outranks the replier and everything waiting runs
 * at once, and the replier is preempted; any other caller is made ready,
 * and the replier goes on unless something now outranks it. Its own
 * function: its buffer would make every case pay for a larger frame.
 */
static __attribute__((noinline)) bool fast_reply(struct port *cur, const struct pier_frame *f)
{
	uint8_t data[PIER_PACKET_MAX];
	struct port *c = cur->caller;
	int rc;

	if (!c || f->grant ||
	    copy_from_user(&cur->space->vm, data, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	vm_activate(&c->space->vm);
	rc = reply_write(c, f->type, data, f->pktsz, NULL, 0);
	if (rc == PIER_E_REPLY_SIZE) {
		vm_activate(&cur->space->vm);
		return false;   /* the replier hears of it, as the slow path says */
	}
	ipc_fast_taken[PIER_FAST_REPLY]++;
	cur->caller = NULL;
	ctx_set_result(&cur->ctx, PIER_OK);
	if (c->prio > cur->prio && sched_clear_from(c->prio)) {
		sched_preempt_current();
		resume_caller(c, rc);
		return true;
	}
	c->state = ACT_READY;
	c->calling = NULL;
	ctx_set_result(&c->ctx, rc);
	sched_wake(c);
	if (sched_outranked())
		sched_preempt_current();
	return true;
}

struct ipc_next ipc_fast(struct port *cur, uint64_t fva)
{
	struct pier_frame f;
	struct port *next;
	bool done = false;

	if (!ipc_fast_enabled || frame_read(&f, fva) ||
	    f.frmsz != sizeof(f) || f.pktsz > PIER_PACKET_MAX)
		return (struct ipc_next){ NULL, NULL };
	switch (f.flags) {      /* the bare operation: no modifier flags */
	case PIER_OP_SEND:
		done = fast_send(cur, &f);
		break;
	case PIER_OP_CALL:
		done = fast_call(cur, &f, fva);
		break;
	case PIER_OP_REPLY:
		done = fast_reply(cur, &f);
		break;
	case PIER_OP_RETURN:
		done = fast_return(cur, &f);
		break;
	}
	if (!done)
		return (struct ipc_next){ NULL, NULL };
	next = current;
	if (next) {
		ktimer_slice();
		vm_activate(&next->space->vm);
	}
	/* Ended (and perhaps started afresh by the pick): nothing to keep. */
	return (struct ipc_next){ next, cur->state == ACT_NONE || cur->ctx.fresh ? NULL : cur };
}
