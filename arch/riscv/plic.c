/* PLIC driver: per-source priority and enable, one context's threshold and claim/complete. */
#include "plic.h"
#include "arch.h"
#include "kio.h"

/* Register offsets from the PLIC specification (riscv-plic-spec). */
#define PLIC_PRIORITY(irq)    (4u * (irq))                  /* source priority, 0 = never */
#define PLIC_ENABLE(ctx, irq) (0x2000u + 0x80u * (ctx) + 4u * ((irq) / 32))
#define PLIC_THRESHOLD(ctx)   (0x200000u + 0x1000u * (ctx)) /* pass priorities above this */
#define PLIC_CLAIM(ctx)       (0x200004u + 0x1000u * (ctx)) /* read: claim; write: complete */

static volatile uint8_t *plic;
static uint32_t plic_sources;
/* Our context's enable words and claim register, found once: every
 * interrupt claims, masks its source and completes. */
static volatile uint32_t *enable_words;
volatile uint32_t *plic_claim_reg;

static volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(plic + off);
}

bool plic_init(uint64_t base, uint64_t size, uint32_t ndev, uint32_t ctx)
{
	plic = kio_map(base, size);
	if (!plic)
		return false;
	enable_words = reg(PLIC_ENABLE(ctx, 0));
	plic_claim_reg = reg(PLIC_CLAIM(ctx));
	plic_sources = ndev;
	for (uint32_t irq = 1; irq <= ndev; irq++) {
		plic_disable(irq);
		*reg(PLIC_PRIORITY(irq)) = 0;
	}
	*reg(PLIC_THRESHOLD(ctx)) = 0;
	/* A source claimed by someone before us would stay stuck: complete all. */
	for (uint32_t irq; (irq = plic_claim()); )
		plic_complete(irq);
	return true;
}

/* Enable bit first, priority second: QEMU re-evaluates pending sources on
 * the priority write, so an interrupt raised while disabled is not lost. */
void plic_enable(uint32_t irq)
{
	enable_words[irq / 32] |= 1u << (irq % 32);
	*reg(PLIC_PRIORITY(irq)) = 1;
}

void plic_disable(uint32_t irq)
{
	enable_words[irq / 32] &= ~(1u << (irq % 32));
}

/* The kernel's names for these (kernel/arch.h), without a call between. */
void arch_irq_enable(uint32_t irq) __attribute__((alias("plic_enable")));
void arch_irq_disable(uint32_t irq) __attribute__((alias("plic_disable")));

void arch_irq_complete(uint32_t irq)
{
	plic_complete(irq);
}

uint32_t plic_ndev(void)
{
	return plic_sources;
}
