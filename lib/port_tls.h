/* Each port a program makes has its own thread-local block: errno and picolibc's per-thread state. */
#ifndef PORT_TLS_H
#define PORT_TLS_H

#include <stdint.h>
#include <libpier.h>

/*
 * What a port made by pier_port_create (or served by pier_port_attach)
 * is entered with as its argument word: pier_entry_tls (arch/riscv/user/entry.S)
 * loads tp from tls and calls fn. Taken (with the block after it) from
 * pages of the runtime's own before the port is made; given back when pier_port_destroy
 * destroys the port (a port cannot destroy itself, and one destroyed by
 * another never runs again). A port that dies another way (its last
 * owning handle dropped) leaves its record: a few hundred bytes until the
 * program ends. Ports of a space preempt each other, so the list is under
 * a lock.
 */
struct port_tls {
	pier_handler_fn fn;     /* offset 0: read by pier_entry_tls */
	void *tls;              /* offset 8: becomes tp */
	uint32_t handle;        /* the port, once made; 0 before */
	struct port_tls *next;
};

/* At program start, before main: keep .tdata's initial values (the main
 * port's block is .tdata itself, changed in place as it runs). Programs
 * whose thread-locals are all zero-initialised (.tbss only) keep nothing. */
void port_tls_snapshot(void);
/* A record for fn with a fresh block (.tdata's initial values, the rest
 * zero) in *out: PIER_OK, or the space port's status for a page. */
int port_tls_new(pier_handler_fn fn, struct port_tls **out);
/* The port was made: remember its handle. */
void port_tls_bind(struct port_tls *r, uint32_t handle);
/* The port was not made: the record goes at once (nobody ran on it). */
void port_tls_abandon(struct port_tls *r);
/* The port behind handle was destroyed: its record goes. */
void port_tls_drop(uint32_t handle);

void pier_entry_tls(void);      /* arch/riscv/user/entry.S */

#endif
