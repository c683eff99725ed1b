/* SBI calls: console output for the early log, and system reset. */
#include "sbi.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_BASE_PROBE 3
#define SBI_EXT_SRST 0x53525354   /* "SRST" */
#define SBI_EXT_TIME 0x54494d45   /* "TIME" */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_SRST_RESET 0
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_REASON_NONE 0

static struct sbiret sbi_call(long ext, long fn, long a0, long a1, long a2)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r6 __asm__("a6") = fn;
	register long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ r0, r1 };
}

/*
 * The legacy console putchar is the one output every SBI implementation has
 * (OpenSBI keeps it); it serves only the kernel's own log and panics. The
 * UART driver, a user program, owns the console once it runs.
 */
void sbi_putchar(int c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0);
}

long sbi_probe_extension(long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE, ext, 0, 0);
	return r.error ? 0 : r.value;
}

/*
 * Power off; where the firmware cannot (OpenSBI on QEMU sifive_u has only
 * a GPIO restart and answers "not supported"), a cold reset is the next
 * best thing; firmware without SRST gets the legacy SBI v0.1 call.
 */
void sbi_shutdown(void)
{
	if (sbi_probe_extension(SBI_EXT_SRST)) {
		sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_SHUTDOWN,
			 SBI_SRST_REASON_NONE, 0);
		sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_COLD_REBOOT,
			 SBI_SRST_REASON_NONE, 0);
	}
	sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

/* Program the next timer interrupt; it also clears the pending one. */
void sbi_set_timer(uint64_t when)
{
	static int have_time = -1;

	if (have_time < 0)
		have_time = sbi_probe_extension(SBI_EXT_TIME) != 0;
	if (have_time)
		sbi_call(SBI_EXT_TIME, 0, (long)when, 0, 0);
	else
		sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, (long)when, 0, 0);
}
