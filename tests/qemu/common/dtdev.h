/* For test programs that make device handles: the device tree, and its virtio-mmio slots. */
#ifndef DTDEV_H
#define DTDEV_H

#include <stdint.h>
#include "board.h"

#define DTDEV_SLOTS 8

/* One device node: its first register range, first interrupt and node offset. */
struct dtdev {
	int node;
	uint64_t base;
	uint64_t size;
	uint32_t irq;
};

extern struct fdt dt;           /* the blob the kernel was given */
extern struct board board;      /* what it says, read as the kernel and init read it */

/* Read the blob (PIER_TASK_DTB) and parse it: 0 or a status. */
int dt_load(void);
/* Nodes compatible with compat, in blob order, at most max: how many. */
int dt_devices(const char *compat, struct dtdev *out, int max);

#endif
