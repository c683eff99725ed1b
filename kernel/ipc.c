/* Send, call, reply, return: each checks everything first, then acts, so bad input changes nothing. */
#include <stddef.h>
#include <string.h>
#include <pier/pier.h>
#include "ipc.h"
#include "ipc_impl.h"
#include "kcall.h"
#include "frame.h"
#include "kport.h"
#include "space.h"
#include "sched.h"
#include "uaccess.h"
#include "ktimer.h"
#include "log.h"
#include "device.h"

int ipc_deliver(struct port *from, struct port *to, uint32_t type,
		const void *data, uint32_t size, uint32_t flags,
		struct port *grant, uint32_t grant_rights)
{
	return ipc_queue(from ? from->space->id : 0, from, to, type, data, size, flags,
			 grant, grant_rights);
}

int ipc_queue(uint64_t badge, struct port *caller, struct port *to, uint32_t type,
	      const void *data, uint32_t size, uint32_t flags,
	      struct port *grant, uint32_t grant_rights)
{
	uint32_t handle = 0;
	struct pq_slot *s;

	if (to->dead)
		return PIER_E_GONE;
	if (pq_full(&to->q))
		return PIER_E_FULL;
	if (grant) {
		/* A handle goes only where it is welcome (PIER_PORT_GRANTS). */
		if (!to->accept_grants)
			return PIER_E_RIGHTS;
		int rc = space_handle_add(to->space, grant, grant_rights, 0, &handle);
		if (rc)
			return rc;
	}
	s = pq_push(&to->q);
	s->type = type;
	s->size = size;
	s->flags = flags;
	s->handle = handle;
	s->badge = badge;
	s->caller = caller;
	if (caller && !(flags & PIER_PKT_CALL))
		port_ref(caller);       /* a send's sender: told if the packet is dropped */
	memcpy(s->data, data, size);
	sched_wake(to);
	return PIER_OK;
}

/* Would cur wait on itself by calling to? Follow the chain of blocked calls. */
static bool call_cycles(const struct port *cur, const struct port *to)
{
	for (const struct port *p = to; p; p = p->calling) {
		if (p == cur)
			return true;
		if (p->state != ACT_BLOCKED)
			return false;
	}
	return false;
}

/* reply_put when a page must be walked or a handle granted. */
int reply_put_slow(struct space *cs, uint64_t fva, const struct reply_buf *rb,
		   uint32_t type, const void *data, uint32_t size,
		   struct port *grant, uint32_t grant_rights)
{
	uint32_t handle = 0;
	int rc = uaccess_check_w(&cs->vm, fva, sizeof(struct pier_frame));

	if (!rc)
		rc = uaccess_check_w(&cs->vm, rb->va, size);
	if (!rc && grant)
		rc = space_handle_add(cs, grant, grant_rights, 0, &handle);
	if (!rc && size)
		copy_to_user(&cs->vm, rb->va, data, size);
	return rc ? rc : frame_put_result(&cs->vm, fva, size, type, handle);
}

/* A call's reply buffer and frame must be writable before it is made.
 * (Writable is readable too: W is never mapped without R.) */
static int call_buffers_check(struct space *s, const struct pier_frame *f, uint64_t fva)
{
	uint64_t rbuf = (uint64_t)(uintptr_t)f->rbuf;
	int rc = uaccess_w_known(&s->vm, rbuf, f->rbufsz) ? PIER_OK :
		 uaccess_check_rbuf(&s->vm, rbuf, f->rbufsz);

	return rc ? rc : uaccess_check_w(&s->vm, fva, sizeof(*f));
}

/* Answer c's call: it resumes with status, or with why its reply could not be written. */
static int reply_to(struct port *c, uint32_t type, const void *data,
		    uint32_t size, int status, struct port *grant,
		    uint32_t grant_rights)
{
	int rc;

	/* Write through the caller's own tables: with ASIDs a switch is
	 * cheaper than walking them, and the next return to user mode
	 * switches to whoever runs anyway. */
	vm_activate(&c->space->vm);
	rc = reply_write(c, type, data, size, grant, grant_rights);

	if (rc == PIER_E_REPLY_SIZE)
		return rc;      /* the replier may answer again, smaller */
	c->state = ACT_READY;
	c->calling = NULL;
	ctx_set_result(&c->ctx, rc ? rc : status);
	sched_wake(c);
	return PIER_OK;
}

/* Resolve the frame's handles and copy its packet in: the decode step. */
static int ipc_decode(struct port *cur, const struct pier_frame *f,
		      bool needs_dst, struct handle **dst, struct handle **grant,
		      uint8_t *pkt)
{
	struct space *s = cur->space;
	int rc;

	if (needs_dst && (rc = space_handle_get(s, f->dst, PIER_R_SEND, dst)))
		return rc;
	*grant = NULL;
	/* With PIER_F_ANSWER, grant names the port to answer, not a grant. */
	if (f->grant && (rc = space_handle_get(s, f->grant, f->flags & PIER_F_ANSWER ?
					       PIER_R_SEND : PIER_R_GRANT, grant)))
		return rc;
	return copy_from_user(&s->vm, pkt, (uint64_t)(uintptr_t)f->pkt, f->pktsz);
}

