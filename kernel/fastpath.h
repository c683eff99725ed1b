/* What the fast path's cases share (fastpath.c, fastpath_answer.c): how a case ends. */
#ifndef FASTPATH_H
#define FASTPATH_H

#include <stdbool.h>
#include <pier/frame.h>
#include "ipc.h"
#include "ktimer.h"
#include "sched.h"
#include "vm_switch.h"

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
 * that reaches it keeps no stack frame of its own (fastpath.c). */
ipc_next fast_switch(struct port *next, bool keep);

/* fast_next, as the tail of a case that calls nothing itself. */
static inline ipc_next fast_done(struct port *cur)
{
	struct port *next = current;
	struct vm *vm = next ? &next->space->vm : NULL;

	if (next && (ktimer_slice_due() || (vm != vm_active && !vm_switch_quick(vm))))
		return fast_switch(next, fast_keep(cur));
	return ipc_next_of(next, fast_keep(cur));
}

/* The cases that answer a call, hold one or end an activation (fastpath_answer.c). */
ipc_next fast_return(struct port *cur, const struct pier_frame *f);
ipc_next fast_reply(struct port *cur, const struct pier_frame *f);
ipc_next fast_reply_held(struct port *cur, const struct pier_frame *f);
ipc_next fast_return_held(struct port *cur, const struct pier_frame *f);
ipc_next fast_hold(struct port *cur);

#endif
