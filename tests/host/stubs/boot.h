/* Host stand-in for arch/riscv/boot.h: the kernel's root table is an array of the test's. */
#ifndef BOOT_H
#define BOOT_H

#include <stdint.h>
#include "csr.h"
#include "pte.h"

extern pte_t kernel_root[512];

/* Not in the fake RAM: its "physical" address is its host address. */
static inline uint64_t kimg_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif
