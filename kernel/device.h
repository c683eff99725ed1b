/* Device handles: the right to one device's registers and interrupt, served by the kernel. */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdbool.h>
#include <stdint.h>

struct port;
struct kcall;
struct board;

void device_init(const struct board *b, uint32_t nirq);
/*
 * May a device handle cover [base, base + size)? Not if the range is
 * empty or wraps, ends above what a page-table entry can hold, or shares
 * a page with RAM, the PLIC or a CLINT/ACLINT (device_range.c).
 */
bool device_range_ok(const struct board *b, uint64_t base, uint64_t size);
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
