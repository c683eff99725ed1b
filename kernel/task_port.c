/* The task port: ports, programs, idle subscription, exit and shutdown, served inline. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "task_port.h"
#include "space.h"
#include "sched.h"
#include "program.h"
#include "log.h"
#include "arch.h"
#include "device.h"
#include "watch.h"

struct port task_port = {
	.serve = task_serve, .name = "task", .refs = 1,
};


static int task_port_create(struct port *from, struct kcall *k)
{
	struct pier_port_create r;
	struct pier_port_created out = { 0 };
	struct space *s = from->space;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	NEED_REPLY(k, out);
	memcpy(&r, k->data, sizeof(r));
	if (r.flags & PIER_PORT_DETACHED)
		return task_port_create_detached(from, &r, k);
	if (!r.depth)
		r.depth = PIER_DEPTH_DEFAULT;
	if (!r.stack_pages)
		r.stack_pages = PIER_STACK_PAGES_DEFAULT;
	if (r.priority > PIER_PRIO_MAX || r.depth > PIER_DEPTH_MAX ||
	    r.stack_pages > PIER_STACK_PAGES_MAX || (r.flags & ~TASK_PORT_FLAGS) ||
	    r.entry >= USER_END)
		return PIER_E_ARG;
	if (r.priority > s->max_prio)
		return PIER_E_RIGHTS;   /* above what its spawner allowed it */
	p = port_create(s, r.entry, r.arg, r.priority, r.depth, r.stack_pages, &rc);
	if (!p)
		return rc;
	p->accept_grants = r.flags & PIER_PORT_GRANTS;
	p->accept_shares = r.flags & PIER_PORT_SHARES;
	rc = space_handle_add(s, p, PIER_R_SEND | PIER_R_OWN | PIER_R_GRANT, 0,
			      &out.handle);
	if (rc) {
		port_destroy(p);
		return rc;
	}
	if (r.flags & PIER_PORT_IDLE)
		sched_idle_subscribe(p, true);
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/* An owned port of the caller's space, named by handle in a request. */
static int owned_port(struct port *from, uint32_t h, struct port **p)
{
	struct handle *e;
	int rc = space_handle_get(from->space, h, PIER_R_OWN, &e);

	if (rc)
		return rc;
	if (e->port->owner != from->space)
		return PIER_E_RIGHTS;
	*p = e->port;
	return PIER_OK;
}

static int task_port_destroy(struct port *from, struct kcall *k)
{
	struct pier_handle_req r;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = owned_port(from, r.handle, &p)) == PIER_E_RIGHTS)
		return task_port_destroy_served(from, r.handle);  /* the attacher only detaches */
	if (rc)
		return rc;
	if (p == from)
		return PIER_E_STATE;   /* its own activation is running on it */
	port_destroy(p);
	space_handle_drop(from->space, r.handle);
	return PIER_OK;
}

/*
 * Give a handle back: its entry is free for the next grant and the port
 * loses a reference. The well-known handles stay, and a live port this
 * space owns goes with PIER_TASK_PORT_DESTROY instead (a handle with the
 * own right to it, that is: copies made with PIER_TASK_HANDLE_DERIVE
 * without that right may go), so that no port is left that nobody can
 * destroy. A handle to a port that has gone is the
 * usual case: it answered PIER_E_GONE and has no other use.
 */
static int task_handle_drop(struct port *from, struct kcall *k)
{
	struct pier_handle_req r;
	struct space *s = from->space;
	struct port *p;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if (r.handle == PIER_H_NONE || r.handle >= s->nhandles ||
	    !(p = s->handles[r.handle].port))
		return PIER_E_HANDLE;
	if (r.handle <= PIER_H_SPACE)
		return PIER_E_ARG;
	if (p->owner == s && !p->dead && (s->handles[r.handle].rights & PIER_R_OWN))
		return PIER_E_STATE;
	space_handle_drop(s, r.handle);
	return PIER_OK;
}

/* A copy of a handle with fewer rights, to grant on: rights attenuate. */
static int task_handle_derive(struct port *from, struct kcall *k)
{
	struct pier_derive_req r;
	struct pier_port_created out = { 0 };
	struct handle *h;
	struct port *p;
	uint32_t rights;
	int rc;

	NEED_SIZE(k, r);
	NEED_REPLY(k, out);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = space_handle_get(from->space, r.handle, 0, &h)))
		return rc;
	rights = h->rights & r.rights;
	if (!rights)
		return PIER_E_ARG;      /* a handle with no right is no use */
	/* The entry h may move when the table grows: keep the port. */
	p = h->port;
	if ((rc = space_handle_add(from->space, p, rights, 0, &out.handle)))
		return rc;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int task_idle(struct port *from, struct kcall *k)
{
	struct pier_idle_req r;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if (r.on > 1)
		return PIER_E_ARG;
	if ((rc = owned_port(from, r.handle, &p)))
		return rc;
	sched_idle_subscribe(p, r.on);
	return PIER_OK;
}

