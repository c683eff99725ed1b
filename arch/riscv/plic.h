/* The platform-level interrupt controller, for the boot hart's S-mode context. */
#ifndef PLIC_H
#define PLIC_H

#include <stdint.h>
#include <stdbool.h>

/* Map the PLIC and take over context ctx: every source off, threshold 0. */
bool plic_init(uint64_t base, uint64_t size, uint32_t ndev, uint32_t ctx);
void plic_enable(uint32_t irq);
void plic_disable(uint32_t irq);
/* Our context's claim register (plic.c), for the two inlines below. */
extern volatile uint32_t *plic_claim_reg;
/* The highest pending source (0 = none); it stays claimed until completed. */
static inline uint32_t plic_claim(void)
{
	return *plic_claim_reg;
}
static inline void plic_complete(uint32_t irq)
{
	*plic_claim_reg = irq;
}
uint32_t plic_ndev(void);

#endif
