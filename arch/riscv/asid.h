/* Address-space identifiers for Sv39 spaces (arch/riscv/asid.c). */
#ifndef ASID_H
#define ASID_H

#include <stdint.h>
#include <stdbool.h>

#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK (0xfffful << SATP_ASID_SHIFT)

extern uint64_t asid_generation;

/* Find how many ASID bits the hart has; run once, with the MMU on. */
void asid_init(void);
/* One more than the largest ASID handed out (1 when there are none). */
uint32_t asid_bits_limit(void);
/* A fresh ASID for a space in this generation; true if every switch must flush. */
bool asid_assign(uint32_t *asid, uint64_t *generation);

#endif
