/* What the device-tree readers of board.c and board_harts.c share. */
#ifndef BOARD_DT_H
#define BOARD_DT_H

#include <stddef.h>
#include "board.h"

/* The node at path, or an FDT_E_* status. */
int board_node(const struct fdt *f, const char *path);
/* Copy a string property into dst; absent gives "". */
int board_str(const struct fdt *f, int node, const char *name, char *dst, size_t cap);
/* The first reg entry of node, for devices. */
int board_reg0(const struct fdt *f, int node, uint64_t *base, uint64_t *size);
/* The cache controller, if the board has one we can flush through (board_ccache.c). */
int board_ccache(const struct fdt *f, struct board *b);
/* /cpus: every hart, and the timebase (board_harts.c). */
int board_harts(const struct fdt *f, struct board *b);

#endif
