/* Devices: a device handle is the right to one device's registers and interrupt. */
#ifndef PIER_DEVICE_H
#define PIER_DEVICE_H

#include <stdint.h>

/*
 * init (which holds PIER_R_SUPER on the task port) makes a device handle
 * with PIER_TASK_DEVICE from what the device tree says, and grants it to
 * the driver it spawns. The driver sends these to its device handle.
 */
enum pier_device_msg {
	PIER_DEV_INFO = 1,      /* reply pier_device */
	PIER_DEV_MAP = 2,       /* map the registers into the caller's space; reply pier_dev_mapped */
	PIER_DEV_IRQ_BIND = 3,  /* req pier_dev_irq_bind: interrupts become packets on that port */
	PIER_DEV_IRQ_ACK = 4,   /* the driver has served the interrupt: complete and unmask it */
	PIER_DEV_IRQ_MASK = 5,  /* stop delivering until unmasked */
	PIER_DEV_IRQ_UNMASK = 6,
};

struct pier_device {
	uint64_t base;     /* physical address of the registers */
	uint64_t size;     /* bytes */
	uint32_t irq;      /* PLIC source, 0 = none */
	uint32_t _pad;
};

struct pier_dev_mapped {
	uint64_t va;       /* where base is mapped (page offset kept), read-write, never executable */
};

struct pier_dev_irq_bind {
	uint32_t port;     /* a port the caller owns */
	uint32_t _pad;
};

/* Data of a PIER_MSG_IRQ packet. */
struct pier_irq_fired {
	uint32_t irq;      /* the PLIC source */
	uint32_t count;    /* interrupts folded into this packet (its queue was full) */
	uint64_t stamp;    /* benchmark builds: instret at the trap; else 0 */
};

#endif
