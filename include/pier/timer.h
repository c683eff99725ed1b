/* The timer port: the time, and one-shot or periodic timers delivered as packets. */
#ifndef PIER_TIMER_H
#define PIER_TIMER_H

#include <stdint.h>

#define PIER_H_TIMER 5u   /* every space starts with a send handle to it */

enum pier_timer_msg {
	PIER_TIMER_NOW = 1,     /* reply pier_time */
	PIER_TIMER_SET = 2,     /* req pier_timer_set; reply pier_timer_id */
	PIER_TIMER_CANCEL = 3,  /* req pier_timer_id */
};

struct pier_time {
	uint64_t ticks;    /* the time CSR: ticks since boot */
	uint64_t ns;       /* the same in nanoseconds */
	uint64_t hz;       /* ticks per second (the device tree's timebase-frequency) */
};

#define PIER_TIMER_RELATIVE 0x1u   /* when is a delay from now, not an absolute tick */

struct pier_timer_set {
	uint32_t port;     /* a port this space owns: it receives PIER_MSG_TIMER packets */
	uint32_t flags;    /* PIER_TIMER_* */
	uint64_t when;     /* ticks: absolute, or from now with PIER_TIMER_RELATIVE */
	uint64_t period;   /* ticks between packets; 0 = one-shot */
	uint64_t cookie;   /* handed back in each packet */
};

struct pier_timer_id {
	uint64_t id;
};

/* Data of a PIER_MSG_TIMER packet. */
struct pier_timer_fired {
	uint64_t id;
	uint64_t cookie;
	uint64_t due;      /* when it was due, in ticks */
	uint64_t sent;     /* when the kernel queued the packet, in ticks */
	uint64_t missed;   /* periods that passed while the port's queue was full */
	uint64_t stamp;    /* benchmark builds: instret when the kernel queued it; else 0 */
};

#define PIER_TIMERS_PER_SPACE 32

#endif
