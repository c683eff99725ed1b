/* The hart's timer: the time CSR, and one deadline through Sstc's stimecmp or the SBI. */
#include <stdbool.h>
#include "csr.h"
#include "sbi.h"
#include "arch.h"

#define CSR_STIMECMP 0x14d

static bool use_sstc;

/* Sstc lets S-mode write its deadline without a trip through the firmware. */
void arch_timer_init(bool sstc)
{
	use_sstc = sstc;
	arch_timer_set(UINT64_MAX);
	csr_set(sie, SIE_STIE | SIE_SEIE);
}

uint64_t arch_time_now(void)
{
	return csr_read(time);
}

#ifdef PIER_BENCH
uint64_t arch_stamp(void)
{
	return csr_read(instret);
}
#endif

void arch_timer_set(uint64_t when)
{
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" :: "r"(when));
	else
		sbi_set_timer(when);
}
