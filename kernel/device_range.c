/* Which physical ranges a device handle may cover: registers of a device, nothing the kernel or firmware owns. */
#include "device.h"
#include "board.h"
#include "physmap.h"
#include "pte.h"

/* [lo, hi) and one of r share a byte (an r's end may not fit in 64 bits). */
static bool overlaps_any(uint64_t lo, uint64_t hi, const struct board_range *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (r[i].size && r[i].base < hi && (lo < r[i].base || lo - r[i].base < r[i].size))
			return true;
	return false;
}

/*
 * Not RAM: a "device" there would hand out other spaces' pages. Not the
 * PLIC, which is the kernel's, nor a CLINT or ACLINT, the firmware's
 * timers and IPIs. Nothing a PTE cannot hold: the bits of an address
 * from 2^56 up would land in the PTE's reserved bits. Compared in whole
 * pages, since whole pages are what PIER_DEV_MAP maps. Once per device:
 * built for size.
 */
__attribute__((cold)) bool device_range_ok(const struct board *b, uint64_t base, uint64_t size)
{
	struct board_range plic = { b->plic.base, b->plic.present ? b->plic.size : 0 };
	uint64_t end = base + size, lo, hi;

	if (!size || end < base || end > PTE_PA_END)
		return false;
	lo = base & ~(PAGE_SIZE - 1);
	hi = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return !overlaps_any(lo, hi, b->mem, b->nmem) &&
	       !overlaps_any(lo, hi, b->clint, b->nclint) &&
	       !overlaps_any(lo, hi, &plic, 1);
}
