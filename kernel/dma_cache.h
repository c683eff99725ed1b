/* Cache maintenance for devices whose DMA does not snoop the CPU caches (arch/ implements it). */
#ifndef DMA_CACHE_H
#define DMA_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct board;

/* Once, at start: map the board's cache controller, if the device tree names one we know. */
void dma_cache_init(const struct board *b);
/* Is there a controller to flush through? */
bool dma_cache_present(void);
/* Write back and invalidate every cache line holding a byte of [pa, pa + size). */
void dma_cache_flush(uint64_t pa, uint64_t size);

#endif
