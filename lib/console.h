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
/* The same as a call: PIER_E_RIGHTS if the console's controller keeps
 * its input from this space (pier/console.h). */
int console_reader_call(uint32_t con, uint32_t port);
/* Make port the console's Ctrl-C port while there is no reader, and this
 * space its controller (pier/console.h). */
int console_intr(uint32_t con, uint32_t port);
/* As the controller: space (0: none) may read besides us. */
int console_foreground(uint32_t con, uint64_t space);
/* PIER_OK if handle is a console port. */
int console_probe(uint32_t handle);
/* A write answered PIER_E_RESTARTED is written again (on, the default),
 * or fails with it (init, which must not wait for a driver it restarts). */
void console_repeat(int on);
/* The protocol of the port at PIER_H_PARENT (PIER_PROTO_*), asked once with
 * PIER_HELLO (lib/names.c); 0 if it is no system service; PARENT_UNKNOWN
 * if its queue was full (ask again later). */
#define PARENT_UNKNOWN UINT32_MAX
uint32_t parent_proto(void);

#endif
