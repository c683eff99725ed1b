/* The one system call: decode a frame, then send, call, reply or return. */
#ifndef IPC_H
#define IPC_H

#include <stdbool.h>
#include <stdint.h>
#include "port.h"

struct pier_frame;

/*
 * After a system call, for the arch's way back to user mode: the port to
 * run (NULL: none, the kernel picks), with IPC_KEEP set if the caller's
 * activation lives on, so the registers the arch has not saved yet must
 * be kept; it goes straight on when it is the port to run. One word, so
 * that the fast path's cases can return it by jumping on.
 */
typedef uintptr_t ipc_next;
#define IPC_KEEP ((uintptr_t)1)         /* a port is 8-byte aligned */

static inline ipc_next ipc_next_of(struct port *run, bool keep)
{
	return (uintptr_t)run | (keep ? IPC_KEEP : 0);
}

/* The system call cur's activation made, with its frame at fva. */
ipc_next ipc_slow(struct port *cur, uint64_t fva);
/* The common cases straight through (fastpath.c), with the same outcome;
 * 0: not one of them, nothing changed, ipc_slow must run. f is the
 * frame at fva, read by the arch (8-byte aligned, in user space). */
ipc_next ipc_fast(struct port *cur, uint64_t fva, const struct pier_frame *f);

/* Queue a packet at a user port (from a space's port, or from the kernel when from is NULL);
 * from must be alive (its space is read for the badge). */
int ipc_deliver(struct port *from, struct port *to, uint32_t type,
		const void *data, uint32_t size, uint32_t flags,
		struct port *grant, uint32_t grant_rights);
/* The same with the badge given: for a sender that may be gone by now.
 * caller: the port waiting for the reply (PIER_PKT_CALL), or the port
 * that sends (then referenced by the slot: PIER_MSG_UNDELIVERED), or NULL. */
int ipc_queue(uint64_t badge, struct port *caller, struct port *to, uint32_t type,
	      const void *data, uint32_t size, uint32_t flags,
	      struct port *grant, uint32_t grant_rights);

#endif
