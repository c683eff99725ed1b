/* Frame header validation: the decode half of decode-then-invoke. */
#include <pier/status.h>
#include "frame.h"

int frame_check(const struct pier_frame *f)
{
	unsigned op = frame_op(f);

	/* Only the one size the kernel knows: a newer, larger frame would
	 * carry fields this kernel would silently ignore. */
	if (f->frmsz != sizeof(struct pier_frame))
		return PIER_E_FRAME_SIZE;
	if (f->flags & ~PIER_FLAGS_KNOWN)
		return PIER_E_FLAGS;
	if (op < PIER_OP_SEND || op > PIER_OP_RETURN)
		return PIER_E_FLAGS;
	/* Each modifier belongs to one operation. */
	if ((f->flags & PIER_F_HOLD) && op != PIER_OP_RETURN)
		return PIER_E_FLAGS;
	if ((f->flags & PIER_F_HELD) && op != PIER_OP_REPLY)
		return PIER_E_FLAGS;
	if ((f->flags & PIER_F_ANSWER) && op != PIER_OP_SEND)
		return PIER_E_FLAGS;
	if (f->pktsz > PIER_PACKET_MAX)
		return PIER_E_PACKET_SIZE;
	return PIER_OK;
}
