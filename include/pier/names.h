/* Services by name: the protocol of the name port init gives every program it starts. */
#ifndef PIER_NAMES_H
#define PIER_NAMES_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * init gives each program it starts a port of its own at PIER_H_PARENT:
 * its name port. What a program may do through it is what its manifest
 * line (or init's driver table) says: which names it may look up, which
 * service it serves, which device is its. A program may grant its name
 * port on (the shell does, to what it runs): the holder gets the same
 * rights, no more.
 *
 * A service is a detached port init owns (pier/ports.h): its driver
 * attaches to it, and when the driver ends and is restarted the port
 * lives on, its queue intact, so a client's handle stays good.
 *
 * PIER_HELLO          answered with pier_hello {PIER_PROTO_NAMES, 0}.
 * PIER_NAMES_LOOKUP   call, data = the name (1..PIER_NAME_MAX bytes, no NUL;
 *                     else PIER_E_ARG): the reply grants a send handle to the
 *                     service's port (with PIER_R_GRANT, to pass it on).
 *                     PIER_E_NOENT: no such service (or `console` before its
 *                     driver was first ready); PIER_E_RIGHTS: the manifest
 *                     does not let this program look it up.
 * PIER_NAMES_SERVE    call, data = the name: the reply grants the service's
 *                     port with PIER_R_SERVE (and send and grant: a reply
 *                     grants only what carries PIER_R_GRANT), to attach a
 *                     handler to (pier_port_attach). Only for the program
 *                     init started to serve that name, from its own space
 *                     (else PIER_E_RIGHTS).
 * PIER_NAMES_READY    send or call, data = the name: the server serves.
 * PIER_NAMES_LIST     call, req pier_names_list; reply pier_service_info
 *                     (the index-th service); PIER_E_NOENT past the last.
 * PIER_NAMES_DEVICE   call: the reply grants the caller's device handle
 *                     (a driver's, from its own space; PIER_E_RIGHTS for
 *                     anyone else).
 * Anything else: PIER_E_TYPE. The port takes no granted handles.
 */
#define PIER_NAME_MAX 15u

enum pier_names_msg {
	PIER_NAMES_LOOKUP = PIER_PROTO(PIER_PROTO_NAMES) | 1u,
	PIER_NAMES_SERVE = PIER_PROTO(PIER_PROTO_NAMES) | 2u,
	PIER_NAMES_READY = PIER_PROTO(PIER_PROTO_NAMES) | 3u,
	PIER_NAMES_LIST = PIER_PROTO(PIER_PROTO_NAMES) | 4u,
	PIER_NAMES_DEVICE = PIER_PROTO(PIER_PROTO_NAMES) | 5u,
};

struct pier_names_list {
	uint32_t index;
	uint32_t _pad;
};

struct pier_service_info {
	char name[PIER_NAME_MAX + 1];  /* NUL-terminated */
	uint64_t space;    /* the server's space now, 0 if none */
	uint32_t restarts; /* how often its server was started again */
	uint32_t state;    /* PIER_SERVICE_* */
};
#define PIER_SERVICE_WAITING 0u  /* no server yet (or between restarts) */
#define PIER_SERVICE_READY 1u    /* its server said PIER_NAMES_READY */
#define PIER_SERVICE_HELD 2u     /* its server ended and the policy keeps it down */

#endif
