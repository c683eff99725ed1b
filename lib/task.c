/* Task port wrappers: ports, spawning, boot files, exit and shutdown. */

/*
 * Each is one call to the kernel's task port (PIER_H_TASK), answered
 * inline. Requests are built on the stack; those with a variable tail
 * (spawn, bootfile) go in one packet of at most PIER_PACKET_MAX bytes.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <libpier.h>
#include "port_tls.h"

void pier_rt_flush(void) __attribute__((weak));	/* lib/stdio.c */

unsigned pier_ports_live;

/* A request header followed by a string, built in one aligned packet. */
union tail_req {
	uint64_t align;
	unsigned char bytes[PIER_PACKET_MAX];
};

/* Header then string; PIER_E_PACKET_SIZE if they do not fit one packet. */
static int tail_pack(union tail_req *r, const void *hdr, uint32_t hdrsz,
		     const char *s, uint32_t *size)
{
	size_t len = strlen(s);

	if (len > PIER_PACKET_MAX - hdrsz)
		return PIER_E_PACKET_SIZE;
	memcpy(r->bytes, hdr, hdrsz);
	memcpy(r->bytes + hdrsz, s, len);
	*size = hdrsz + (uint32_t)len;
	return PIER_OK;
}

int pier_port_create(pier_handler_fn fn, uint32_t priority, uint32_t depth,
		     uint32_t flags, uint32_t *handle)
{
	return pier_port_create_stack(fn, priority, depth, flags, 0, handle);
}

int pier_port_create_stack(pier_handler_fn fn, uint32_t priority, uint32_t depth,
			   uint32_t flags, uint32_t stack_kib, uint32_t *handle)
{
	/* Every port enters through pier_entry_tls, which points tp at the
	 * port's own TLS block, calls fn and turns its result into the
	 * PIER_OP_RETURN frame (lib/port_tls.h). */
	struct port_tls *r = NULL;
	int rc = port_tls_new(fn, &r);
	struct pier_port_create req = {
		.entry = (uintptr_t)pier_entry_tls,
		.arg = (uintptr_t)r,
		.priority = priority,
		.depth = depth,
		.stack_pages = (stack_kib + 3) / 4,     /* 0: PIER_STACK_PAGES_DEFAULT */
		.flags = flags,
	};
	struct pier_port_created out;

	if (rc != PIER_OK)
		return rc;
	rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &req, sizeof(req),
			     &out, sizeof(out));
	if (rc != PIER_OK) {
		port_tls_abandon(r);
		return rc;
	}
	port_tls_bind(r, out.handle);
	pier_ports_live++;
	*handle = out.handle;
	return PIER_OK;
}

/* A port with a queue and no handler: PIER_PORT_DETACHED (pier/ports.h). */
int pier_port_create_detached(uint32_t depth, uint32_t *handle)
{
	struct pier_port_create req = { .depth = depth, .flags = PIER_PORT_DETACHED };
	struct pier_port_created out;
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &req, sizeof(req),
				 &out, sizeof(out));

	if (rc != PIER_OK)
		return rc;
	pier_ports_live++;      /* it dies with this space: main's return must not end it */
	*handle = out.handle;
	return PIER_OK;
}

/* Serve a detached port from this space: fn runs through pier_entry_tls, as for pier_port_create. */
int pier_port_attach(uint32_t handle, pier_handler_fn fn, uint32_t priority, uint32_t flags)
{
	struct port_tls *r = NULL;
	int rc = port_tls_new(fn, &r);
	struct pier_port_attach req = {
		.handle = handle,
		.priority = priority,
		.entry = (uintptr_t)pier_entry_tls,
		.arg = (uintptr_t)r,
		.stack_pages = 0,
		.flags = flags,
	};

	if (rc != PIER_OK)
		return rc;
	rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_ATTACH, &req, sizeof(req), 0, 0);
	if (rc != PIER_OK) {
		port_tls_abandon(r);
		return rc;
	}
	port_tls_bind(r, handle);
	pier_ports_live++;
	return rc;
}

int pier_port_detach(uint32_t handle)
{
	struct pier_handle_req req = { .handle = handle };
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_DETACH, &req, sizeof(req), 0, 0);

	if (rc == PIER_OK && pier_ports_live > 0)
		pier_ports_live--;
	return rc;
}

int pier_port_destroy(uint32_t handle)
{
	struct pier_handle_req req = { .handle = handle };
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &req, sizeof(req), 0, 0);

	/* The start port is the kernel's doing, never counted. */
	if (rc == PIER_OK && handle != PIER_H_START && pier_ports_live > 0)
		pier_ports_live--;
	if (rc == PIER_OK)
		port_tls_drop(handle);
	return rc;
}

int pier_handle_drop(uint32_t handle)
{
	struct pier_handle_req req = { .handle = handle };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_HANDLE_DROP, &req, sizeof(req), 0, 0);
}

