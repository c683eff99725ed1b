/* init's table of console drivers: which program serves a UART, by compatible string. */
#ifndef DRIVERS_TABLE_H
#define DRIVERS_TABLE_H

#include <stddef.h>
#include "board.h"

/*
 * The command line init spawns the driver of UART u with, in buf: the
 * program, then "shift=N width=N clock=N" from the device tree. Returns
 * the driver's name (NULL if none serves u); *compat gets the string that
 * chose it, or u's first one. Portable C: the host test links it.
 */
const char *drivers_table_uart(const struct board_uart *u, const char **compat,
			       char *buf, size_t len);

#endif
