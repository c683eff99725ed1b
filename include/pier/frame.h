/* The frame: what the one system call, ecall, carries. */
#ifndef PIER_FRAME_H
#define PIER_FRAME_H

#include <stdint.h>

/*
 * User code enters the kernel only by `ecall` with a0 = address of a
 * struct pier_frame in its own space; the status comes back in a0.
 * The frame must be 8-byte aligned and wholly mapped and readable; for a
 * call it must also be writable, since the kernel writes the reply's
 * size, type and granted handle back into it.
 *
 * frmsz is sizeof(struct pier_frame) as the program was built; the kernel
 * rejects sizes it does not know (PIER_E_FRAME_SIZE), so the ABI can grow.
 */

/* The operation, in the low four bits of flags. */
enum pier_op {
	PIER_OP_SEND = 1,   /* queue the packet at dst and return at once */
	PIER_OP_CALL = 2,   /* send, then wait for the reply into rbuf */
	PIER_OP_REPLY = 3,  /* answer the call being handled; the activation goes on */
	PIER_OP_RETURN = 4, /* end this activation; status is the handler's result */
	PIER_OP_HOLD = 5,   /* hold the call being handled; returns its token (below) */
};

#define PIER_OP_MASK 0xfu

/*
 * Held calls let a server answer a call later, from another activation,
 * in any order and with a status:
 *
 * PIER_OP_HOLD        hold the call being handled: the ecall returns a
 *                     token (> 0) naming it, or a negative status; the
 *                     activation goes on and its return no longer answers
 *                     the caller. At most PIER_HELD_MAX calls per port.
 * PIER_OP_RETURN | PIER_F_HOLD
 *                     end the activation and hold its call (no token is
 *                     returned: such calls are answered oldest first).
 * PIER_OP_REPLY | PIER_F_HELD
 *                     answer a held call: the one whose token is in dst,
 *                     or the oldest when dst is 0. The frame's status is
 *                     what the caller's call returns (PIER_OK, or an error
 *                     the server chose); PIER_E_STATE if no such call.
 * PIER_OP_RETURN | PIER_F_HELD
 *                     the same answer, and the end of the activation, in
 *                     one system call. Refused (the same statuses, and
 *                     PIER_E_STATE while the activation's own call is
 *                     unanswered), nothing is done and the ecall returns.
 *
 * A driver whose buffer is full holds the writer's call and answers it
 * when the device has drained: back-pressure without busy waiting and
 * without losing a byte; a disk driver holds each request until its
 * completion interrupt and answers them as they finish.
 */
#define PIER_F_HOLD 0x10u   /* with RETURN: keep the unanswered call waiting */
#define PIER_F_HELD 0x20u   /* with REPLY or RETURN: answer a held call (token in dst, 0 = oldest) */
#define PIER_HELD_MAX 64u   /* held calls one port may keep (PIER_E_LIMIT beyond) */

/*
 * An asynchronous kernel request: PIER_OP_SEND | PIER_F_ANSWER to a kernel
 * port (task, space, timer, debug, devices). The frame's grant field then
 * names a port to answer (a send right to it is enough, and it is not
 * passed on): the request is served at once and a PIER_MSG_ANSWER packet
 * (struct pier_answer, pier/packet.h) with its status and reply data is
 * queued there. The send itself returns PIER_OK once the answer is queued,
 * or a status if the request could not be made at all.
 */
#define PIER_F_ANSWER 0x40u

/*
 * PIER_OP_RETURN | PIER_F_HELD | PIER_F_ACK: answer a held call, also
 * acknowledge a device's interrupt as PIER_DEV_IRQ_ACK would (pier/device.h),
 * and end: what a driver's interrupt handler ends with. The frame's grant
 * names the device handle (a send right to it; the answer then grants
 * nothing) and rbufsz the interrupt's index (a return has no reply
 * buffer). Both halves are checked before either is done.
 */
#define PIER_F_ACK 0x80u
#define PIER_FLAGS_KNOWN (PIER_OP_MASK | PIER_F_HOLD | PIER_F_HELD | PIER_F_ANSWER | PIER_F_ACK)

/* The largest packet, in bytes, that one frame can carry. */
#define PIER_PACKET_MAX 256u

struct pier_frame {
	uint16_t frmsz;    /* sizeof(struct pier_frame) */
	uint16_t flags;    /* enum pier_op in the low bits */
	uint32_t type;     /* message type (send, call, reply) */
	uint32_t dst;      /* handle of the destination port (send, call) */
	uint32_t pktsz;    /* bytes at pkt, at most PIER_PACKET_MAX */
	const void *pkt;   /* packet data, or 0 when pktsz is 0 */
	uint32_t grant;    /* a handle to pass along with the packet, or 0 */
	int32_t status;    /* return: the handler's result, sent to a waiting caller */
	void *rbuf;        /* call: where the reply's data goes */
	uint32_t rbufsz;   /* call: size of rbuf */
	uint32_t rsz;      /* call, written back: bytes of reply data */
	uint32_t rtype;    /* call, written back: the reply's type */
	uint32_t rgrant;   /* call, written back: handle granted with the reply, or 0 */
};

_Static_assert(sizeof(struct pier_frame) == 56, "frame layout is ABI");

#endif