static int ipc_send_call(struct port *cur, const struct pier_frame *f,
			 uint64_t fva, bool call)
{
	uint8_t pkt[PIER_PACKET_MAX];
	struct handle *dst, *grant;
	struct space *s = cur->space;
	int rc = ipc_decode(cur, f, true, &dst, &grant, pkt);
	struct port *to = rc ? NULL : dst->port;

	if (!rc && call)
		rc = call_buffers_check(s, f, fva);
	if (rc)
		return rc;
	if (to->serve)
		return kcall_invoke(cur, dst, f, fva, pkt, grant, call);
	if (f->flags & PIER_F_ANSWER)
		return PIER_E_FLAGS;    /* user ports answer by reply */
	if (call && call_cycles(cur, to))
		return PIER_E_DEADLOCK;
	rc = ipc_deliver(cur, to, f->type, pkt, f->pktsz,
			 call ? PIER_PKT_CALL : 0,
			 grant ? grant->port : NULL, grant ? grant->rights : 0);
	if (rc || !call)
		return rc;
	cur->state = ACT_BLOCKED;
	cur->calling = to;
	cur->call_frame = fva;
	cur->call_rbuf = frame_rbuf(f);
	current = NULL;
	return PIER_OK;
}

/*
 * Answer the call being handled; or with PIER_F_HELD the held call whose
 * token is in dst (0: the oldest), with the frame's status as what its
 * call returns.
 */
static int ipc_reply(struct port *cur, const struct pier_frame *f)
{
	uint8_t pkt[PIER_PACKET_MAX];
	struct handle *grant;
	bool held = f->flags & PIER_F_HELD;
	struct port *c = held ? port_held_find(cur, f->dst) : cur->caller;
	int rc;

	if (!c)
		return PIER_E_STATE;
	rc = ipc_decode(cur, f, false, NULL, &grant, pkt);
	if (rc)
		return rc;
	rc = reply_to(c, f->type, pkt, f->pktsz, held ? f->status : PIER_OK,
		      grant ? grant->port : NULL, grant ? grant->rights : 0);
	if (!rc && held)
		port_held_remove(cur, c);
	else if (!rc)
		cur->caller = NULL;
	return rc;
}

/*
 * A return that answers a held call (PIER_F_HELD), and with PIER_F_ACK
 * acknowledges a device's interrupt too: both checked before either is
 * done, so a refusal changes nothing and the activation goes on. Its own
 * call must be answered or held first: the frame's status is the held
 * call's. 0: done, the caller ends the activation.
 */
static __attribute__((noinline, cold)) int ipc_return_held(struct port *cur, const struct pier_frame *f)
{
	struct device_irq *di = NULL;
	struct pier_frame g = *f;
	int rc;

	if (cur->caller)
		return PIER_E_STATE;
	if (f->flags & PIER_F_ACK) {
		if ((rc = device_irq_ack_check(cur->space, f->grant, f->rbufsz, &di)))
			return rc;
		g.grant = 0;    /* it named the device: the answer grants nothing */
	}
	if ((rc = ipc_reply(cur, &g)))
		return rc;
	if (di)
		device_irq_ack_checked(di);
	return PIER_OK;
}

/* Hold the call being handled: its token, or why not. */
static int ipc_hold(struct port *cur)
{
	int rc;

	if (!cur->caller)
		return PIER_E_STATE;
	rc = port_hold(cur, cur->caller);
	if (rc > 0)
		cur->caller = NULL;
	return rc;
}

static __attribute__((cold)) void ipc_syscall(struct port *cur, uint64_t fva)
{
	struct pier_frame f;
	unsigned op;
	int rc = PIER_OK;

	if (frame_read(&f, fva)) {
		/* The careful copy says why: out of range, unmapped, or else
		 * misaligned; or it reads a frame that lies in a stack page
		 * not touched yet, touching it, and the frame goes on. */
		rc = copy_from_user(&cur->space->vm, &f, fva, sizeof(f));
		if (!rc && (fva & 7))
			rc = PIER_E_ALIGN;
	}
	if (!rc)
		rc = frame_check(&f);
	op = rc ? 0 : frame_op(&f);
	if (op == PIER_OP_SEND || op == PIER_OP_CALL)
		rc = ipc_send_call(cur, &f, fva, op == PIER_OP_CALL);
	else if (op == PIER_OP_REPLY)
		rc = ipc_reply(cur, &f);
	else if (op == PIER_OP_HOLD)
		rc = ipc_hold(cur);
	else if (op == PIER_OP_RETURN && (f.flags & PIER_F_HELD)) {
		rc = ipc_return_held(cur, &f);
		if (!rc) {
			sched_end_current();
			return;
		}
	} else if (op == PIER_OP_RETURN) {
		/* A call the handler did not answer is answered by its
		 * result, unless the handler holds it for later; a port
		 * holding PIER_HELD_MAX calls already answers PIER_E_LIMIT. */
		if (cur->caller && (f.flags & PIER_F_HOLD))
			rc = port_hold(cur, cur->caller);
		if (cur->caller && rc <= 0)
			reply_to(cur->caller, 0, NULL, 0, rc ? rc : f.status, NULL, 0);
		sched_end_current();
		return;
	}
	if (current != cur)
		return;     /* it blocked in a call, or its space is gone */
	ctx_set_result(&cur->ctx, rc);
	if (sched_outranked())
		sched_preempt_current();
}

ipc_next ipc_slow(struct port *cur, uint64_t fva)
{
	if (cur != current)
		panic("system call from an activation that is not current");
	ipc_syscall(cur, fva);
	if (current != cur)
		return ipc_next_of(NULL, false);  /* blocked, ended, preempted or gone */
	ktimer_slice();
	vm_activate(&cur->space->vm);
	return ipc_next_of(cur, true);
}
