/* A device's 32-bit registers: volatile loads and stores, or a host test's simulation. */
#ifndef MMIO32_H
#define MMIO32_H

#include <stdint.h>

/*
 * Drivers whose registers are all 32 bits wide go through these. A host
 * unit test builds the driver with MMIO_SIM and supplies mmio_sim_read
 * and mmio_sim_write: a simulated register file in the device's place.
 */
#ifdef MMIO_SIM
uint32_t mmio_sim_read(uintptr_t addr);
void mmio_sim_write(uintptr_t addr, uint32_t val);

static inline uint32_t mmio_rd32(uintptr_t addr)
{
	return mmio_sim_read(addr);
}

static inline void mmio_wr32(uintptr_t addr, uint32_t val)
{
	mmio_sim_write(addr, val);
}
#else
static inline uint32_t mmio_rd32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_wr32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}
#endif

#endif
