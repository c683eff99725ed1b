/* The console protocol: what every console driver's port understands. */
#ifndef PIER_CONSOLE_H
#define PIER_CONSOLE_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * Message types of a console port (served by every console driver, e.g. drivers/uart-ns16550):
 *
 * PIER_CONSOLE_WRITE   a call whose packet is the bytes to write, raw (no
 *                 newline translation). Answered, with no data, once every
 *                 byte has left the driver's transmit buffer for the UART:
 *                 until then the driver holds the call, so a writer waits
 *                 instead of losing bytes, and a driver that dies first
 *                 leaves the call to be answered PIER_E_RESTARTED and
 *                 repeated (its bytes may then partly come out twice, never
 *                 not at all). PIER_E_FULL, nothing written, if
 *                 PIER_CONSOLE_HELD_MAX writes already wait. As a send, the
 *                 bytes are queued the same way but nobody is answered.
 * PIER_CONSOLE_READER  a send or call granting a port: from now on input bytes
 *                 go there as PIER_CONSOLE_INPUT packets (sends; the data is the
 *                 bytes, raw). One reader at a time; a new one replaces the
 *                 old; no grant stops input. Bytes typed while there is no
 *                 reader, or while the reader's queue is full, wait in the
 *                 driver's receive buffer (dropped only when it overflows).
 *                 Refused with PIER_E_RIGHTS as PIER_CONSOLE_INTR says.
 * PIER_CONSOLE_INTR    a send or call granting a port: from now on, while there
 *                 is no reader, an interrupt byte typed (Ctrl-C, 0x03) does not
 *                 wait in the receive buffer but goes there at once as a
 *                 one-byte PIER_CONSOLE_INPUT packet (dropped if its queue is
 *                 full). No grant stops it. With a reader, Ctrl-C is input
 *                 like any byte. A shell gives up the reader role while a
 *                 program runs in the foreground, so what is typed waits for
 *                 that program's first read instead of being lost, and still
 *                 hears Ctrl-C to end a program that never reads. The space
 *                 that registers it becomes the console's controller: from
 *                 then on only the controller and the space it names
 *                 foreground may register a reader; any other space's
 *                 PIER_CONSOLE_READER is refused with PIER_E_RIGHTS (its
 *                 granted port is dropped), so a program in the background
 *                 cannot take the keyboard from the shell. A new controller
 *                 (another space) starts with no foreground.
 * PIER_CONSOLE_FOREGROUND  from the controller only (else PIER_E_RIGHTS):
 *                 data = uint64_t, the space that may read besides it (0:
 *                 none; else PIER_E_PACKET_SIZE). A reader of a space that
 *                 may no longer read is dropped: its input waits.
 * PIER_HELLO      (pier/proto.h) a call with no data: a console replies
 *                 with a struct pier_hello {PIER_PROTO_CONSOLE, bytes of its
 *                 transmit buffer}. The runtime asks the port at
 *                 PIER_H_PARENT once, to learn what the parent granted.
 *
 * The types are in the system range (pier/proto.h), so no program's own
 * protocol collides with them.
 */
enum pier_console_msg {
	PIER_CONSOLE_WRITE = PIER_PROTO(PIER_PROTO_CONSOLE) | 1u,
	PIER_CONSOLE_READER = PIER_PROTO(PIER_PROTO_CONSOLE) | 2u,
	PIER_CONSOLE_INPUT = PIER_PROTO(PIER_PROTO_CONSOLE) | 3u,
	PIER_CONSOLE_INTR = PIER_PROTO(PIER_PROTO_CONSOLE) | 4u,
	PIER_CONSOLE_FOREGROUND = PIER_PROTO(PIER_PROTO_CONSOLE) | 5u,
};
#define PIER_CONSOLE_INTR_BYTE 3u        /* Ctrl-C */
#define PIER_CONSOLE_HELD_MAX 64u        /* writers one console holds at once (PIER_HELD_MAX) */

#endif
