/* Host stand-in for arch/riscv/csr.h: CSRs are variables and sfence.vma is counted, for the tests to check. */
#ifndef CSR_H
#define CSR_H

#include <stdint.h>

#define SATP_MODE_SV39 (8ul << 60)

/* Defined by the test (tests/host/vm_fixture.c). */
extern uint64_t host_csr_satp;
extern uint64_t host_csr_time;
extern unsigned host_sfences;

#define csr_read(csr) (host_csr_##csr)
#define csr_write(csr, v) ((void)(host_csr_##csr = (uint64_t)(v)))

static inline void sfence_vma(void)
{
	host_sfences++;
}

static inline void sfence_vma_asid(uint64_t asid)
{
	(void)asid;
	host_sfences++;
}

static inline void fence_i(void)
{
}

#endif
