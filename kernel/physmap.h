/* Physical memory as the kernel sees it: all RAM mapped at one offset in the upper half. */
#ifndef PHYSMAP_H
#define PHYSMAP_H

#include <stdint.h>

/*
 * Sv39 splits virtual addresses at bit 38: the upper half starts at
 * 0xffffffc000000000. The kernel maps physical address pa at
 * PHYS_OFFSET + pa (global pages), so every page of RAM is reachable
 * without a temporary mapping. Host unit tests set host_phys_offset so a
 * malloc'ed arena plays the part of RAM.
 */
#ifdef PIER_HOST
extern uintptr_t host_phys_offset;
#define PHYS_OFFSET host_phys_offset
#else
#define PHYS_OFFSET 0xffffffc000000000ul
#endif

static inline void *pa_to_kva(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + PHYS_OFFSET);
}

static inline uint64_t kva_to_pa(const void *va)
{
	return (uint64_t)((uintptr_t)va - PHYS_OFFSET);
}

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12

#endif
