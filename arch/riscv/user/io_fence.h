/* User-side I/O ordering for drivers: a fence over memory and device registers. */
#ifndef IO_FENCE_H
#define IO_FENCE_H

/*
 * Orders a driver's writes to DMA memory before its register write that
 * tells the device, and the device's writes before the driver's reads of
 * them: RISC-V's fence over both I/O and memory (a C11 fence orders
 * memory only).
 */
static inline void io_fence(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

#endif
