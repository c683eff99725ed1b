/* What the task port's request files share (task_port.c, task_lend.c). */
#ifndef TASK_PORT_H
#define TASK_PORT_H

#include <stdint.h>
#include <pier/ports.h>
#include "kport.h"

/* A request must be exactly its struct: a shorter one would be read past its end. */
#define NEED_SIZE(k, type) \
	do { if ((k)->size != sizeof(type)) return PIER_E_PACKET_SIZE; } while (0)
#define NEED_REPLY(k, type) \
	do { if ((k)->reply_max < sizeof(type)) return PIER_E_REPLY_SIZE; } while (0)

/* The flags a handler's port may have (create, attach). */
#define TASK_PORT_FLAGS (PIER_PORT_IDLE | PIER_PORT_GRANTS | PIER_PORT_SHARES)

int task_port_create_detached(struct port *from, const struct pier_port_create *r,
			      struct kcall *k);
int task_port_attach(struct port *from, struct kcall *k);
int task_port_detach(struct port *from, struct kcall *k);
int task_port_destroy_served(struct port *from, uint32_t handle);

#endif
