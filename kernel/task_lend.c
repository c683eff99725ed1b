/* The task port's requests for detachable ports: create one, attach a handler, detach it. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "task_port.h"
#include "space.h"
#include "sched.h"
#include "watch.h"

int task_port_create_detached(struct port *from, const struct pier_port_create *r,
			      struct kcall *k)
{
	struct pier_port_created out = { 0 };
	struct space *s = from->space;
	unsigned depth = r->depth ? r->depth : PIER_DEPTH_DEFAULT;
	struct port *p;
	int rc;

	/* Handler, stack and consent are the attacher's to name. */
	if (depth > PIER_DEPTH_MAX || r->flags != PIER_PORT_DETACHED)
		return PIER_E_ARG;
	if (!(p = port_create_detached(s, depth, &rc)))
		return rc;
	rc = space_handle_add(s, p, PIER_R_SEND | PIER_R_OWN | PIER_R_GRANT | PIER_R_SERVE, 0,
			      &out.handle);
	if (rc) {
		port_destroy(p);
		return rc;
	}
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

int task_port_attach(struct port *from, struct kcall *k)
{
	struct pier_port_attach r;
	struct space *s = from->space;
	struct handle *h;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if (!r.stack_pages)
		r.stack_pages = PIER_STACK_PAGES_DEFAULT;
	if (r.priority > PIER_PRIO_MAX || r.stack_pages > PIER_STACK_PAGES_MAX ||
	    (r.flags & ~TASK_PORT_FLAGS) || r.entry >= USER_END)
		return PIER_E_ARG;
	if ((rc = space_handle_get(s, r.handle, PIER_R_SERVE, &h)))
		return rc;
	p = h->port;
	if (!p->detachable)
		return PIER_E_STATE;    /* unreachable: only a detachable port's handles serve */
	if (r.priority > s->max_prio)
		return PIER_E_RIGHTS;   /* above what its spawner allowed it */
	if (p->space)
		return PIER_E_STATE;    /* served already (from here or elsewhere) */
	if (!watch_room(p, 3))
		return PIER_E_LIMIT;    /* its watchers have not heard the last changes yet */
	if ((rc = port_attach(p, s, r.entry, r.arg, r.priority, r.stack_pages)))
		return rc;
	p->accept_grants = r.flags & PIER_PORT_GRANTS;
	p->accept_shares = r.flags & PIER_PORT_SHARES;
	if (r.flags & PIER_PORT_IDLE)
		sched_idle_subscribe(p, true);
	return PIER_OK;
}

/* The port a handle names, if it is detachable and served from the caller's space. */
static int served_here(struct port *from, uint32_t handle, struct port **out)
{
	struct handle *h;
	int rc = space_handle_get(from->space, handle, PIER_R_SERVE, &h);

	if (rc)
		return rc;
	if (h->port->space != from->space)
		return PIER_E_STATE;    /* not attached, or attached elsewhere */
	if (h->port == from)
		return PIER_E_STATE;    /* its own activation is running on it */
	*out = h->port;
	return PIER_OK;
}

int task_port_detach(struct port *from, struct kcall *k)
{
	struct pier_handle_req r;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = served_here(from, r.handle, &p)))
		return rc;
	if (!watch_room(p, 2))
		return PIER_E_LIMIT;
	port_detach(p);
	return PIER_OK;
}

/* PIER_TASK_PORT_DESTROY from the attacher of a port it does not own: a detach. */
int task_port_destroy_served(struct port *from, uint32_t handle)
{
	struct port *p;
	int rc = served_here(from, handle, &p);

	if (rc == PIER_E_STATE)
		return PIER_E_RIGHTS;   /* neither owner nor server */
	if (rc)
		return rc;
	if (!watch_room(p, 2))
		return PIER_E_LIMIT;
	port_detach(p);
	return PIER_OK;
}
