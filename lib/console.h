/* The console client: the user-library side of the console protocol in <pier/console.h>. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>
#include <libpier.h>
#include <pier/console.h>

/* Client side (lib/console.c). Write all n bytes, a packet at a time. */
int console_write(uint32_t con, const void *data, uint32_t n);
/* Make port (one of ours) the console's reader. */
int console_reader(uint32_t con, uint32_t port);
/* PIER_OK if handle is a console port. */
int console_probe(uint32_t handle);

#endif
