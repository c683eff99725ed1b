/* Device handles: the right to one device's registers and interrupt, served by the kernel. */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdbool.h>
#include <stdint.h>

struct port;
struct kcall;
struct board;

void device_init(const struct board *b, uint32_t nirq);
/* PIER_TASK_DEVICE: a new device port for init to hand out. */
int device_create(struct port *from, struct kcall *k);
/* An external interrupt, already claimed: send its packet to the bound port. */
void device_irq(uint32_t irq);
#ifdef PIER_BENCH
/* Benchmark builds: instret at the C entry of the latest external interrupt (trap.c). */
extern uint64_t device_irq_stamp;
#endif
/* Packets that found their port's queue full go out when there is room. */
void device_retry(void);
/* True if some device's interrupt is bound to a port. */
bool device_bound(void);
/* A port is going away: interrupts bound to it are unbound and masked. */
void device_port_gone(struct port *p);

#endif
