/* DMA memory of a device: buffers the device and one space share, and their quarantine. */
#ifndef DMA_H
#define DMA_H

#include <stdbool.h>
#include <stdint.h>

struct port;
struct kcall;
struct space;
struct device;

#define DMA_BUFS_MAX 64u       /* buffers a device may have, quarantined ones included */
#define DMA_DEV_PAGES_MAX 1024u /* pages (4 MiB) in all of them: what a reset frees at most */

/*
 * One buffer: pages [pa, pa + pages) allocated for a device. The device
 * holds one page reference to each (taken by page_alloc_n), the space
 * mapping it another (vm_map_ram), so the space's reaper never frees
 * them. Lifetime: on its device's list from PIER_DEV_DMA_ALLOC until
 * PIER_DEV_DMA_FREE, PIER_DEV_DMA_RESET (once quarantined) or the
 * device's release (dma_device_gone); on its space's list while space is
 * set. space is cleared when that space is destroyed (dma_space_gone):
 * the buffer is quarantined from then on.
 */
struct dma_buf {
	struct device *dev;         /* valid while the buffer is on its list */
	struct space *space;        /* where it is mapped, or NULL: quarantined */
	uint64_t va;                /* its address in space */
	uint64_t pa;                /* physical = bus address (no dma-ranges: docs/drivers.md) */
	uint32_t pages;
	struct dma_buf *dev_next;   /* the device's buffers */
	struct dma_buf *space_next; /* the space's buffers */
	struct dma_buf **space_prev;
};

/* PIER_DEV_DMA_ALLOC, _FREE, _SYNC, _RESET to a device. */
int dma_request(struct port *from, struct device *dv, struct kcall *k);
/* The space is being destroyed: its buffers are quarantined (bounded by its buffers). */
void dma_space_gone(struct space *s);
/* The device object is being freed: what it still holds is never freed (dma.c says why). */
void dma_device_gone(struct device *dv);
/* Pages held for devices after their space ended (PIER_TASK_MEMINFO). */
uint64_t dma_quarantined_pages(void);

#endif
