/* The fast path: a call to a port free to take it now, and the reply or return that answers it. */
#include <pier/pier.h>
#include "ipc_impl.h"
#include "sched.h"
#include "uaccess.h"

/*
 * The slow path (ipc.c) queues the packet, wakes the receiver and lets the
 * scheduler pick; here, when that pick is already known, the kernel
 * switches straight to the receiver instead. Each case below takes only
 * frames the slow path would accept and ports in the state it names, and
 * leaves the system exactly as the slow path would; anything else returns
 * false before changing anything, and the slow path, the reference, runs.
 * tests/qemu/progs/fastpath runs the same calls both ways and compares.
 */
bool ipc_fast_enabled = true;
uint64_t ipc_fast_taken;

/* A call to an idle user port that would be the next to run anyway.
 * Not inlined, nor are the others: ipc_fast stays a frameless switch. */
static __attribute__((noinline)) bool fast_call(struct port *cur, const struct pier_frame *f, uint64_t fva)
{
	struct space *s = cur->space;
	struct handle *h;
	struct port *to;
	struct pier_packet *pkt;
	uint64_t sp;

	if (f->grant || f->dst == PIER_H_NONE || f->dst >= s->nhandles)
		return false;
	h = &s->handles[f->dst];
	to = h->port;
	/* No activation, nothing queued, and nothing else waiting at its
	 * priority or above: the slow path would start it at once. */
	if (!to || !(h->rights & PIER_R_SEND) || to->serve || to->dead ||
	    to->stopped || to->state != ACT_NONE || to->q.count ||
	    !to->q.depth || !sched_clear_from(to->prio))
		return false;
	if (call_buffers_check(s, f, fva))
		return false;
	/* Straight onto the top of its stack, where activation_start puts it. */
	sp = (to->stack_top - sizeof(*pkt) - f->pktsz) & ~15ul;
	pkt = (struct pier_packet *)(to->stack_kva - (to->stack_top - sp));
	if (copy_from_user(&s->vm, pkt->data, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	pkt->type = f->type;
	pkt->size = f->pktsz;
	pkt->badge = s->id;
	pkt->flags = PIER_PKT_CALL;
	pkt->handle = 0;
	pkt->stamp = 0;

	cur->state = ACT_BLOCKED;
	cur->calling = to;
	cur->call_frame = fva;
	to->caller = cur;
	to->state = ACT_RUNNING;
	to->handled++;
	ctx_start(&to->ctx, to->entry, sp, sp, to->arg);
	current = to;
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

/* The handler ends and its caller outranks everything waiting: back to it. */
static __attribute__((noinline)) bool fast_return(struct port *cur, const struct pier_frame *f)
{
	struct port *c = cur->caller;
	int rc;

	if (!c || cur->q.count || !sched_clear_from(c->prio))
		return false;
	vm_activate(&c->space->vm);
	rc = reply_write(c->space, c->call_frame, 0, NULL, 0, NULL, 0);
	cur->state = ACT_NONE;
	cur->caller = NULL;
	resume_caller(c, rc ? rc : f->status);
	return true;
}

/* A reply to a caller that outranks the replier: the replier is preempted.
 * Not inlined: its buffer would make every case pay for a larger frame. */
static __attribute__((noinline)) bool fast_reply(struct port *cur, const struct pier_frame *f)
{
	uint8_t data[PIER_PACKET_MAX];
	struct port *c = cur->caller;
	int rc;

	if (!c || f->grant || c->prio <= cur->prio || !sched_clear_from(c->prio))
		return false;
	if (copy_from_user(&cur->space->vm, data, (uint64_t)(uintptr_t)f->pkt, f->pktsz))
		return false;
	vm_activate(&c->space->vm);
	rc = reply_write(c->space, c->call_frame, f->type, data, f->pktsz, NULL, 0);
	if (rc == PIER_E_REPLY_SIZE)
		return false;   /* the replier hears of it, as the slow path says */
	cur->caller = NULL;
	ctx_set_result(&cur->ctx, PIER_OK);
	sched_preempt_current();
	resume_caller(c, rc);
	return true;
}

bool ipc_fast(struct port *cur, const struct pier_frame *f, uint64_t fva)
{
	if (!ipc_fast_enabled || f->frmsz != sizeof(*f) || f->pktsz > PIER_PACKET_MAX)
		return false;
	bool done = false;

	switch (f->flags) {     /* the bare operation: no modifier flags */
	case PIER_OP_CALL:
		done = fast_call(cur, f, fva);
		break;
	case PIER_OP_REPLY:
		done = fast_reply(cur, f);
		break;
	case PIER_OP_RETURN:
		done = fast_return(cur, f);
		break;
	}
	ipc_fast_taken += done;
	return done;
}
