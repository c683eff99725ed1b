/* The virtio-mmio transport: device setup, feature negotiation and split virtqueues. No Pier calls here. */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Register offsets of a virtio-mmio device (virtio 1.x, section 4.2.2;
 * the legacy ones from 4.2.4). Every register is 32 bits wide.
 */
enum virtio_reg {
	VIRTIO_MAGIC = 0x000,           /* "virt" (VIRTIO_MAGIC_VALUE) */
	VIRTIO_VERSION = 0x004,         /* 1 legacy, 2 modern */
	VIRTIO_DEVICE_ID = 0x008,       /* 0: no device in this slot */
	VIRTIO_VENDOR_ID = 0x00c,
	VIRTIO_DEV_FEATURES = 0x010,    /* 32 feature bits, the word DEV_FEATURES_SEL picks */
	VIRTIO_DEV_FEATURES_SEL = 0x014,
	VIRTIO_DRV_FEATURES = 0x020,    /* what the driver takes, the word DRV_FEATURES_SEL picks */
	VIRTIO_DRV_FEATURES_SEL = 0x024,
	VIRTIO_GUEST_PAGE_SIZE = 0x028, /* legacy: the unit of QUEUE_PFN */
	VIRTIO_QUEUE_SEL = 0x030,       /* which queue the QUEUE_* registers mean */
	VIRTIO_QUEUE_NUM_MAX = 0x034,   /* 0: no such queue */
	VIRTIO_QUEUE_NUM = 0x038,       /* entries the driver chose */
	VIRTIO_QUEUE_ALIGN = 0x03c,     /* legacy: alignment of the used ring */
	VIRTIO_QUEUE_PFN = 0x040,       /* legacy: page number of the queue; 0 = unused */
	VIRTIO_QUEUE_READY = 0x044,     /* modern: the queue may be used */
	VIRTIO_QUEUE_NOTIFY = 0x050,    /* write a queue index: it has new buffers */
	VIRTIO_IRQ_STATUS = 0x060,      /* why the interrupt is up: VIRTIO_IRQ_* */
	VIRTIO_IRQ_ACK = 0x064,         /* write those bits back when handled */
	VIRTIO_STATUS = 0x070,          /* VIRTIO_S_*; writing 0 resets the device */
	VIRTIO_QUEUE_DESC_LO = 0x080,   /* modern: bus address of the descriptor table */
	VIRTIO_QUEUE_DESC_HI = 0x084,
	VIRTIO_QUEUE_AVAIL_LO = 0x090,  /* modern: the available ("driver") ring */
	VIRTIO_QUEUE_AVAIL_HI = 0x094,
	VIRTIO_QUEUE_USED_LO = 0x0a0,   /* modern: the used ("device") ring */
	VIRTIO_QUEUE_USED_HI = 0x0a4,
	VIRTIO_CONFIG_GEN = 0x0fc,      /* modern: changes when the config space does */
	VIRTIO_CONFIG = 0x100,          /* device-specific configuration */
};

#define VIRTIO_MAGIC_VALUE 0x74726976u  /* "virt", little-endian */

/* Device status bits (2.1). */
#define VIRTIO_S_ACKNOWLEDGE 1u   /* the driver saw the device */
#define VIRTIO_S_DRIVER 2u        /* and knows how to drive it */
#define VIRTIO_S_DRIVER_OK 4u     /* and is ready: the device may go */
#define VIRTIO_S_FEATURES_OK 8u   /* modern: the feature set is agreed (the device may clear it: refused) */
#define VIRTIO_S_NEEDS_RESET 64u  /* the device hit an error it cannot recover from */
#define VIRTIO_S_FAILED 128u      /* the driver gave up on the device */

#define VIRTIO_IRQ_USED 1u        /* a queue has used buffers */
#define VIRTIO_IRQ_CONFIG 2u      /* the configuration changed */

#define VIRTIO_F_VERSION_1 (1ull << 32)  /* modern: the device follows virtio 1.x */

/* Device IDs (5). */
#define VIRTIO_ID_BLK 2u
#define VIRTIO_ID_RNG 4u

/* A split virtqueue's memory as the device reads it (2.7). */
struct virtq_desc {
	uint64_t addr;     /* bus address of the buffer */
	uint32_t len;
	uint16_t flags;    /* VIRTQ_DESC_F_* */
	uint16_t next;     /* the chain's next descriptor, when F_NEXT */
};
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u     /* the device writes this buffer (else reads it) */

struct virtq_avail {
	uint16_t flags;    /* 0: we want interrupts */
	uint16_t idx;      /* where the driver puts the next entry, free-running */
	uint16_t ring[];   /* heads of chains; then used_event, unused here */
};

struct virtq_used_elem {
	uint32_t id;       /* head of the chain the device finished */
	uint32_t len;      /* bytes it wrote into the chain */
};

struct virtq_used {
	uint16_t flags;    /* VIRTQ_USED_F_NO_NOTIFY: the device polls, skip the notify */
	uint16_t idx;      /* free-running */
	struct virtq_used_elem ring[];
};
#define VIRTQ_USED_F_NO_NOTIFY 1u

#define VIRTQ_NUM_MAX 256u        /* entries we ever use in one queue */
#define VIRTQ_ALIGN 4096u         /* legacy QueueAlign, and our page */

