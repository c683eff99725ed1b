/* Requests to kernel ports: served inline, answered into the caller's frame or as a packet. */
#include <pier/pier.h>
#include "kcall.h"
#include "kport.h"
#include "ipc.h"
#include "ipc_impl.h"
#include "sched.h"
#include "uaccess.h"

/*
 * With PIER_F_ANSWER the answer goes to the port the frame's grant field
 * names, as a PIER_MSG_ANSWER packet. Everything that could stop the
 * answer from arriving is checked before the request is served. The
 * request itself may still destroy the answer port (PIER_TASK_PORT_DESTROY
 * of it), the caller's port or the caller's whole space (PIER_TASK_EXIT,
 * a kill of its own space), or grow the caller's handle table (which
 * moves every struct handle): so nothing from the table is used after
 * serve. The answer port and the caller are held by a reference across
 * it, and the badge is read before.
 */
static int answer_port_check(const struct handle *ans)
{
	if (!ans)
		return PIER_E_HANDLE;   /* no port named to answer */
	if (ans->port->serve)
		return PIER_E_ARG;      /* kernel ports take no answers */
	if (pq_full(&ans->port->q))
		return PIER_E_FULL;
	return PIER_OK;
}

int kcall_invoke(struct port *cur, const struct handle *dst,
		 const struct pier_frame *f, uint64_t fva, const uint8_t *pkt,
		 const struct handle *grant, bool call)
{
	/* An answer's header, then the reply data (a call's may be larger). */
	struct {
		struct pier_answer a;
		uint8_t data[PIER_PACKET_MAX];
	} ans;
	uint8_t *reply = ans.data;
	bool answer = f->flags & PIER_F_ANSWER;
	uint64_t badge = cur->space->id;
	struct port *to = NULL, *serving = dst->port;
	struct kcall k;
	int rc;

	if (answer && (rc = answer_port_check(grant)))
		return rc;
	kcall_init(&k, f, dst, pkt, reply, answer ? PIER_ANSWER_MAX :
		   !call ? 0 : f->rbufsz < PIER_PACKET_MAX ? f->rbufsz : PIER_PACKET_MAX);
	if (grant && !answer) {
		k.grant = grant->port;
		k.grant_rights = grant->rights;
	}
	if (answer) {
		to = grant->port;
		port_ref(to);
	}
	port_ref(cur);
	rc = serving->serve(cur, &k);
	/* From here dst and grant may dangle; cur and to are held. */
	if (answer) {
		ans.a.type = f->type;
		ans.a.status = rc;
		ans.a.size = k.reply_size;
		ans.a._pad = 0;
		/* Queued even when the sender has gone: the answer port may
		 * be another space's. Gone or full is the sender's to hear,
		 * if it is still there to hear it. */
		rc = ipc_queue(badge, NULL, to, PIER_MSG_ANSWER, &ans,
			       sizeof(ans.a) + k.reply_size, 0, NULL, 0);
		port_unref(to);
	} else if (call && current == cur) {
		/* Answered inline: the caller never leaves the CPU. Whether
		 * the frame and rbuf are still writable is checked again. */
		struct reply_buf rb = frame_rbuf(f);
		int wrc = reply_put(cur->space, fva, &rb, f->type, reply,
				    k.reply_size, NULL, 0);

		if (wrc)
			rc = wrc;
	}
	port_unref(cur);        /* may free it: the caller only compares it with current */
	return rc;
}
