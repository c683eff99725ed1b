/* The SiFive composable cache controller's flush: which lines, in what order (portable). */
#ifndef CCACHE_H
#define CCACHE_H

#include <stdint.h>

/*
 * SiFive composable cache (FU540, FU740, JH7110; compatible "sifive,ccache0"
 * and the SoC-specific names): writing a physical address to Flush64
 * writes the line holding it back to memory if dirty and invalidates it.
 * The cache is inclusive of the cores' L1 data caches, so the line leaves
 * those too. Lines are the node's cache-block-size (64 bytes on all three).
 */
#define CCACHE_FLUSH64 0x200u   /* 64-bit write: flush the line holding this physical address */
#define CCACHE_LINE_DEFAULT 64u

struct ccache {
	/* Write val to the 64-bit register at byte offset off (arch/, or a host test's model). */
	void (*write64)(void *ctx, uint32_t off, uint64_t val);
	void *ctx;
	uint32_t line;          /* bytes, a power of two */
};

/* The lines [pa, pa + size) touches: the first one's address into *first, and how many. */
uint64_t ccache_lines(uint64_t pa, uint64_t size, uint32_t line, uint64_t *first);
/*
 * Flush them in ascending order, one Flush64 write each. The caller
 * orders the CPU's stores before (and the device's access after) with
 * fences, and bounds size: a DMA buffer is at most PIER_DMA_PAGES_MAX
 * pages, 16,384 lines of 64 bytes. Nothing for size 0 or a range that
 * wraps past 2^64.
 */
void ccache_flush_range(const struct ccache *c, uint64_t pa, uint64_t size);

#endif
