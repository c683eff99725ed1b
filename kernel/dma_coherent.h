/* Is a device's DMA coherent with the CPU caches? What the device tree says (portable). */
#ifndef DMA_COHERENT_H
#define DMA_COHERENT_H

#include <stdbool.h>
#include "fdt.h"

/* What the nearest of node and its ancestors saying anything says. */
enum dma_says {
	DMA_SAYS_NONCOHERENT = 0,       /* "dma-noncoherent" */
	DMA_SAYS_COHERENT = 1,          /* "dma-coherent" */
	DMA_SAYS_NOTHING = 2,           /* neither, up to the root */
};
/* A dma_says, or an FDT_E_* status for a node that is not one. Bounded by
 * FDT_MAX_DEPTH parent lookups, each one walk of the blob. */
int dma_coherent(const struct fdt *f, int node);

/*
 * How DMA for that node is kept right: what PIER_DEV_DMA_ALLOC and _SYNC
 * do. A node that says is believed. One that says nothing gets the RISC-V
 * default, coherent (as Linux's OF_DMA_DEFAULT_COHERENT), except on a
 * board with a known cache controller: there syncs flush, since the tree
 * does not promise coherence and flushing where it was not needed costs
 * time, never data. "dma-noncoherent" without a controller: no DMA.
 */
enum dma_mode {
	DMA_NONE,       /* no way to keep the caches right: no DMA */
	DMA_COHERENT,   /* syncs do nothing */
	DMA_FLUSH,      /* syncs flush through the cache controller */
};
enum dma_mode dma_mode(const struct fdt *f, int node, bool ccache);

#endif
