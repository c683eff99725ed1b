/* Whether a device's DMA snoops the caches, from "dma-coherent" or "dma-noncoherent" on its node or an ancestor. */
#include "dma_coherent.h"

int dma_coherent(const struct fdt *f, int node)
{
	if (!fdt_name(f, node))
		return FDT_E_NOTFOUND;
	for (int depth = 0; depth < FDT_MAX_DEPTH && node >= 0; depth++) {
		if (fdt_prop(f, node, "dma-coherent", NULL, NULL) == 0)
			return DMA_SAYS_COHERENT;
		if (fdt_prop(f, node, "dma-noncoherent", NULL, NULL) == 0)
			return DMA_SAYS_NONCOHERENT;
		node = fdt_parent(f, node);     /* FDT_E_NOTFOUND past the root */
	}
	return DMA_SAYS_NOTHING;
}

enum dma_mode dma_mode(const struct fdt *f, int node, bool ccache)
{
	switch (dma_coherent(f, node)) {
	case DMA_SAYS_COHERENT:
		return DMA_COHERENT;
	case DMA_SAYS_NONCOHERENT:
		return ccache ? DMA_FLUSH : DMA_NONE;
	case DMA_SAYS_NOTHING:
		return ccache ? DMA_FLUSH : DMA_COHERENT;
	}
	return DMA_NONE;        /* not a node */
}
