/* The one system call: decode a frame, then send, call, reply or return. */
#ifndef IPC_H
#define IPC_H

#include <stdint.h>
#include "port.h"

/* cur's activation issued ecall; afterwards `current` says who runs on. */
void ipc_syscall(struct port *cur);

/* Queue a packet at a user port (from a space's port, or from the kernel when from is NULL). */
int ipc_deliver(struct port *from, struct port *to, uint32_t type,
		const void *data, uint32_t size, uint32_t flags,
		struct port *grant, uint32_t grant_rights);

#endif
