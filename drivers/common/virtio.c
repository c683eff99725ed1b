/* The virtio-mmio transport: probing, reset, feature negotiation, queue setup, status and interrupts. */
#include <pier/status.h>
#include "virtio.h"

/*
 * Legacy (version 1) and modern (version 2) devices differ in three
 * places only: negotiation (FEATURES_OK and VIRTIO_F_VERSION_1 are
 * modern), how a queue's memory is given (a page number against three
 * 64-bit addresses and QueueReady), and what a reset guarantees. The
 * queue memory layout is the legacy one for both: descriptor table, then
 * the available ring, then at the next VIRTQ_ALIGN boundary the used
 * ring. It satisfies the modern alignment rules too.
 */

/* Polls of the status register after a reset: QEMU is done at the first. */
#define RESET_POLLS 1000u

static uint32_t rd(struct virtio_dev *d, uint32_t off)
{
	return d->io->read(d->io->ctx, off);
}

static void wr(struct virtio_dev *d, uint32_t off, uint32_t v)
{
	d->io->write(d->io->ctx, off, v);
}

static void set_status(struct virtio_dev *d, uint32_t bits)
{
	wr(d, VIRTIO_STATUS, rd(d, VIRTIO_STATUS) | bits);
}

void virtio_reset(struct virtio_dev *d)
{
	wr(d, VIRTIO_STATUS, 0);
	/*
	 * A modern device may take time to reset; it reads 0 when done.
	 * Bounded: a device that never finishes gets used as it is, and
	 * fails the FEATURES_OK or queue checks that follow.
	 */
	for (uint32_t i = 0; i < RESET_POLLS && rd(d, VIRTIO_STATUS) != 0; i++)
		;
	d->io->barrier();
}

int virtio_probe(struct virtio_dev *d, const struct virtio_io *io, uint32_t want_id)
{
	d->io = io;
	d->features = 0;
	if (rd(d, VIRTIO_MAGIC) != VIRTIO_MAGIC_VALUE)
		return PIER_E_NOENT;
	d->version = rd(d, VIRTIO_VERSION);
	if (d->version != 1 && d->version != 2)
		return PIER_E_UNSUPPORTED;
	d->device_id = rd(d, VIRTIO_DEVICE_ID);
	if (d->device_id == 0 || (want_id && d->device_id != want_id))
		return PIER_E_NOENT;
	virtio_reset(d);
	set_status(d, VIRTIO_S_ACKNOWLEDGE);
	set_status(d, VIRTIO_S_DRIVER);
	if (d->version == 1)	/* the unit of QUEUE_PFN, set once */
		wr(d, VIRTIO_GUEST_PAGE_SIZE, VIRTQ_ALIGN);
	return PIER_OK;
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted)
{
	uint64_t offered;

	wr(d, VIRTIO_DEV_FEATURES_SEL, 0);
	offered = rd(d, VIRTIO_DEV_FEATURES);
	wr(d, VIRTIO_DEV_FEATURES_SEL, 1);
	offered |= (uint64_t)rd(d, VIRTIO_DEV_FEATURES) << 32;
	if (d->version == 2) {
		/* A modern device must offer it, and a driver must take it. */
		if (!(offered & VIRTIO_F_VERSION_1))
			return PIER_E_UNSUPPORTED;
		wanted |= VIRTIO_F_VERSION_1;
	} else {
		wanted &= ~VIRTIO_F_VERSION_1;
	}
	d->features = offered & wanted;
	wr(d, VIRTIO_DRV_FEATURES_SEL, 0);
	wr(d, VIRTIO_DRV_FEATURES, (uint32_t)d->features);
	wr(d, VIRTIO_DRV_FEATURES_SEL, 1);
	wr(d, VIRTIO_DRV_FEATURES, (uint32_t)(d->features >> 32));
	if (d->version == 1)	/* legacy devices have no FEATURES_OK */
		return PIER_OK;
	set_status(d, VIRTIO_S_FEATURES_OK);
	if (!(rd(d, VIRTIO_STATUS) & VIRTIO_S_FEATURES_OK))
		return PIER_E_UNSUPPORTED;
	return PIER_OK;
}

static size_t align_up(size_t n)
{
	return (n + VIRTQ_ALIGN - 1) & ~(size_t)(VIRTQ_ALIGN - 1);
}

/* Offset of the used ring: after the descriptors and the available ring. */
static size_t used_offset(uint16_t num)
{
	return align_up(sizeof(struct virtq_desc) * num +
			sizeof(uint16_t) * (3u + num));
}

size_t virtq_bytes(uint16_t num)
{
	return used_offset(num) +
		align_up(sizeof(uint16_t) * 3u + sizeof(struct virtq_used_elem) * num);
}

