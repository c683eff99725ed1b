/* The packet: what a handler receives when a frame is delivered to its port. */
#ifndef PIER_PACKET_H
#define PIER_PACKET_H

#include <stdint.h>
#include <pier/frame.h>
#include <pier/proto.h>

/* Bits of pier_packet.flags. */
#define PIER_PKT_CALL  0x1u   /* the sender waits: answer with a reply (or by returning) */
#define PIER_PKT_IDLE  0x2u   /* an idle packet: nothing else was ready to run */
#define PIER_PKT_START 0x4u   /* the first packet of a program: data is its argument line */

/*
 * Message types the kernel itself delivers: bit 31 set (PIER_MSG_KERNEL,
 * pier/proto.h), a range no program can send in, so a handler tells the
 * kernel's packets from any protocol by the type alone.
 */
#define PIER_MSG_START (PIER_MSG_KERNEL | 0x1u)      /* program start; data = "name arg1 arg2 ..." */
#define PIER_MSG_IDLE (PIER_MSG_KERNEL | 0x2u)       /* idle packet (PIER_PKT_IDLE is set too) */
#define PIER_MSG_UNDELIVERED (PIER_MSG_KERNEL | 0x3u) /* a packet this port sent was dropped: data = struct pier_undelivered */
#define PIER_MSG_TIMER (PIER_MSG_KERNEL | 0x4u)      /* a timer fired; data = struct pier_timer_fired */
#define PIER_MSG_IRQ (PIER_MSG_KERNEL | 0x5u)        /* a device interrupt; data = struct pier_irq_fired */
#define PIER_MSG_FAULT (PIER_MSG_KERNEL | 0x6u)      /* a supervised space faulted; data = struct pier_fault */
#define PIER_MSG_ANSWER (PIER_MSG_KERNEL | 0x7u)     /* a kernel request sent with PIER_F_ANSWER was served; data = struct pier_answer */
#define PIER_MSG_NOTICE (PIER_MSG_KERNEL | 0x8u)     /* a watched port died or changed server; data = struct pier_notice */
#define PIER_MSG_ENDED (PIER_MSG_KERNEL | 0x9u)      /* a supervised space ended (any way); data = struct pier_ended */

/*
 * Data of a PIER_MSG_UNDELIVERED packet, sent to the port that sent a
 * packet (PIER_OP_SEND) which was still queued when its destination port
 * was destroyed. Calls are not reported this way: the caller's call
 * returns PIER_E_GONE. The packet's own bytes come back, so nothing sent
 * is lost without the sender knowing.
 */
struct pier_undelivered {
	uint32_t type;     /* the dropped packet's type */
	uint32_t size;     /* its size; the first PIER_UNDELIVERED_MAX bytes follow */
	uint8_t data[];
};
#define PIER_UNDELIVERED_MAX (PIER_PACKET_MAX - 8u)

/* Data of a PIER_MSG_NOTICE packet (PIER_TASK_WATCH, pier/ports.h). */
struct pier_notice {
	uint64_t cookie;   /* as given to PIER_TASK_WATCH */
	uint32_t event;    /* PIER_NOTICE_* */
	uint32_t _pad;
};
#define PIER_NOTICE_GONE 1u      /* the port was destroyed; the watch is over */
#define PIER_NOTICE_DETACHED 2u  /* its server ended; callers it had taken were told PIER_E_RESTARTED;
				  * packets still queued wait for the next server */
#define PIER_NOTICE_ATTACHED 3u  /* a (new) server serves it */

/* Data of a PIER_MSG_ENDED packet, at the supervisor port (PIER_TASK_SUPERVISE). */
struct pier_ended {
	uint64_t space;    /* the space that ended */
	int32_t code;      /* its exit code, or the status it was killed with */
	uint32_t how;      /* PIER_ENDED_* */
};
#define PIER_ENDED_EXIT 1u    /* PIER_TASK_EXIT */
#define PIER_ENDED_KILLED 2u  /* PIER_TASK_KILL by a super space */
#define PIER_ENDED_FAULT 3u   /* killed after a fault (its PIER_MSG_FAULT came first) */

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
