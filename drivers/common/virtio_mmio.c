/* The virtio transport's register access on real hardware: 32-bit uncached loads and stores. */
#include "virtio.h"

static uint32_t mmio_read(void *ctx, uint32_t off)
{
	return *(volatile uint32_t *)((uintptr_t)ctx + off);
}

static void mmio_write(void *ctx, uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)((uintptr_t)ctx + off) = val;
}

/*
 * The rings are ordinary memory the device reads and writes by DMA, and
 * the registers are I/O: a RISC-V fence over both kinds orders our ring
 * writes before a notify and the device's writes before our reads of
 * them. (A C11 fence would order memory only.)
 */
static void mmio_barrier(void)
{
#if defined(__riscv)
	__asm__ volatile("fence iorw, iorw" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

void virtio_io_mmio(struct virtio_io *io, volatile void *base)
{
	io->read = mmio_read;
	io->write = mmio_write;
	io->barrier = mmio_barrier;
	io->ctx = (void *)(uintptr_t)base;
}
