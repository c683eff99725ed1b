/* Sv39 page-table entries. */
#ifndef PTE_H
#define PTE_H

#include <stdint.h>
#include "csr.h"

typedef uint64_t pte_t;

#define PTE_V (1ul << 0)   /* valid */
#define PTE_R (1ul << 1)   /* readable */
#define PTE_W (1ul << 2)   /* writable */
#define PTE_X (1ul << 3)   /* executable */
#define PTE_U (1ul << 4)   /* user mode may access */
#define PTE_G (1ul << 5)   /* global: in every address space (kernel half) */
#define PTE_A (1ul << 6)   /* accessed */
#define PTE_D (1ul << 7)   /* dirty */
#define PTE_DEV (1ul << 8) /* software bit: device registers, not a page to free */
#define PTE_SHARED (1ul << 9) /* software bit: mapped by a share; its permissions are fixed */

#define KERNEL_VA 0xffffffff80000000ul

/* A PTE holds a 44-bit page number, so physical addresses end below 2^56:
 * the bits of a higher one would spill into the PTE's reserved bits. */
#define PTE_PA_END (1ul << 56)

/*
 * A and D are set up front: hardware without Svadu faults on a clear A or
 * D bit instead of setting it, and Pier has no use for the fault.
 */
static inline pte_t pte_make(uint64_t pa, uint64_t perm)
{
	return ((pa >> 12) << 10) | perm | PTE_V | PTE_A | PTE_D;
}

/* A pointer to the next level: no R, W or X bits. */
static inline pte_t pte_table(uint64_t pa)
{
	return ((pa >> 12) << 10) | PTE_V;
}

static inline uint64_t pte_pa(pte_t pte)
{
	return ((pte >> 10) & ((1ul << 44) - 1)) << 12;
}

static inline int pte_is_leaf(pte_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

#endif