int pier_handle_derive(uint32_t handle, uint32_t rights, uint32_t *out)
{
	struct pier_derive_req req = { .handle = handle, .rights = rights };
	struct pier_port_created got;
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_HANDLE_DERIVE, &req, sizeof(req),
				 &got, sizeof(got));

	if (rc == PIER_OK)
		*out = got.handle;
	return rc;
}

uint32_t pier_handle_take(const struct pier_packet *pkt)
{
	/* The packet is on this port's own stack: writable, whatever the
	 * handler's prototype says. */
	struct pier_packet *p = (struct pier_packet *)(uintptr_t)pkt;
	uint32_t h = p->handle;

	p->handle = 0;
	return h;
}

int pier_idle(uint32_t handle, int on)
{
	struct pier_idle_req req = { .handle = handle, .on = on ? 1 : 0 };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_IDLE_SUBSCRIBE, &req, sizeof(req), 0, 0);
}

int pier_spawn(const char *cmdline, uint32_t priority, uint32_t grant,
	       uint64_t *space)
{
	return pier_spawn_flags(cmdline, priority, 0, grant, space);
}

int pier_spawn_flags(const char *cmdline, uint32_t priority, uint32_t flags,
		     uint32_t grant, uint64_t *space)
{
	return pier_spawn_quota(cmdline, priority, flags, grant, 0, space);
}

int pier_spawn_quota(const char *cmdline, uint32_t priority, uint32_t flags,
		     uint32_t grant, uint64_t quota, uint64_t *space)
{
	return pier_spawn_max(cmdline, priority, priority, flags, grant, quota, space);
}

int pier_spawn_max(const char *cmdline, uint32_t priority, uint32_t max_priority,
		   uint32_t flags, uint32_t grant, uint64_t quota, uint64_t *space)
{
	return pier_spawn_stack(cmdline, priority, max_priority, flags, grant, quota, 0, space);
}

int pier_spawn_stack(const char *cmdline, uint32_t priority, uint32_t max_priority,
		     uint32_t flags, uint32_t grant, uint64_t quota, uint32_t stack_kib,
		     uint64_t *space)
{
	struct pier_spawn_req hdr = { .priority = priority, .flags = flags,
				      .quota = quota, .max_priority = max_priority,
				      .stack_kib = stack_kib };
	struct pier_spawned out;
	union tail_req req;
	struct pier_frame f = {
		.type = PIER_TASK_SPAWN,
		.dst = PIER_H_TASK,
		.pkt = req.bytes,
		.grant = grant,
		.rbuf = &out,
		.rbufsz = sizeof(out),
	};
	int rc = tail_pack(&req, &hdr, sizeof(hdr), cmdline, &f.pktsz);

	if (rc != PIER_OK)
		return rc;
	rc = pier_call_frame(&f);
	if (rc == PIER_OK && f.rsz != sizeof(out))
		rc = PIER_E_PACKET_SIZE;
	if (rc == PIER_OK && space)
		*space = out.space;
	return rc;
}

int pier_bootfile(const char *name, uint32_t offset, void *buf, uint32_t size,
		  uint32_t *got)
{
	struct pier_bootfile_req hdr = { .offset = offset };
	union tail_req req;
	uint32_t reqsz;
	int rc = tail_pack(&req, &hdr, sizeof(hdr), name, &reqsz);

	*got = 0;
	if (rc != PIER_OK)
		return rc;
	return pier_call(PIER_H_TASK, PIER_TASK_BOOTFILE, req.bytes, reqsz,
			 buf, size, got);
}

_Noreturn void pier_exit(int code)
{
	struct pier_exit_req req = { .code = code };

	if (pier_rt_flush)
		pier_rt_flush();
	pier_call(PIER_H_TASK, PIER_TASK_EXIT, &req, sizeof(req), 0, 0, 0);
	/* Exit never fails on a sane kernel; fault so the supervisor hears. */
	__builtin_trap();
}

int pier_shutdown(void)
{
	if (pier_rt_flush)
		pier_rt_flush();
	return pier_call_exact(PIER_H_TASK, PIER_TASK_SHUTDOWN, 0, 0, 0, 0);
}

/* picolibc's exit() and abort() end here. */
void _exit(int code)
{
	pier_exit(code);
}


/* Notices at port (ours) when the port handle names dies or changes server (pier/ports.h). */
int pier_watch(uint32_t handle, uint32_t port, uint64_t cookie)
{
	struct pier_watch_req req = { .handle = handle, .port = port, .cookie = cookie };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_WATCH, &req, sizeof(req), 0, 0);
}

/* End the watch of handle's port made with cookie. */
int pier_unwatch(uint32_t handle, uint64_t cookie)
{
	struct pier_watch_req req = { .handle = handle, .cookie = cookie };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_UNWATCH, &req, sizeof(req), 0, 0);
}
