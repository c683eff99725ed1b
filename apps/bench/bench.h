/* bench: what the driver (main.c), the peer (peer.c) and the entry stubs (stubs.c) share. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <libpier.h>
#include <bench_insn.h>

/*
 * Message types. Handles travel to the driver's mailbox one per packet
 * (a packet grants one handle), typed by which port they name.
 */
enum {
	MSG_STAMP = 0x100,	/* answer with the entry stamp in the reply's type */
	MSG_GROW,		/* data: uint32 n; create n idle ports */
	MSG_SHRINK,		/* destroy every idle port MSG_GROW made */
	MSG_SETUP,		/* grant: the driver's port Y; create the other ports */
	MSG_QUIT,		/* the peer exits */
	MSG_CHILD,		/* benchchild says it ran */
	MSG_HANDLE = 0x200,	/* + enum peer_port: handle of that peer port */
};

/* The peer's ports, as the driver learns them. */
enum peer_port {
	PP_R1,		/* stamp at entry, reply with it (figures 2 and 10); control */
	PP_R3,		/* stamp just before its reply ecall (figure 3), below the caller */
	PP_NULL,	/* answers at once (figure 4, other space) */
	PP_SINK,	/* async sends land here, below the sender (figure 5) */
	PP_DRAIN,	/* below the sink: a call here returns once the sink is empty */
	PP_X,		/* sends to Y, stamps, ends its activation (figure 5) */
	PP_W,		/* replies with X's stamp */
	PP_COUNT
};

/* Priorities: the driver's main runs at PIER_PRIO_DEFAULT (8). */
#define PRIO_EQ		PIER_PRIO_DEFAULT
#define PRIO_BELOW	(PIER_PRIO_DEFAULT - 1)
#define PRIO_DRAIN	(PIER_PRIO_DEFAULT - 2)
#define PRIO_PEER_START	(PIER_PRIO_DEFAULT + 1)	/* the peer sets up before spawn returns */
#define PRIO_IRQ	(PIER_PRIO_DEFAULT + 1)	/* figures 6 and 7: preempts the driver */
#define PRIO_MAILBOX	(PIER_PRIO_DEFAULT + 2)	/* above the peer: handles arrive at once */
#define PRIO_CHILD	(PIER_PRIO_DEFAULT + 3)	/* benchchild runs to its exit first */

/* A handler entered through bench_entry gets the instret read at its first instruction. */
typedef int (*stamped_fn)(const struct pier_packet *pkt, uint64_t stamp);

/* stubs.c */
void bench_entry(void);		/* stamp, then a1(pkt, stamp), then pier_rt_return */
void null_entry(void);		/* PIER_OP_RETURN at once, status 0 */
void x_entry(void);		/* send x_send_frame, stamp into x_stamp, return */
extern struct pier_frame x_send_frame;
extern uint64_t x_stamp;

/* peer.c */
int peer_main(void);
/* A port with a 1-page stack; entry is one of the stubs, arg its a1. */
int port_new(void (*entry)(void), uintptr_t arg, uint32_t prio,
	     uint32_t depth, uint32_t *handle);
int port_del(uint32_t handle);
/* Answer the call being handled with no data and v as the reply's type. */
int reply_value(uint32_t v);

#endif
