/* DMA memory of a device handle (pier/device.h): each request one call, answered inline. */
#include <libpier.h>

int pier_dma_alloc(uint32_t dev, uint32_t pages, struct pier_dma *out)
{
	struct pier_dma_alloc req = { .pages = pages };

	return pier_call_exact(dev, PIER_DEV_DMA_ALLOC, &req, sizeof(req), out, sizeof(*out));
}

int pier_dma_free(uint32_t dev, uint64_t va)
{
	struct pier_dma_free req = { .va = va };

	return pier_call_exact(dev, PIER_DEV_DMA_FREE, &req, sizeof(req), 0, 0);
}

int pier_dma_sync(uint32_t dev, uint64_t va, uint64_t size, uint32_t dir)
{
	struct pier_dma_sync req = { .va = va, .size = size, .dir = dir };

	return pier_call_exact(dev, PIER_DEV_DMA_SYNC, &req, sizeof(req), 0, 0);
}

int pier_dma_reset(uint32_t dev)
{
	return pier_call_exact(dev, PIER_DEV_DMA_RESET, 0, 0, 0, 0);
}
