/* Cache maintenance for non-coherent DMA: the SiFive composable cache's Flush64 register. */
#include <stddef.h>
#include "dma_cache.h"
#include "ccache.h"
#include "board.h"
#include "kio.h"

static volatile uint8_t *regs;  /* the controller, in the kernel's device window */
static struct ccache cc;

static void write64(void *ctx, uint32_t off, uint64_t val)
{
	(void)ctx;
	*(volatile uint64_t *)(void *)(regs + off) = val;
}

__attribute__((cold)) void dma_cache_init(const struct board *b)
{
	if (!b->ccache.present || b->ccache.size < CCACHE_FLUSH64 + 8)
		return;
	regs = kio_map(b->ccache.base, b->ccache.size);
	cc = (struct ccache){ .write64 = write64, .line = b->ccache.line };
}

bool dma_cache_present(void)
{
	return regs != NULL;
}

/*
 * The CPU's stores to the buffer must reach the cache before the flushes
 * (the first fence), and the flushes must be done before whatever the
 * driver does next, typically a register write telling the device to go
 * (the second). At most 16,384 writes: dma.c passes one buffer's range.
 */
__attribute__((cold)) void dma_cache_flush(uint64_t pa, uint64_t size)
{
	if (!regs)
		return;
	__asm__ volatile("fence rw, o" ::: "memory");
	ccache_flush_range(&cc, pa, size);
	__asm__ volatile("fence o, rw" ::: "memory");
}
