/* RISC-V supervisor CSRs: bit definitions and accessors. */
#ifndef CSR_H
#define CSR_H

#define SSTATUS_SIE   (1ul << 1)   /* interrupts enabled in S-mode */
#define SSTATUS_SPIE  (1ul << 5)   /* SIE before the trap */
#define SSTATUS_SPP   (1ul << 8)   /* trapped from S-mode (1) or U-mode (0) */
#define SSTATUS_VS    (3ul << 9)   /* vector state: off makes V instructions illegal */
#define SSTATUS_FS    (3ul << 13)  /* FPU state: off makes FP instructions illegal */
#define SSTATUS_SUM   (1ul << 18)  /* S-mode may touch U pages: set only inside uaccess.S */

#define SIE_STIE (1ul << 5)   /* supervisor timer interrupt */
#define SIE_SEIE (1ul << 9)   /* supervisor external interrupt */
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

#define SCAUSE_INTERRUPT (1ul << 63)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_FETCH_PAGE      12
#define CAUSE_LOAD_PAGE       13
#define CAUSE_STORE_PAGE      15

#define SATP_MODE_SV39 (8ul << 60)

#ifndef __ASSEMBLY__
#include <stdint.h>

#define csr_read(csr) ({ uint64_t v_; \
	__asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "rK"((uint64_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "rK"((uint64_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "rK"((uint64_t)(v)) : "memory")

static inline void sfence_vma(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* Only the translations of one address space (non-global ones). */
static inline void sfence_vma_asid(uint64_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" :: "r"(asid) : "memory");
}

/* This hart's instruction fetches see its earlier stores (to code it wrote). */
static inline void fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi");
}
#endif

#endif
