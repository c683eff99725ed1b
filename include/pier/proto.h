/* Message type ranges: the kernel's packets, Pier's system protocols, and a program's own. */
#ifndef PIER_PROTO_H
#define PIER_PROTO_H

#include <stdint.h>

/*
 * A packet's type is a 32-bit number in one of three ranges, so no
 * protocol can collide with another's:
 *
 *   1 .. 0x3fffffff          a program's own protocols: any meaning
 *   0x40000000 .. 0x7fffffff Pier's system protocols (console, names, rtc, rng,
 *                            block, ...): PIER_PROTO(n) | message, n < 0x4000
 *   0x80000000 .. 0xffffffff the kernel's packets (PIER_MSG_*, pier/packet.h):
 *                            only the kernel sets bit 31; a frame that sends,
 *                            calls or replies with it set gets PIER_E_TYPE
 *
 * Requests to the kernel's own ports (task, space, timer, debug, devices)
 * are small numbers, which reach only the kernel.
 */
#define PIER_MSG_USER_MAX 0x3fffffffu
#define PIER_MSG_SYSTEM   0x40000000u
#define PIER_MSG_KERNEL   0x80000000u

#define PIER_PROTO(n) (PIER_MSG_SYSTEM | ((uint32_t)(n) << 16))
#define PIER_PROTO_OF(type) (((type) >> 16) & 0x3fffu)  /* for a system type */

/* The system protocols. */
#define PIER_PROTO_CONSOLE 1u   /* pier/console.h */
#define PIER_PROTO_NAMES   2u   /* pier/names.h: init's services by name */
#define PIER_PROTO_RTC     3u   /* pier/rtc.h */
#define PIER_PROTO_RNG     4u   /* pier/rng.h */
#define PIER_PROTO_BLOCK   5u   /* pier/block.h */
#define PIER_PROTO_SPI     6u   /* pier/spi.h: an SPI controller */

/*
 * Every system service answers PIER_HELLO (a call with no data) with a
 * struct pier_hello naming its protocol: how the runtime learns what the
 * port at PIER_H_PARENT is. Any other port answers something else.
 */
#define PIER_HELLO PIER_PROTO(0)

struct pier_hello {
	uint32_t proto;    /* PIER_PROTO_* */
	uint32_t info;     /* the protocol's own word (console: bytes of its transmit buffer) */
};

#endif