static int task_spawn(struct port *from, struct kcall *k)
{
	struct pier_spawn_req r;
	struct pier_spawned out;
	struct space *s;
	uint32_t rights = PIER_R_SEND;
	int rc;

	if (k->size <= sizeof(r))
		return PIER_E_PACKET_SIZE;
	NEED_REPLY(k, out);
	memcpy(&r, k->data, sizeof(r));
	if (r.priority > r.max_priority || r.max_priority > PIER_PRIO_MAX ||
	    (r.flags & ~PIER_SPAWN_SUPER) || r.stack_kib % 4 ||
	    r.stack_kib > 4 * PIER_STACK_PAGES_MAX)
		return PIER_E_ARG;
	if (r.max_priority > from->space->max_prio)
		return PIER_E_RIGHTS;   /* nobody hands on more than it has */
	if (r.flags & PIER_SPAWN_SUPER) {
		if (!(k->rights & PIER_R_SUPER))
			return PIER_E_RIGHTS;
		rights |= PIER_R_SUPER;
	}
	rc = program_spawn((const char *)k->data + sizeof(r), k->size - sizeof(r),
			   r.priority, r.max_priority, rights, k->grant,
			   k->grant_rights, from->space, r.quota,
			   r.stack_kib / 4, &s);
	if (rc)
		return rc;
	out.space = s->id;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int task_bootfile(struct kcall *k)
{
	struct pier_bootfile_req r;
	const void *data;
	size_t size;

	if (k->size <= sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (bootimg_file((const char *)k->data + sizeof(r), k->size - sizeof(r),
			 &data, &size))
		return PIER_E_NOENT;
	if (r.offset > size)
		return PIER_E_ARG;
	size -= r.offset;
	if (size > k->reply_max)
		size = k->reply_max;
	memcpy(k->reply, (const char *)data + r.offset, size);
	k->reply_size = size;
	return PIER_OK;
}

static int task_exit(struct port *from, struct kcall *k)
{
	struct pier_exit_req r;
	struct space *s = from->space;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	kprintf("pier: space %lu (%s) exited with %d\n", s->id, s->name, r.code);
	space_destroy(s, PIER_ENDED_EXIT, r.code);
	return PIER_OK;
}

/* The caller's port that will get the fault packets of the spaces it spawns. */
static int task_supervise(struct port *from, struct kcall *k)
{
	struct pier_handle_req r;
	struct space *s = from->space;
	struct port *p;
	int rc;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	if ((rc = owned_port(from, r.handle, &p)))
		return rc;
	port_ref(p);
	if (s->supervise)
		port_unref(s->supervise);
	s->supervise = p;
	return PIER_OK;
}

static int task_kill(struct port *from, struct kcall *k)
{
	struct pier_kill_req r;

	NEED_SIZE(k, r);
	memcpy(&r, k->data, sizeof(r));
	for (struct space *s = space_list; s; s = s->next) {
		if (s->id != r.space)
			continue;
		/* The super right, or owning its supervisor, allows it. A
		 * dead supervisor has no space (port_destroy), so a space
		 * that reuses a dead one's memory inherits nothing. */
		if (!(k->rights & PIER_R_SUPER) &&
		    (!s->supervisor || s->supervisor->dead ||
		     s->supervisor->owner != from->space))
			return PIER_E_RIGHTS;
		kprintf("pier: space %lu (%s) killed by space %lu\n", s->id,
			s->name, from->space->id);
		/* After a fault its supervisor was told of, the end is the fault's. */
		space_destroy(s, s->faulted ? PIER_ENDED_FAULT : PIER_ENDED_KILLED,
			      s->faulted ? PIER_E_FAULTED : PIER_E_GONE);
		return PIER_OK;
	}
	return PIER_E_NOENT;
}

int task_serve(struct port *from, struct kcall *k)
{
	switch (k->type) {
	case PIER_TASK_PORT_CREATE:
		return task_port_create(from, k);
	case PIER_TASK_PORT_DESTROY:
		return task_port_destroy(from, k);
	case PIER_TASK_SPAWN:
		return task_spawn(from, k);
	case PIER_TASK_EXIT:
		return task_exit(from, k);
	case PIER_TASK_SHUTDOWN:
		if (!(k->rights & PIER_R_SUPER))
			return PIER_E_RIGHTS;
		kprintf("pier: shutting down\n");
		arch_poweroff();
		return PIER_E_UNSUPPORTED;
	case PIER_TASK_IDLE_SUBSCRIBE:
		return task_idle(from, k);
	case PIER_TASK_BOOTFILE:
		return task_bootfile(k);
	case PIER_TASK_DEVICE:
		return device_create(from, k);
	case PIER_TASK_KILL:
		return task_kill(from, k);
	case PIER_TASK_SUPERVISE:
		return task_supervise(from, k);
	case PIER_TASK_HANDLE_DROP:
		return task_handle_drop(from, k);
	case PIER_TASK_HANDLE_DERIVE:
		return task_handle_derive(from, k);
	case PIER_TASK_PORT_ATTACH:
		return task_port_attach(from, k);
	case PIER_TASK_PORT_DETACH:
		return task_port_detach(from, k);
	case PIER_TASK_WATCH:
		return watch_request(from, k);
	case PIER_TASK_UNWATCH:
		return unwatch_request(from, k);
	}
	return task_info_serve(from, k);
}
