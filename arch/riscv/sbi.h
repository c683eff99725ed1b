/* Calls into the SBI firmware (OpenSBI) below the kernel. */
#ifndef SBI_H
#define SBI_H

#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

void sbi_putchar(int c);
/* Power off through the SRST extension; returns only if the firmware lacks it. */
void sbi_shutdown(void);
/* Nonzero if the firmware implements extension ext. */
long sbi_probe_extension(long ext);
void sbi_set_timer(uint64_t when);

#endif
