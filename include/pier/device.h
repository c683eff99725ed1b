/* Devices: a device handle is the right to one device tree node's registers, interrupts and DMA. */
#ifndef PIER_DEVICE_H
#define PIER_DEVICE_H

#include <stdint.h>

/*
 * init (which holds PIER_R_SUPER on the task port) makes a device handle
 * with PIER_TASK_DEVICE from what the device tree says about one node,
 * and grants it to the driver it starts for that node. The handle covers
 * every register range and every interrupt of the node. The driver sends
 * these to its device handle; where a request names a range or an
 * interrupt, it does so by index (0 when the request carries no data).
 */
enum pier_device_msg {
	PIER_DEV_INFO = 1,      /* reply pier_device_info */
	PIER_DEV_MAP = 2,       /* req pier_dev_index (a range) or none; reply pier_dev_mapped */
	PIER_DEV_IRQ_BIND = 3,  /* req pier_dev_irq_bind: that interrupt becomes packets on that port */
	PIER_DEV_IRQ_ACK = 4,   /* req pier_dev_index or none: served; complete and unmask it */
	PIER_DEV_IRQ_MASK = 5,  /* req pier_dev_index or none: stop delivering until unmasked */
	PIER_DEV_IRQ_UNMASK = 6,
	PIER_DEV_DMA_ALLOC = 7, /* req pier_dma_alloc; reply pier_dma; PIER_R_DMA needed */
	PIER_DEV_DMA_FREE = 8,  /* req pier_dma_free: unmap and free one whole buffer */
	PIER_DEV_DMA_SYNC = 9,  /* req pier_dma_sync: cache maintenance before/after the device's access */
	PIER_DEV_DMA_RESET = 10,/* the caller has reset the device: buffers quarantined from an
				 * earlier driver go back to free memory */
};

#define PIER_DEV_RANGES_MAX 4u
#define PIER_DEV_IRQS_MAX 16u

struct pier_dev_range {
	uint64_t base;     /* physical address of the registers */
	uint64_t size;     /* bytes */
};

/* PIER_TASK_DEVICE: what init asks for (what the device tree's node says). */
struct pier_device_req {
	uint32_t nranges;  /* 1..PIER_DEV_RANGES_MAX */
	uint32_t nirqs;    /* 0..PIER_DEV_IRQS_MAX */
	uint32_t flags;    /* PIER_DEVICE_DMA: the handle carries PIER_R_DMA */
	uint32_t node;     /* offset of the node in the device tree blob (PIER_TASK_DTB) */
	struct pier_dev_range range[PIER_DEV_RANGES_MAX];
	uint32_t irq[PIER_DEV_IRQS_MAX];   /* PLIC sources, each nonzero */
};
#define PIER_DEVICE_DMA 0x1u

/* PIER_DEV_INFO's reply. */
struct pier_device_info {
	uint32_t nranges;
	uint32_t nirqs;
	uint32_t flags;    /* PIER_DEVINFO_* */
	uint32_t node;     /* offset of the node in the device tree blob */
	struct pier_dev_range range[PIER_DEV_RANGES_MAX];
	uint32_t irq[PIER_DEV_IRQS_MAX];
};
#define PIER_DEVINFO_DMA 0x1u      /* this handle may allocate DMA memory */
#define PIER_DEVINFO_COHERENT 0x2u /* the device's DMA is cache-coherent: syncs do nothing */

struct pier_dev_index {
	uint32_t index;    /* which range or interrupt */
	uint32_t _pad;
};

struct pier_dev_mapped {
	uint64_t va;       /* where the range's base is mapped (page offset kept), read-write, never executable */
};

struct pier_dev_irq_bind {
	uint32_t port;     /* a port the caller owns */
	uint32_t index;    /* which of the device's interrupts */
};

/* Data of a PIER_MSG_IRQ packet. */
struct pier_irq_fired {
	uint32_t irq;      /* the PLIC source */
	uint32_t count;    /* interrupts folded into this packet (its queue was full) */
	uint64_t stamp;    /* benchmark builds: instret at the trap; else 0 */
	uint32_t index;    /* which of the device's interrupts */
	uint32_t _pad;
};

/*
 * DMA memory. Without an IOMMU a device can write anywhere in RAM, so a
 * driver holding PIER_R_DMA is trusted: init grants the right only to
 * drivers its table says need it. A buffer is physically contiguous,
 * zeroed, mapped read-write and never executable in the caller's space,
 * and charged to its quota. It belongs to the device as well: when the
 * driver's space ends with buffers outstanding, they are quarantined
 * (not freed, not mapped anywhere) until a later holder of the device
 * sends PIER_DEV_DMA_RESET, since the device may still write them.
 */
#define PIER_DMA_PAGES_MAX 256u

struct pier_dma_alloc {
	uint32_t pages;    /* 1..PIER_DMA_PAGES_MAX */
	uint32_t flags;    /* 0 */
};

struct pier_dma {
	uint64_t va;       /* in the caller's space */
	uint64_t bus;      /* the address the device uses for it */
};

struct pier_dma_free {
	uint64_t va;       /* as PIER_DEV_DMA_ALLOC returned it */
};

/* Directions of a sync, as the CPU sees them. */
#define PIER_DMA_TO_DEVICE 1u    /* the CPU wrote it: write back before the device reads */
#define PIER_DMA_FROM_DEVICE 2u  /* the device wrote it: discard stale lines before the CPU reads */
#define PIER_DMA_BIDIRECTIONAL 3u

struct pier_dma_sync {
	uint64_t va;       /* within one buffer */
	uint64_t size;     /* bytes, within the same buffer */
	uint32_t dir;      /* PIER_DMA_* */
	uint32_t _pad;
};

/* The old single-range form: replaced by pier_device_req / pier_device_info. */
struct pier_device {
	uint64_t base;
	uint64_t size;
	uint32_t irq;
	uint32_t _pad;
};

#endif
