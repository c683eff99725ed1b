/* Interrupts-off kernels (-DPIER_IRQOFF, make bench): the kernel's stretches with interrupts off, measured. */
#ifndef IRQOFF_H
#define IRQOFF_H

#ifdef PIER_IRQOFF
#include <stdint.h>

/* trap.S stores instret and scause here at every entry from user mode. */
extern uint64_t irqoff_entry[2];

/* A stretch ends: the kernel returns to user mode (trap.S) or waits in wfi. */
void irqoff_exit(void);
/* One begins: the idle loop's wfi returned. */
void irqoff_wake(void);
#endif

#endif
