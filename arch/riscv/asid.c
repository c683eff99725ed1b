/* Address-space identifiers: a space switch changes satp and keeps the TLB. */
#include <stdint.h>
#include "asid.h"
#include "csr.h"

/*
 * ASIDs are handed out in generations: each space takes the next number
 * the first time it runs in a generation. When the numbers run out, the
 * whole TLB is flushed once and a new generation starts; every space then
 * takes a new number when it next runs. So no two live spaces ever share a
 * number within a generation, and nothing has to be freed.
 * ASID 0 stays the kernel's own (the boot page table).
 * Hardware with no ASID bits gets asid_limit 1: every switch flushes.
 */
static uint32_t asid_limit;     /* numbers 1 .. asid_limit - 1 may be handed out */
static uint32_t asid_next = 1;
uint64_t asid_generation = 1;

void asid_init(void)
{
	uint64_t satp = csr_read(satp);

	/* The ASID field keeps only the bits the hart implements. */
	csr_write(satp, satp | SATP_ASID_MASK);
	asid_limit = (uint32_t)((csr_read(satp) & SATP_ASID_MASK) >> SATP_ASID_SHIFT) + 1;
	csr_write(satp, satp);
	sfence_vma();
}

uint32_t asid_bits_limit(void)
{
	return asid_limit;
}

bool asid_assign(uint32_t *asid, uint64_t *generation)
{
	if (asid_limit <= 1) {
		*asid = 0;
		*generation = 0;        /* so the next switch comes here again */
		return true;            /* no ASIDs: the caller flushes */
	}
	if (asid_next >= asid_limit) {
		asid_generation++;
		asid_next = 1;
		sfence_vma();
	}
	*asid = asid_next++;
	*generation = asid_generation;
	return false;
}
