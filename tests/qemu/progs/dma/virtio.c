/* The dma test's proof that a bus address is right: a legacy virtio-rng fills a buffer through it. */
#include <string.h>
#include "dma.h"

/*
 * Legacy (version 1) virtio-mmio, as QEMU 7.2's virt board has it by
 * default: the queue is given by page frame number (QueuePFN) in units
 * of GuestPageSize. One descriptor, device-writable, naming a separate
 * buffer by its bus address; the device can only fill it if both the
 * ring's and the buffer's bus addresses are where the memory really is.
 */
enum {
	VERSION = 0x004, DEVICE_ID = 0x008, GUEST_FEATURES = 0x020, GUEST_PAGE_SIZE = 0x028,
	QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c,
	QUEUE_PFN = 0x040, QUEUE_NOTIFY = 0x050, STATUS = 0x070,
};
enum { S_ACKNOWLEDGE = 1, S_DRIVER = 2, S_DRIVER_OK = 4 };
#define QSIZE 8u
#define DESC_F_WRITE 2u
#define DATA_BYTES 64u

struct vdesc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct vavail { uint16_t flags, idx, ring[QSIZE], used_event; };
struct vused { uint16_t flags, idx; struct { uint32_t id, len; } ring[QSIZE]; };

static volatile uint32_t *r;

static void wr(uint32_t off, uint32_t v) { r[off / 4] = v; }
static uint32_t rd(uint32_t off) { return r[off / 4]; }

void virtio_rng_proof(uint32_t dev, volatile uint32_t *regs)
{
	struct pier_dma ring, data;
	volatile struct vdesc *desc;
	volatile struct vavail *avail;
	volatile struct vused *used;
	volatile uint8_t *buf;
	unsigned nonzero = 0;
	uint32_t spins;

	r = regs;
	check("virtio: legacy transport", rd(VERSION), 1);
	check("virtio: an entropy device", rd(DEVICE_ID), 4);
	check("virtio: ring pages", pier_dma_alloc(dev, 2, &ring), PIER_OK);
	check("virtio: data page", pier_dma_alloc(dev, 1, &data), PIER_OK);
	if (fails)
		return;
	desc = (volatile void *)(uintptr_t)ring.va;
	avail = (volatile void *)(uintptr_t)(ring.va + QSIZE * sizeof(struct vdesc));
	used = (volatile void *)(uintptr_t)(ring.va + 4096);   /* QueueAlign below */
	buf = (volatile void *)(uintptr_t)data.va;

	wr(STATUS, 0);
	wr(STATUS, S_ACKNOWLEDGE);
	wr(STATUS, S_ACKNOWLEDGE | S_DRIVER);
	wr(GUEST_FEATURES, 0);
	wr(GUEST_PAGE_SIZE, 4096);
	wr(QUEUE_SEL, 0);
	check("virtio: queue big enough", rd(QUEUE_NUM_MAX) >= QSIZE, 1);
	wr(QUEUE_NUM, QSIZE);
	wr(QUEUE_ALIGN, 4096);
	wr(QUEUE_PFN, (uint32_t)(ring.bus >> 12));
	wr(STATUS, S_ACKNOWLEDGE | S_DRIVER | S_DRIVER_OK);

	desc[0].addr = data.bus;
	desc[0].len = DATA_BYTES;
	desc[0].flags = DESC_F_WRITE;
	desc[0].next = 0;
	avail->ring[0] = 0;
	check("virtio: sync the ring to the device",
	      pier_dma_sync(dev, ring.va, 4096, PIER_DMA_TO_DEVICE), PIER_OK);
	__asm__ volatile("fence w, w" ::: "memory");
	avail->idx = 1;
	__asm__ volatile("fence w, o" ::: "memory");
	wr(QUEUE_NOTIFY, 0);
	for (spins = 0; used->idx != 1 && spins < 50000000u; spins++)  /* a few seconds at most */
		;
	check("virtio: the device used the buffer", used->idx, 1);
	check("virtio: sync the data from the device",
	      pier_dma_sync(dev, data.va, DATA_BYTES, PIER_DMA_FROM_DEVICE), PIER_OK);
	check("virtio: descriptor 0 came back", used->ring[0].id, 0);
	check("virtio: it wrote the whole buffer", used->ring[0].len, DATA_BYTES);
	for (unsigned i = 0; i < DATA_BYTES; i++)
		nonzero += buf[i] != 0;
	/* 64 random bytes are all zero with probability 2^-512. */
	check("virtio: entropy in the buffer (it was zeroed)", nonzero > 0, 1);
	wr(STATUS, 0);  /* reset: the device lets go of both buffers */
	check("virtio: free the ring", pier_dma_free(dev, ring.va), PIER_OK);
	check("virtio: free the data", pier_dma_free(dev, data.va), PIER_OK);
}
