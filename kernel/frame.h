/* Decoding a frame: every header field checked before anything is done. */
#ifndef FRAME_H
#define FRAME_H

#include <stdbool.h>
#include <stdint.h>
#include <pier/frame.h>
#include <pier/proto.h>
#include <pier/status.h>
#include "vm.h"

static inline unsigned frame_op(const struct pier_frame *f)
{
	return f->flags & PIER_OP_MASK;
}

/*
 * A type only the kernel may deliver (pier/proto.h): a send, call or
 * reply with bit 31 set gets PIER_E_TYPE, so no handler can be handed a
 * forged kernel packet; so does a return that answers a held call
 * (PIER_F_HELD), whose type is its reply's. A plain return's type is
 * ignored.
 */
static inline bool frame_type_forged(const struct pier_frame *f, unsigned op)
{
	return (f->type & PIER_MSG_KERNEL) &&
	       ((op >= PIER_OP_SEND && op <= PIER_OP_REPLY) || (f->flags & PIER_F_HELD));
}

/*
 * The fields every frame must have right, whatever its operation: its
 * size, its packet's size, and its packet's address, which must lie in
 * user space even when pktsz is 0. The fast path (ipc_fast) takes only
 * frames whose flags are a bare operation (or PIER_OP_REPLY |
 * PIER_F_HELD), for which frame_check's flag
 * rules hold by construction, and which pass frame_fields_ok_fast, a
 * stricter form of this: so the fast path takes no frame the slow path
 * would refuse.
 */
static inline bool frame_fields_ok(const struct pier_frame *f)
{
	uint64_t pkt = (uint64_t)(uintptr_t)f->pkt;

	return f->frmsz == sizeof(struct pier_frame) && f->pktsz <= PIER_PACKET_MAX &&
	       pkt < USER_END && f->pktsz <= USER_END - pkt;
}

/*
 * The fast path's form of frame_fields_ok: the same size checks, and a
 * packet that starts below USER_END - PIER_PACKET_MAX, which with
 * pktsz <= PIER_PACKET_MAX implies pkt + pktsz < USER_END. So every frame
 * it passes frame_fields_ok passes too; the few it refuses (a packet in
 * the last 256 bytes of user space) go to the slow path, which decides
 * them exactly. One comparison fewer on every system call.
 *
 * It also refuses every frame whose type has bit 31 set, whatever its
 * operation: a superset of what frame_type_forged refuses (a return with
 * such a type goes to the slow path, which accepts it), for one load and
 * a branch on its sign.
 */
static inline bool frame_fields_ok_fast(const struct pier_frame *f)
{
	_Static_assert(PIER_MSG_KERNEL == 1u << 31, "the kernel's range is the sign bit");
	return f->frmsz == sizeof(struct pier_frame) && (int32_t)f->type >= 0 &&
	       f->pktsz <= PIER_PACKET_MAX &&
	       (uint64_t)(uintptr_t)f->pkt < USER_END - PIER_PACKET_MAX;
}

/*
 * PIER_OK, or the status naming the first bad field: size, flags, type,
 * packet size, packet address. The slow path reports it.
 */
static inline int frame_check(const struct pier_frame *f)
{
	unsigned op = frame_op(f);
	uint64_t pkt = (uint64_t)(uintptr_t)f->pkt;

	/* Only the one size the kernel knows: a newer, larger frame would
	 * carry fields this kernel would silently ignore. */
	if (f->frmsz != sizeof(struct pier_frame))
		return PIER_E_FRAME_SIZE;
	if (f->flags & ~PIER_FLAGS_KNOWN)
		return PIER_E_FLAGS;
	if (op < PIER_OP_SEND || op > PIER_OP_HOLD)
		return PIER_E_FLAGS;
	/* Each modifier belongs to one operation. */
	if ((f->flags & PIER_F_HOLD) && op != PIER_OP_RETURN)
		return PIER_E_FLAGS;
	if ((f->flags & PIER_F_HELD) && op != PIER_OP_REPLY && op != PIER_OP_RETURN)
		return PIER_E_FLAGS;
	if ((f->flags & PIER_F_HELD) && (f->flags & PIER_F_HOLD))
		return PIER_E_FLAGS;    /* a return holds its call or answers a held one */
	if ((f->flags & PIER_F_ACK) && (op != PIER_OP_RETURN || !(f->flags & PIER_F_HELD)))
		return PIER_E_FLAGS;    /* only with the return that answers a held call */
	if ((f->flags & PIER_F_ANSWER) && op != PIER_OP_SEND)
		return PIER_E_FLAGS;
	if (frame_type_forged(f, op))
		return PIER_E_TYPE;
	if (f->pktsz > PIER_PACKET_MAX)
		return PIER_E_PACKET_SIZE;
	if (!frame_fields_ok(f))    /* only the packet's address is left to be wrong */
		return pkt >= KERNEL_BASE ? PIER_E_KERNEL_ADDR : PIER_E_RANGE;
	return PIER_OK;
}

#endif
