/* Kernel ports: ports the kernel serves inline, and the request they are handed. */
#ifndef KPORT_H
#define KPORT_H

#include <stdint.h>
#include <string.h>
#include "port.h"

/* One request to a kernel port, already copied in and checked for size. */
struct kcall {
	uint32_t type;
	const void *data;
	uint32_t size;
	struct port *target;    /* the kernel port addressed */
	uint32_t rights;        /* rights of the handle it came through */
	struct port *grant;     /* port granted with the request, or NULL */
	uint32_t grant_rights;
	void *reply;            /* where to put reply data (a kernel buffer) */
	uint32_t reply_max;     /* 0 for a send: no reply is wanted */
	uint32_t reply_size;    /* out */
};

/* Hand back a reply of size bytes (the caller has checked reply_max). */
static inline void kcall_reply(struct kcall *k, const void *out, uint32_t size)
{
	memcpy(k->reply, out, size);
	k->reply_size = size;
}

extern struct port task_port, debug_port, space_port;

int task_serve(struct port *from, struct kcall *k);
int task_info_serve(struct port *from, struct kcall *k);
void task_info_init(const void *dtb, uint32_t size);
int debug_serve(struct port *from, struct kcall *k);
int space_serve(struct port *from, struct kcall *k);

#endif
