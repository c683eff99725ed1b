/* The Pier user runtime: what programs call. Built on the ABI in <pier/pier.h>. */
#ifndef LIBPIER_H
#define LIBPIER_H

#include <stddef.h>
#include <stdint.h>
#include <pier/pier.h>

/*
 * A handler is a plain C function. It runs once per packet on its port and
 * returns a status: for a call it has not replied to, that status is what
 * the caller's pier_call() returns.
 */
typedef int (*pier_handler_fn)(const struct pier_packet *pkt);

/*
 * A handler that returns PIER_HOLD leaves its caller waiting: the call joins
 * the port's FIFO of held calls, to be answered later, from any activation
 * of the same port, with pier_reply_held().
 */
#define PIER_HOLD 1

/* The one system call: issue a frame, get a status. */
int pier_ecall(struct pier_frame *f);

/* Queue a packet at a port and return at once. */
int pier_send(uint32_t dst, uint32_t type, const void *data, uint32_t size);
/* The same, passing a handle along (the receiver finds it in pkt->handle). */
int pier_send_grant(uint32_t dst, uint32_t type, const void *data,
		    uint32_t size, uint32_t grant);
/* Send and wait for the reply; rsz (may be NULL) gets the reply's size. */
int pier_call(uint32_t dst, uint32_t type, const void *data, uint32_t size,
	      void *rbuf, uint32_t rbufsz, uint32_t *rsz);
/* The full form: everything in a frame the caller fills in. */
int pier_call_frame(struct pier_frame *f);
/* Answer the call being handled (the handler goes on running). */
int pier_reply(uint32_t type, const void *data, uint32_t size);
/* Answer the oldest held call; PIER_E_STATE if none is held. */
int pier_reply_held(uint32_t type, const void *data, uint32_t size);

/* Create a port in this space whose handler is fn; *handle gets its handle. */
int pier_port_create(pier_handler_fn fn, uint32_t priority, uint32_t depth,
		     uint32_t flags, uint32_t *handle);
int pier_port_destroy(uint32_t handle);
/* Ask for idle packets on a port this space owns (on = 1), or stop. */
int pier_idle(uint32_t handle, int on);

/* Start a program from the boot image: cmdline = "name args...". */
int pier_spawn(const char *cmdline, uint32_t priority, uint32_t grant,
	       uint64_t *space);
/* Read part of a boot-image file; *got gets the bytes read (0 at the end). */
int pier_bootfile(const char *name, uint32_t offset, void *buf, uint32_t size,
		  uint32_t *got);
/* End this program: every port and page of its space goes. */
_Noreturn void pier_exit(int code);
/* Power the machine off (init only). */
int pier_shutdown(void);

/* The one-line meaning of a status code. */
const char *pier_strerror(int status);

/*
 * How many ports this program created through pier_port_create and has not
 * destroyed. When main returns, a program with none exits; one with ports
 * goes on serving them.
 */
extern unsigned pier_ports_live;

#endif
