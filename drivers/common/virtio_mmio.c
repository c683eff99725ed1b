/* The virtio transport's register access on real hardware: 32-bit uncached loads and stores. */
#include <io_fence.h>
#include "virtio.h"

static uint32_t mmio_read(void *ctx, uint32_t off)
{
	return *(volatile uint32_t *)((uintptr_t)ctx + off);
}

static void mmio_write(void *ctx, uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)((uintptr_t)ctx + off) = val;
}

/* The rings are DMA memory and the registers I/O: one fence over both
 * (arch/riscv/user/io_fence.h). */
static void mmio_barrier(void)
{
	io_fence();
}

void virtio_io_mmio(struct virtio_io *io, volatile void *base)
{
	io->read = mmio_read;
	io->write = mmio_write;
	io->barrier = mmio_barrier;
	io->ctx = (void *)(uintptr_t)base;
}
