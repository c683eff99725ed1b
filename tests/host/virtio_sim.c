/* A simulated virtio-mmio device (legacy or modern) that serves its queues from the rings in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_sim.h"

struct sim sim;

void sim_reset(uint32_t version, uint32_t device_id)
{
	uint8_t *arena = sim.arena;

	if (!arena) {
		arena = aligned_alloc(VIRTQ_ALIGN, SIM_ARENA);
		assert_non_null(arena);
	}
	memset(arena, 0, SIM_ARENA);
	memset(&sim, 0, sizeof(sim));
	sim.arena = arena;
	sim.magic = VIRTIO_MAGIC_VALUE;
	sim.version = version;
	sim.device_id = device_id;
	sim.dev_features = (version == 2 ? VIRTIO_F_VERSION_1 : 0) | 0x5u;
	sim.q[0].num_max = 8;
	sim.q[1].num_max = 0;           /* the rng has one queue */
}

void *sim_va(uint64_t b, uint32_t len)
{
	assert_true(b >= SIM_BUS);
	assert_true(b - SIM_BUS + len <= SIM_ARENA);
	return sim.arena + (b - SIM_BUS);
}

uint64_t sim_bus(const void *va)
{
	const uint8_t *p = va;

	assert_true(p >= sim.arena && p < sim.arena + SIM_ARENA);
	return SIM_BUS + (uint64_t)(p - sim.arena);
}

static struct sim_queue *selq(void)
{
	assert_true(sim.queue_sel < 2);
	return &sim.q[sim.queue_sel];
}

static bool queue_live(const struct sim_queue *q)
{
	return sim.version == 1 ? q->pfn != 0 : q->ready != 0;
}

/* Where the rings are, as the device computes them from what it was told. */
static void rings(const struct sim_queue *q, uint64_t *desc, uint64_t *avail, uint64_t *used)
{
	if (sim.version == 2) {
		*desc = q->desc;
		*avail = q->avail;
		*used = q->used;
		return;
	}
	assert_int_equal(sim.page_size, 4096);
	*desc = (uint64_t)q->pfn * sim.page_size;
	*avail = *desc + 16ull * q->num;
	*used = (*avail + 2ull * (3 + q->num) + q->align - 1) & ~(uint64_t)(q->align - 1);
}

/* Take the new available entries of queue 0. */
static void take(void)
{
	struct sim_queue *q = &sim.q[0];
	uint64_t d, a, u;

	assert_true(queue_live(q));
	assert_true(sim.status & VIRTIO_S_DRIVER_OK);
	rings(q, &d, &a, &u);
	uint16_t *av = sim_va(a, 4 + 2u * q->num);

	while (q->last_avail != av[1]) {
		assert_true(sim.npending < SIM_PENDING_MAX);
		sim.pending[sim.npending++] = av[2 + (q->last_avail % q->num)];
		q->last_avail++;
	}
}

static void complete_one(uint16_t head)
{
	struct sim_queue *q = &sim.q[0];
	uint64_t d, a, u;
	uint32_t written = 0, hops = 0;
	uint16_t i = head;

	rings(q, &d, &a, &u);
	struct virtq_desc *desc = sim_va(d, 16u * q->num);
	uint16_t *used = sim_va(u, 4 + 8u * q->num);

	for (;;) {
		assert_true(i < q->num);
		assert_true(++hops <= q->num);
		if (desc[i].flags & VIRTQ_DESC_F_WRITE) {
			uint8_t *p = sim_va(desc[i].addr, desc[i].len);

			for (uint32_t k = 0; k < desc[i].len; k++)
				p[k] = (uint8_t)sim.fill++;
			written += desc[i].len;
		} else {
			/* Readable buffers come before writable ones. */
			assert_int_equal(written, 0);
		}
		if (!(desc[i].flags & VIRTQ_DESC_F_NEXT))
			break;
		i = desc[i].next;
	}
	struct virtq_used_elem *e = (struct virtq_used_elem *)(used + 2) + (q->used_idx % q->num);

	e->id = head;
	e->len = written + sim.extra_len;
	q->used_idx++;
	__atomic_store_n(&used[1], q->used_idx, __ATOMIC_RELEASE);
	sim.irq_status |= VIRTIO_IRQ_USED;
}

void sim_complete(uint32_t n, bool reverse)
{
	while (n-- && sim.npending) {
		if (reverse) {
			complete_one(sim.pending[--sim.npending]);
		} else {
			complete_one(sim.pending[0]);
			memmove(sim.pending, sim.pending + 1, --sim.npending * sizeof(sim.pending[0]));
		}
	}
}