uint16_t virtq_size(struct virtio_dev *d, uint16_t index, uint16_t num)
{
	uint32_t max, n = 1;

	wr(d, VIRTIO_QUEUE_SEL, index);
	max = rd(d, VIRTIO_QUEUE_NUM_MAX);
	if (max > VIRTQ_NUM_MAX)
		max = VIRTQ_NUM_MAX;
	if (num < max)
		max = num;
	/* The largest power of two within both: split queues need one. */
	while (n * 2 <= max)
		n *= 2;
	return max ? (uint16_t)n : 0;
}

static void queue_init(struct virtq *q, struct virtio_dev *d, uint16_t index,
		       uint16_t num, void *va)
{
	q->dev = d;
	q->index = index;
	q->num = num;
	q->desc = va;
	q->avail = (struct virtq_avail *)((char *)va + sizeof(struct virtq_desc) * num);
	q->used = (volatile struct virtq_used *)((char *)va + used_offset(num));
	/* Every descriptor free, chained in order; bounded by num. */
	for (uint16_t i = 0; i < num; i++) {
		q->desc[i].next = (uint16_t)(i + 1u);
		q->busy[i] = 0;
		q->cookie[i] = 0;
	}
	q->free_head = 0;
	q->nfree = num;
	q->avail_idx = 0;
	q->last_used = 0;
	q->avail->flags = 0;
	q->avail->idx = 0;
}

int virtq_setup(struct virtio_dev *d, struct virtq *q, uint16_t index,
		uint16_t num, void *va, uint64_t bus, size_t bytes)
{
	if (num == 0 || num > VIRTQ_NUM_MAX || (num & (num - 1)) ||
	    num != virtq_size(d, index, num) || bytes < virtq_bytes(num) ||
	    ((uintptr_t)va | bus) & (VIRTQ_ALIGN - 1))
		return PIER_E_ARG;
	/* virtq_size selected the queue. */
	if (rd(d, d->version == 1 ? VIRTIO_QUEUE_PFN : VIRTIO_QUEUE_READY) != 0)
		return PIER_E_STATE;
	if (d->version == 1 && (bus / VIRTQ_ALIGN) >> 32)
		return PIER_E_ARG;	/* QUEUE_PFN holds 32 bits of page number */
	queue_init(q, d, index, num, va);
	/* The rings are in memory before the device learns where they are. */
	d->io->barrier();
	wr(d, VIRTIO_QUEUE_NUM, num);
	if (d->version == 1) {
		wr(d, VIRTIO_QUEUE_ALIGN, VIRTQ_ALIGN);
		wr(d, VIRTIO_QUEUE_PFN, (uint32_t)(bus / VIRTQ_ALIGN));
		return PIER_OK;
	}
	uint64_t avail = bus + ((uintptr_t)q->avail - (uintptr_t)va);
	uint64_t used = bus + used_offset(num);

	wr(d, VIRTIO_QUEUE_DESC_LO, (uint32_t)bus);
	wr(d, VIRTIO_QUEUE_DESC_HI, (uint32_t)(bus >> 32));
	wr(d, VIRTIO_QUEUE_AVAIL_LO, (uint32_t)avail);
	wr(d, VIRTIO_QUEUE_AVAIL_HI, (uint32_t)(avail >> 32));
	wr(d, VIRTIO_QUEUE_USED_LO, (uint32_t)used);
	wr(d, VIRTIO_QUEUE_USED_HI, (uint32_t)(used >> 32));
	wr(d, VIRTIO_QUEUE_READY, 1);
	return PIER_OK;
}

void virtio_driver_ok(struct virtio_dev *d)
{
	d->io->barrier();
	set_status(d, VIRTIO_S_DRIVER_OK);
}

void virtio_fail(struct virtio_dev *d)
{
	set_status(d, VIRTIO_S_FAILED);
}

uint32_t virtio_status(struct virtio_dev *d)
{
	return rd(d, VIRTIO_STATUS);
}

uint32_t virtio_irq_ack(struct virtio_dev *d)
{
	uint32_t why = rd(d, VIRTIO_IRQ_STATUS) & (VIRTIO_IRQ_USED | VIRTIO_IRQ_CONFIG);

	if (why)
		wr(d, VIRTIO_IRQ_ACK, why);
	/* The acknowledge reaches the device before we read the used ring. */
	d->io->barrier();
	return why;
}

uint64_t virtio_config64(struct virtio_dev *d, uint32_t off)
{
	uint64_t v = 0;

	for (int tries = 0; tries < 4; tries++) {
		uint32_t g = d->version == 2 ? rd(d, VIRTIO_CONFIG_GEN) : 0;

		v = rd(d, VIRTIO_CONFIG + off) | (uint64_t)rd(d, VIRTIO_CONFIG + off + 4) << 32;
		if (d->version != 2 || rd(d, VIRTIO_CONFIG_GEN) == g)
			break;
	}
	return v;
}
