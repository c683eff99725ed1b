/* For test programs that make device handles: the device tree, and nodes by compatible. */
#ifndef DTDEV_H
#define DTDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <dt.h>

#define DTDEV_SLOTS 8
#define DTDEV_CLINT_MAX 16
#define DTDEV_MEM_MAX 8

/* One device node: its first register range, first interrupt and node offset. */
struct dtdev {
	int node;
	uint64_t base;
	uint64_t size;
	uint32_t irq;
};

struct board_range {
	uint64_t base, size;
};

struct board_uart {
	uint64_t base, size;
	uint32_t irq;
};

/* What the tests need of the board, read with the shared reader (lib/fdt/). */
struct dtboard {
	struct { bool present; uint64_t base, size; uint32_t ndev; } plic;
	struct board_uart uart;                                /* the stdout node */
	uint32_t nmem;
	struct board_range mem[DTDEV_MEM_MAX];                 /* RAM ranges, every memory node */
	uint32_t nclint;
	struct board_range clint[DTDEV_CLINT_MAX];             /* every CLINT/ACLINT range */
};

extern const struct fdt *dtp;   /* the blob the kernel was given */
extern struct dtboard board;

/* Read the blob (PIER_TASK_DTB) and what the tests need of it: 0 or a status. */
int dt_load(void);
/* Nodes compatible with compat, in blob order, at most max: how many. */
int dt_devices(const char *compat, struct dtdev *out, int max);

#endif
