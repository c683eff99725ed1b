/* Invoking a kernel port (kernel/kcall.c). */
#ifndef KCALL_H
#define KCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <pier/frame.h>
#include "port.h"
#include "space.h"
#include "kport.h"

/* A request from a frame and its packet, copied in; no grant yet, reply_max bytes of reply room. */
static inline void kcall_init(struct kcall *k, const struct pier_frame *f,
			      const struct handle *dst, const uint8_t *pkt,
			      void *reply, uint32_t reply_max)
{
	/* Field by field: an initializer would clear it with memset. */
	k->type = f->type;
	k->data = pkt;
	k->size = f->pktsz;
	k->target = dst->port;
	k->rights = dst->rights;
	k->grant = NULL;
	k->grant_rights = 0;
	k->reply = reply;
	k->reply_max = reply_max;
	k->reply_size = 0;
}

/* Serve a send or call to the kernel port dst names; with PIER_F_ANSWER, queue the answer at grant's port. */
int kcall_invoke(struct port *cur, const struct handle *dst,
		 const struct pier_frame *f, uint64_t fva, const uint8_t *pkt,
		 const struct handle *grant, bool call);

#endif
