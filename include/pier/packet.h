/* The packet: what a handler receives when a frame is delivered to its port. */
#ifndef PIER_PACKET_H
#define PIER_PACKET_H

#include <stdint.h>
#include <pier/frame.h>

/* Bits of pier_packet.flags. */
#define PIER_PKT_CALL  0x1u   /* the sender waits: answer with a reply (or by returning) */
#define PIER_PKT_IDLE  0x2u   /* an idle packet: nothing else was ready to run */
#define PIER_PKT_START 0x4u   /* the first packet of a program: data is its argument line */

/* Message types the kernel itself delivers. */
#define PIER_MSG_START 0x1u      /* program start; data = "name arg1 arg2 ..." */
#define PIER_MSG_IDLE 0x2u       /* idle packet (PIER_PKT_IDLE is set too) */
#define PIER_MSG_UNDELIVERED 0x3u /* reserved: a packet could not be delivered */
#define PIER_MSG_TIMER 0x4u      /* a timer fired; data = struct pier_timer_fired */
#define PIER_MSG_IRQ 0x5u        /* a device interrupt; data = struct pier_irq_fired */
#define PIER_MSG_FAULT 0x6u      /* a supervised space faulted; data = struct pier_fault */
#define PIER_MSG_ANSWER 0x7u     /* a kernel request sent with PIER_F_ANSWER was served; data = struct pier_answer */

/* Data of a PIER_MSG_ANSWER packet. Answers come in the order the requests were sent. */
struct pier_answer {
	uint32_t type;     /* the request's message type */
	int32_t status;    /* what a call would have returned */
	uint32_t size;     /* bytes of reply data in data */
	uint32_t _pad;
	uint8_t data[];    /* what a call would have found in its rbuf */
};

/* The most reply data an answer carries. */
#define PIER_ANSWER_MAX (PIER_PACKET_MAX - 16u)

/*
 * A handler is entered with a0 = pointer to this packet (on the port's own
 * stack), a1 = the port's argument word, sp just below the packet, and every
 * other register zero. Returning from the entry point without issuing a
 * PIER_OP_RETURN frame is not allowed; the user runtime's entry stub does it.
 */
struct pier_packet {
	uint32_t type;     /* message type from the sender's frame */
	uint32_t size;     /* bytes in data */
	uint64_t badge;    /* who sent it: the sending space's id (0 = the kernel) */
	uint32_t flags;    /* PIER_PKT_* */
	uint32_t handle;   /* handle granted with the packet (in this space), or 0 */
	uint64_t stamp;    /* reserved for benchmark builds: 0 */
	uint8_t data[];    /* size bytes, at most PIER_PACKET_MAX */
};

_Static_assert(sizeof(struct pier_packet) == 32, "packet layout is ABI");
_Static_assert(sizeof(struct pier_answer) == 16, "answer layout is ABI");

#endif
