/* Invoking a kernel port (kernel/kcall.c). */
#ifndef KCALL_H
#define KCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <pier/frame.h>
#include "port.h"
#include "space.h"

/* Serve a send or call to the kernel port dst names; with PIER_F_ANSWER, queue the answer at grant's port. */
int kcall_invoke(struct port *cur, const struct handle *dst,
		 const struct pier_frame *f, uint64_t fva, const uint8_t *pkt,
		 const struct handle *grant, bool call);

#endif
