/* The console protocol: what a console driver's port understands, and the client side. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>
#include <libpier.h>

/*
 * Message types of a console port (served by drivers/uart-ns16550):
 *
 * CONSOLE_WRITE   a call whose packet is the bytes to write, raw (no
 *                 newline translation). Answered, with no data, once every
 *                 byte is in the driver's transmit buffer: while the buffer
 *                 is full the driver holds the call (PIER_HOLD), so a writer
 *                 waits instead of losing bytes. PIER_E_FULL, nothing
 *                 written, if CONSOLE_HELD_MAX writers already wait. As a
 *                 send, bytes beyond what can be buffered are dropped.
 * CONSOLE_READER  a send or call granting a port: from now on input bytes
 *                 go there as CONSOLE_INPUT packets (sends; the data is the
 *                 bytes, raw). One reader at a time; a new one replaces the
 *                 old; no grant stops input. Bytes typed while there is no
 *                 reader, or while the reader's queue is full, wait in the
 *                 driver's receive buffer (dropped only when it overflows).
 * CONSOLE_HELLO   a call with no data: a console replies with a
 *                 struct console_hello carrying CONSOLE_MAGIC. The runtime
 *                 asks the port at PIER_H_PARENT once, to learn whether the
 *                 parent granted a console.
 */
#define CONSOLE_MAGIC 0x736e6f63u   /* "cons" */

enum console_msg {
	CONSOLE_WRITE = 1,
	CONSOLE_READER = 2,
	CONSOLE_INPUT = 3,
	/* Sent to ports of unknown kind: a number no other protocol uses
	 * (a small one could mean "acknowledge" to a device handle). */
	CONSOLE_HELLO = CONSOLE_MAGIC,
};
#define CONSOLE_HELD_MAX 16u        /* writers one console holds at once */

struct console_hello {
	uint32_t magic;    /* CONSOLE_MAGIC */
	uint32_t tx_size;  /* bytes of the driver's transmit buffer */
};

/* Client side (lib/console.c). Write all n bytes, a packet at a time. */
int console_write(uint32_t con, const void *data, uint32_t n);
/* Make port (one of ours) the console's reader. */
int console_reader(uint32_t con, uint32_t port);
/* PIER_OK if handle is a console port. */
int console_probe(uint32_t handle);

#endif
