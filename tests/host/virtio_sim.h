/* A simulated virtio-mmio device for the host tests: registers, and rings read from "device memory". */
#ifndef VIRTIO_SIM_H
#define VIRTIO_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include "virtio.h"

/*
 * DMA memory is one arena; its bus addresses start at SIM_BUS, so a
 * transport that hands the device a virtual address is caught.
 */
#define SIM_ARENA (64u * 1024u)
#define SIM_BUS 0x80000000ull
#define SIM_PENDING_MAX 512u

struct sim_queue {
	uint32_t num_max, num, align, pfn, ready;
	uint64_t desc, avail, used;     /* bus addresses */
	uint16_t last_avail, used_idx;
};

struct sim {
	uint32_t magic, version, device_id, status;
	uint64_t dev_features, drv_features;
	uint32_t dev_sel, drv_sel, page_size, queue_sel, irq_status;
	bool refuse_features;           /* clear FEATURES_OK when it is set */
	bool hold;                      /* take requests but complete them only in sim_complete() */
	uint32_t notifies, resets, status_writes;
	uint32_t fill;                  /* the next byte written into a buffer */
	struct sim_queue q[2];
	uint16_t pending[SIM_PENDING_MAX];  /* heads taken, not yet completed */
	uint32_t npending;
	uint32_t extra_len;             /* added to each used length reported */
	uint8_t *arena;                 /* SIM_ARENA bytes, page aligned */
};

extern struct sim sim;
extern const struct virtio_io sim_io;

void sim_reset(uint32_t version, uint32_t device_id);
/* Where bus address b is in the arena, for len bytes (the test fails if outside). */
void *sim_va(uint64_t b, uint32_t len);
uint64_t sim_bus(const void *va);
/* Complete up to n taken requests, oldest first or newest first. */
void sim_complete(uint32_t n, bool reverse);

#endif
