/* The device tree for programs: the blob read through the task port, and a driver's own node. */
#ifndef DT_H
#define DT_H

#include <stdint.h>
#include <fdt/fdt.h>

/*
 * dt_get: the blob, read once through PIER_TASK_DTB (no super right
 * needed: the tree says nothing a program may not know) into memory of
 * its own, and checked by fdt_init. Then every fdt_* reader applies.
 * Returns PIER_OK, a PIER_E_* status, or an FDT_E_* code.
 */
int dt_get(const struct fdt **out);
/*
 * dt_device_node: the node of device handle dev, as PIER_DEV_INFO's
 * `node` names it (init made the handle from that node), checked to be a
 * node of the blob.
 */
int dt_device_node(uint32_t dev, const struct fdt **f, int *node);

#endif
