/* The one system call: decode a frame, then send, call, reply or return. */
#ifndef IPC_H
#define IPC_H

#include <stdbool.h>
#include <stdint.h>
#include "port.h"

/*
 * After a system call, for the arch's way back to user mode: the port to
 * run (NULL: none, the kernel picks), and keep, the caller if its
 * activation lives on, so the registers the arch has not saved yet must
 * be kept; keep == run when it goes straight on.
 */
struct ipc_next {
	struct port *run, *keep;
};

/* The system call cur's activation made, with its frame at fva. */
struct ipc_next ipc_slow(struct port *cur, uint64_t fva);
/* The common cases straight through (fastpath.c), with the same outcome;
 * { NULL, NULL }: not one of them, nothing changed, ipc_slow must run. */
struct ipc_next ipc_fast(struct port *cur, uint64_t fva);

/* Queue a packet at a user port (from a space's port, or from the kernel when from is NULL). */
int ipc_deliver(struct port *from, struct port *to, uint32_t type,
		const void *data, uint32_t size, uint32_t flags,
		struct port *grant, uint32_t grant_rights);

#endif