/*
 * How the transport reaches the device: register reads and writes, and a
 * barrier ordering our memory accesses against the device's (the
 * driver's is a fence over memory and I/O; the host test's a compiler
 * and thread fence). The host test puts a simulated device behind it.
 */
struct virtio_io {
	uint32_t (*read)(void *ctx, uint32_t off);
	void (*write)(void *ctx, uint32_t off, uint32_t val);
	void (*barrier)(void);
	void *ctx;
};

/* One device. Owned by its driver; io must outlive it. */
struct virtio_dev {
	const struct virtio_io *io;
	uint32_t version;          /* 1 legacy, 2 modern */
	uint32_t device_id;
	uint64_t features;         /* what was agreed */
};

/*
 * One split virtqueue. Its memory (virtq_bytes() of it, zeroed, page
 * aligned, physically contiguous) belongs to the device from
 * virtq_setup() until the device is reset. The descriptor table holds
 * the free list: free descriptors are chained through .next from
 * free_head. Only the driver's one activation touches this struct.
 */
struct virtq {
	struct virtio_dev *dev;
	uint16_t index, num;       /* queue number; entries (a power of two) */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t free_head, nfree;
	uint16_t avail_idx;        /* our copy of avail->idx */
	uint16_t last_used;        /* next used entry to harvest */
	/* Per chain head, while the device holds the chain: */
	void *cookie[VIRTQ_NUM_MAX];
	uint32_t in_len[VIRTQ_NUM_MAX];   /* bytes the device may write */
	uint8_t busy[VIRTQ_NUM_MAX];      /* 1 while the device holds it */
};

/* A buffer of a chain: its bus address and size. */
struct virtq_buf {
	uint64_t bus;
	uint32_t len;
};

/*
 * Setup, in the order the spec wants (3.1.1). virtio_probe checks magic,
 * version and device ID (want_id, or any nonzero if 0), resets the
 * device and sets ACKNOWLEDGE and DRIVER: PIER_E_NOENT for no device or
 * another one, PIER_E_UNSUPPORTED for an unknown version.
 */
int virtio_probe(struct virtio_dev *d, const struct virtio_io *io, uint32_t want_id);
/* Reset the device: it forgets its queues and stops using their memory. */
void virtio_reset(struct virtio_dev *d);
/* Take the wanted features the device offers (VIRTIO_F_VERSION_1 too, on a
 * modern device, where it is required), and on a modern device set and
 * check FEATURES_OK: PIER_E_UNSUPPORTED if the device refuses. */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted);
/* Bytes of queue memory virtq_setup needs for num entries. */
size_t virtq_bytes(uint16_t num);
/* Entries a queue of the device would have when asked for num: 0 if none. */
uint16_t virtq_size(struct virtio_dev *d, uint16_t index, uint16_t num);
/* Give queue index the memory at va (bus address bus), which must be
 * virtq_bytes(num) long, zeroed and VIRTQ_ALIGN aligned; num as
 * virtq_size returned. PIER_E_ARG for anything else, PIER_E_STATE if the
 * queue is already in use. */
int virtq_setup(struct virtio_dev *d, struct virtq *q, uint16_t index,
		uint16_t num, void *va, uint64_t bus, size_t bytes);
void virtio_driver_ok(struct virtio_dev *d);
/* Tell the device the driver gave up on it. */
void virtio_fail(struct virtio_dev *d);
/* A virtio driver's main (virtio_main.c): argv[1] names the service, else
 * *service stays; its device, setup, ready. 0, or 1 after saying why. */
int virtio_driver_start(int argc, char **argv, const char *driver, const char **service,
			uint32_t *dev, struct virtio_dev *vdev, int (*setup)(void));
/* The device's status register (VIRTIO_S_NEEDS_RESET is worth checking). */
uint32_t virtio_status(struct virtio_dev *d);
/*
 * A 64-bit field of the device's configuration space at off (bytes from
 * its start), read as two 32-bit halves; on a modern device again until
 * the configuration generation is the same before and after (bounded:
 * a few tries, then what was read last).
 */
uint64_t virtio_config64(struct virtio_dev *d, uint32_t off);
/* Read the interrupt's causes and acknowledge them: VIRTIO_IRQ_* bits. */
uint32_t virtio_irq_ack(struct virtio_dev *d);

/*
 * Queue a chain: nout buffers the device reads, then nin it writes.
 * Returns the head (>= 0), PIER_E_FULL if the queue lacks free
 * descriptors, PIER_E_ARG for an empty chain or a zero-length buffer.
 * The device sees it after virtq_notify().
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned nout,
	      unsigned nin, void *cookie);
/* Publish what virtq_add queued and tell the device (unless it said not to). */
void virtq_notify(struct virtq *q);
/*
 * Take back one finished chain: 1 with its cookie and the bytes the
 * device wrote (never more than the chain's writable bytes), 0 if none
 * is waiting, PIER_E_STATE if the device names a chain it does not hold
 * (a broken device: the caller should reset it).
 */
int virtq_harvest(struct virtq *q, void **cookie, uint32_t *len);
/* Free descriptors. */
static inline uint16_t virtq_free(const struct virtq *q) { return q->nfree; }

/* The real device: registers at base, mapped uncached. */
void virtio_io_mmio(struct virtio_io *io, volatile void *base);

#endif
