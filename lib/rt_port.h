/* The runtime's private ports (the sleeper, the lock port): made on first need, once. */
#ifndef RT_PORT_H
#define RT_PORT_H

#include <stdint.h>

/*
 * The port whose handle is *slot (0 until made), made now if need be:
 * entered through pier_entry with fn as its argument word, at the space's
 * highest priority (no busy port of the space delays it), a one-page
 * stack, a queue of depth. It is never granted and never counted in
 * pier_ports_live, so it keeps no program alive. Two ports racing here
 * (one preempting the other) both make one; a compare-and-swap publishes
 * the first and the loser destroys its own, which nobody has seen, so
 * nobody ever waits for another to finish. PIER_OK with *handle set, or
 * the status of the failed creation (PIER_E_QUOTA, say).
 */
int rt_port_get(uint32_t *slot, uintptr_t fn, uint32_t depth, uint32_t *handle);

#endif
