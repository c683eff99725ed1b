/* lazystack: what the parent and its children share. */
#ifndef LAZYSTACK_H
#define LAZYSTACK_H

#include <stdint.h>
#include <libpier.h>

enum {
	M_TOP = 1,      /* the 8 MiB port: touch nothing below the top */
	M_DEEP,         /* ...recurse data (uint64_t) levels; reply the KiB reached */
	M_ADDR,         /* ...reply an address 4 MiB down its stack, never touched */
	M_COPY,         /* ...kernel copies into untouched pages of a deep frame */
	M_ECHO,         /* reply the packet's bytes */
	M_WITNESS,      /* the witness child: answered once the hostile child has faulted */
	M_CHECK,        /* a child's check: struct report */
	M_FULL_DONE,    /* the full child's checks are all sent */
};

struct report {
	char what[64];
	int32_t got, want;
};

#define KIB 1024ul
#define MIB (1024 * KIB)
#define CAUSE_STORE_PAGE 15

void check(const char *what, long got, long want);
/* Pages charged to this space (what its quota bounds). */
uint64_t used(void);
/* An address 4 MiB below the caller's frame: in an 8 MiB stack, a page never touched. */
uint64_t untouched_below(void);
int child_main(const char *mode);

#endif
