/* Host stand-in for arch/riscv/asid.h: a hart without ASIDs, so every TLB flush is a counted sfence_vma(). */
#ifndef ASID_H
#define ASID_H

#include <stdint.h>
#include <stdbool.h>

#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK (0xfffful << SATP_ASID_SHIFT)

extern uint64_t asid_generation;

/*
 * A constant, as on hardware with no ASID bits (asid.c then says 1):
 * every flush is a whole sfence_vma().
 */
#define asid_bits_limit() 1u

/* As asid.c answers without ASIDs: number 0, and the caller flushes. */
static inline bool asid_assign(uint32_t *asid, uint64_t *generation)
{
	*asid = 0;
	*generation = 0;
	return true;
}

#endif
