/* The kernel's start-up and dispatch loop, called from the arch boot code and trap handler. */
#ifndef KMAIN_H
#define KMAIN_H

#include <stdint.h>

struct board;

_Noreturn void kernel_start(const struct board *b, uint64_t hartid,
			    const void *dtb, uint32_t dtb_size);
_Noreturn void kernel_dispatch(void);

#endif
