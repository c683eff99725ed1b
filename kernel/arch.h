/* What generic kernel code asks of the architecture. */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct port;

/* One character on the early console. */
void arch_putchar(int c);
/* Stop this hart for good. */
_Noreturn void arch_halt(void);
/* Power the machine off; returns if the firmware cannot. */
void arch_poweroff(void);
/* Sleep until an interrupt is pending. */
void arch_wait(void);
/* The time CSR, in timebase ticks. */
uint64_t arch_time_now(void);
#ifdef PIER_BENCH
/* Benchmark builds: the instret counter, for stamps in packets. */
uint64_t arch_stamp(void);
#endif
#ifdef PIER_IRQOFF
struct pier_irqoff;
/* Interrupts-off kernels: the longest stretch with interrupts off so far. */
void arch_irqoff(struct pier_irqoff *out);
#endif
/* The next timer interrupt at tick `when` (UINT64_MAX: none). */
void arch_timer_set(uint64_t when);
void arch_timer_init(bool sstc);
/* Handle whatever interrupts are pending (from the idle loop). */
void arch_poll_interrupts(void);
/* Interrupt-controller operations on one source. */
void arch_irq_enable(uint32_t irq);
void arch_irq_disable(uint32_t irq);
void arch_irq_complete(uint32_t irq);
uint32_t arch_irq_count(void);
/* p is about to be freed: the architecture forgets it (the FPU's owner). */
void arch_port_free(struct port *p);
/* Run the chosen port's activation; never returns. */
_Noreturn void arch_run(struct port *p);

#endif