static uint32_t sim_read(void *ctx, uint32_t off)
{
	(void)ctx;
	switch (off) {
	case VIRTIO_MAGIC: return sim.magic;
	case VIRTIO_VERSION: return sim.version;
	case VIRTIO_DEVICE_ID: return sim.device_id;
	case VIRTIO_VENDOR_ID: return 0x554d4551;
	case VIRTIO_DEV_FEATURES:
		return sim.dev_sel > 1 ? 0 : (uint32_t)(sim.dev_features >> (32 * sim.dev_sel));
	case VIRTIO_QUEUE_NUM_MAX: return selq()->num_max;
	case VIRTIO_QUEUE_PFN: assert_int_equal(sim.version, 1); return selq()->pfn;
	case VIRTIO_QUEUE_READY: assert_int_equal(sim.version, 2); return selq()->ready;
	case VIRTIO_IRQ_STATUS: return sim.irq_status;
	case VIRTIO_STATUS: return sim.status;
	}
	fail_msg("read of register 0x%x", off);
	return 0;
}

static void sim_write(void *ctx, uint32_t off, uint32_t v)
{
	struct sim_queue *q;

	(void)ctx;
	switch (off) {
	case VIRTIO_DEV_FEATURES_SEL: sim.dev_sel = v; return;
	case VIRTIO_DRV_FEATURES_SEL: sim.drv_sel = v; return;
	case VIRTIO_DRV_FEATURES:
		assert_true(sim.drv_sel < 2);
		sim.drv_features &= ~(0xffffffffull << (32 * sim.drv_sel));
		sim.drv_features |= (uint64_t)v << (32 * sim.drv_sel);
		return;
	case VIRTIO_GUEST_PAGE_SIZE: assert_int_equal(sim.version, 1); sim.page_size = v; return;
	case VIRTIO_QUEUE_SEL: sim.queue_sel = v; return;
	case VIRTIO_QUEUE_NUM:
		q = selq();
		assert_true(v && v <= q->num_max && !queue_live(q));
		q->num = v;
		return;
	case VIRTIO_QUEUE_ALIGN: assert_int_equal(sim.version, 1); selq()->align = v; return;
	case VIRTIO_QUEUE_PFN: assert_int_equal(sim.version, 1); selq()->pfn = v; return;
	case VIRTIO_QUEUE_READY: assert_int_equal(sim.version, 2); selq()->ready = v; return;
	case VIRTIO_QUEUE_DESC_LO: case VIRTIO_QUEUE_DESC_HI:
	case VIRTIO_QUEUE_AVAIL_LO: case VIRTIO_QUEUE_AVAIL_HI:
	case VIRTIO_QUEUE_USED_LO: case VIRTIO_QUEUE_USED_HI: {
		uint64_t *r;

		assert_int_equal(sim.version, 2);
		q = selq();
		assert_false(q->ready);
		r = off < VIRTIO_QUEUE_AVAIL_LO ? &q->desc :
		    off < VIRTIO_QUEUE_USED_LO ? &q->avail : &q->used;
		if (off & 4)
			*r = (*r & 0xffffffffull) | (uint64_t)v << 32;
		else
			*r = (*r & ~0xffffffffull) | v;
		return;
	}
	case VIRTIO_QUEUE_NOTIFY:
		assert_int_equal(v, 0);
		sim.notifies++;
		take();
		if (!sim.hold)
			sim_complete(SIM_PENDING_MAX, false);
		return;
	case VIRTIO_IRQ_ACK: sim.irq_status &= ~v; return;
	case VIRTIO_STATUS:
		sim.status_writes++;
		if (v == 0) {
			uint8_t *arena = sim.arena;
			struct sim keep = sim;

			sim.resets++;
			sim.status = 0;
			memset(sim.q, 0, sizeof(sim.q));
			sim.q[0].num_max = keep.q[0].num_max;
			sim.npending = 0;
			sim.irq_status = 0;
			sim.arena = arena;
			return;
		}
		if (sim.version == 1)
			assert_false(v & VIRTIO_S_FEATURES_OK);
		if ((v & VIRTIO_S_FEATURES_OK) && !(sim.status & VIRTIO_S_FEATURES_OK) &&
		    sim.refuse_features)
			v &= ~VIRTIO_S_FEATURES_OK;
		sim.status = v;
		return;
	}
	fail_msg("write of register 0x%x", off);
}

static void sim_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

const struct virtio_io sim_io = {
	.read = sim_read, .write = sim_write, .barrier = sim_barrier,
};
