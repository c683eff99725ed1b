/* What generic kernel code asks of the architecture. */
#ifndef ARCH_H
#define ARCH_H

struct port;

/* One character on the early console. */
void arch_putchar(int c);
/* Stop this hart for good. */
_Noreturn void arch_halt(void);
/* Power the machine off; returns if the firmware cannot. */
void arch_poweroff(void);
/* Sleep until an interrupt is pending. */
void arch_wait(void);
/* Run the chosen port's activation; never returns. */
_Noreturn void arch_run(struct port *p);

#endif
