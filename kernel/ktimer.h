/* Kernel timers: one hardware deadline multiplexed into per-port timer packets and the time slice. */
#ifndef KTIMER_H
#define KTIMER_H

#include <stdbool.h>
#include <stdint.h>
#include "sched.h"

struct port;
struct kcall;

extern struct port timer_port;

void ktimer_init(uint64_t hz);
/* Timer ticks in nanoseconds. */
uint64_t ktimer_ns(uint64_t ticks);
/* The timer interrupt: send due timers' packets, end an expired time slice. */
void ktimer_tick(void);
/* After dispatch: arm the slice if the running port shares its priority. */
void ktimer_slice_update(void);
extern uint64_t slice_end;      /* UINT64_MAX: no slice armed */

/* Only a slice armed without a peer, or a peer without one, needs work. */
static inline bool ktimer_slice_due(void)
{
	return sched_has_peer() == (slice_end == UINT64_MAX);
}
static inline void ktimer_slice(void)
{
	if (ktimer_slice_due())
		ktimer_slice_update();
}
/* True if any timer will fire (one due NEVER will not). */
bool ktimer_pending(void);
/* A port is going away: its timers go too. */
void ktimer_port_gone(struct port *p);
int ktimer_serve(struct port *from, struct kcall *k);

#endif
