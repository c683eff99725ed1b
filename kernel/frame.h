/* Decoding a frame: every header field checked before anything is done. */
#ifndef FRAME_H
#define FRAME_H

#include <pier/frame.h>

/* PIER_OK, or the status naming the first bad field (size, flags, packet size). */
int frame_check(const struct pier_frame *f);

static inline unsigned frame_op(const struct pier_frame *f)
{
	return f->flags & PIER_OP_MASK;
}

#endif
