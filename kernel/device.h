/* Device handles: the right to one device's registers, interrupts and DMA, served by the kernel. */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <pier/device.h>

struct port;
struct kcall;
struct board;
struct space;
struct dma_buf;

/*
 * One interrupt of a device. Interrupt protocol: on an interrupt the arch
 * code claims the source; the kernel masks it and queues one PIER_MSG_IRQ
 * packet at the bound port. The source stays masked and claimed until the
 * driver sends PIER_DEV_IRQ_ACK, which completes it and (unless the driver
 * masked it) enables it again. So a driver never sees an interrupt it has
 * not asked for, and a level-triggered device cannot storm the kernel.
 * Lives inside its struct device; device.c's owner table points here.
 */
struct device_irq {
	struct port *bound;     /* the port that receives its packets (no reference:
				 * device_port_gone unbinds before the port goes) */
	uint32_t source;        /* the PLIC source */
	uint32_t index;         /* its place in the device's list */
	bool claimed;           /* taken and not yet acknowledged */
	bool masked;            /* the driver asked for no interrupts */
	bool owed;              /* acknowledged while masked: completed on unmask */
	uint32_t pending;       /* interrupts whose packet found the queue full */
	struct device_irq *next;        /* every device's interrupts (device.c) */
};

/*
 * A device object: what PIER_TASK_DEVICE made, served at its port.
 * Lifetime: the port's kobj; freed by the port's release when the last
 * handle to the port goes (device_release), never earlier. Its DMA buffers
 * (dma.c) point back at it and are dealt with in that release.
 */
struct device {
	uint32_t nranges;
	uint32_t nirqs;
	uint32_t node;          /* the device tree node init named */
	uint8_t dma;            /* enum dma_mode: how its DMA is kept coherent (dma_coherent.h) */
	struct pier_dev_range range[PIER_DEV_RANGES_MAX];
	struct device_irq irq[PIER_DEV_IRQS_MAX];
	struct dma_buf *bufs;   /* its DMA buffers, mapped or quarantined (dma.c) */
	uint32_t nbufs;         /* at most DMA_BUFS_MAX */
	uint32_t dma_pages;     /* in those buffers: at most DMA_DEV_PAGES_MAX */
};

void device_init(const struct board *b, uint32_t nirq, const void *dtb, uint32_t dtb_size);
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

/* device_irq.c: the interrupt requests, and a device's interrupts coming and going. */
void device_irq_init(uint32_t nirq);
/* May a device claim this source? 0, PIER_E_ARG (no such source) or PIER_E_STATE (owned). */
int device_irq_free(uint32_t source);
int device_irq_request(struct port *from, struct device *dv, struct kcall *k);
/* The device a device port serves, or NULL if p is not one (device.c). */
struct device *device_of(const struct port *p);
/*
 * PIER_F_ACK's first half: interrupt index of the device behind handle h
 * of space s may be acknowledged now. The statuses of a handle (send
 * right), PIER_E_ARG (not a device handle, or no such index),
 * PIER_E_UNSUPPORTED (no interrupts), PIER_E_STATE (none outstanding), as
 * PIER_DEV_IRQ_ACK's. Changes nothing; *out is the interrupt.
 */
int device_irq_ack_check(struct space *s, uint32_t h, uint32_t index, struct device_irq **out);
/* The second: acknowledge it (complete, unmask). Cannot fail once checked. */
void device_irq_ack_checked(struct device_irq *di);
void device_irqs_add(struct device *dv);
void device_irqs_remove(struct device *dv);

#endif
