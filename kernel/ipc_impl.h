/* What the slow path (ipc.c) and the fast path (fastpath.c) share. */
#ifndef IPC_IMPL_H
#define IPC_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <pier/frame.h>
#include <pier/ports.h>
#include "port.h"
#include "space.h"
#include "uaccess.h"

/* A call's reply buffer, as its frame names it. */
static inline struct reply_buf frame_rbuf(const struct pier_frame *f)
{
	return (struct reply_buf){ (uint64_t)(uintptr_t)f->rbuf, f->rbufsz };
}

/* A reply's size, type and granted handle into the frame at fva, checked writable. */
static inline int frame_put_result(struct vm *vm, uint64_t fva, uint32_t size,
				   uint32_t type, uint32_t handle)
{
	uint64_t at = fva + __builtin_offsetof(struct pier_frame, rsz);
	uint32_t w[3] = { size, type, handle };

	if (vm == vm_active)
		return uaccess_result((void *)at, size, type, handle) ? PIER_E_UNMAPPED : PIER_OK;
	return copy_to_user(vm, at, w, sizeof(w));
}

int reply_put_slow(struct space *cs, uint64_t fva, const struct reply_buf *rb,
		   uint32_t type, const void *data, uint32_t size,
		   struct port *grant, uint32_t grant_rights) __attribute__((cold));

/*
 * A reply into the caller's space: data into rb, its size, type and
 * granted handle into the frame at fva, which is checked writable.
 * Inline, so that a reply with no data or no grant (a return, the fast
 * path's replies) keeps only its own checks; mostly both pages are known
 * writable, and a page to walk or a handle to grant goes out of line.
 */
static inline int reply_put(struct space *cs, uint64_t fva, const struct reply_buf *rb,
			    uint32_t type, const void *data, uint32_t size,
			    struct port *grant, uint32_t grant_rights)
{
	if (size > rb->size)
		return PIER_E_REPLY_SIZE;
	if (grant || !uaccess_w_known(&cs->vm, fva, sizeof(struct pier_frame)) ||
	    !uaccess_w_known(&cs->vm, rb->va, size))
		return reply_put_slow(cs, fva, rb, type, data, size, grant, grant_rights);
	if (size)       /* both known writable: it can fail only if data cannot be read */
		copy_to_user(&cs->vm, rb->va, data, size);
	return frame_put_result(&cs->vm, fva, size, type, 0);
}

/* reply_put for the call c is blocked in. */
static inline int reply_write(struct port *c, uint32_t type, const void *data, uint32_t size,
			      struct port *grant, uint32_t grant_rights)
{
	return reply_put(c->space, c->call_frame, &c->call_rbuf, type, data, size,
			 grant, grant_rights);
}

/* Read the frame at fva: 0, or -1 if it is misaligned, outside user space or unmapped. */
static inline int frame_read(struct pier_frame *f, uint64_t fva)
{
	_Static_assert(sizeof(*f) == 56, "uaccess_frame copies 56 bytes");
	if ((fva & 7) || fva > USER_END - sizeof(*f))
		return -1;
	return uaccess_frame(f, (const void *)fva);
}
/* Off: every frame takes the slow path (for the test that compares the two). */
extern bool ipc_fast_enabled;
extern uint64_t ipc_fast_taken[PIER_FAST_CASES];  /* frames it handled, by case */

#endif
