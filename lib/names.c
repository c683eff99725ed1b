/* Services by name, the client side: the name port init gave this program, lookup, serve, ready, device. */

/*
 * Protocol in <pier/names.h>. What PIER_H_PARENT is (a console, a name
 * port, or anything else) is learnt once, with one PIER_HELLO call
 * (parent_proto, shared with lib/console.c): a system service answers
 * with its protocol, any other port with something else.
 */
#include <string.h>
#include <console.h>
#include <pier/names.h>

/* 0: not asked yet; else PIER_PROTO_* + 1, or 1 for "not a system service". */
static uint32_t parent;

uint32_t parent_proto(void)
{
	struct pier_hello h = { 0 };
	uint32_t got = 0;
	int rc;

	if (parent == 0) {
		rc = pier_call(PIER_H_PARENT, PIER_HELLO, 0, 0, &h, sizeof(h), &got);
		/* A full queue (others sharing our parent's name port) says
		 * nothing about what it is: ask again next time. */
		if (rc == PIER_E_FULL)
			return PARENT_UNKNOWN;
		parent = rc == PIER_OK && got == sizeof(h) && h.proto != 0 ? h.proto + 1 : 1;
	}
	return parent - 1;
}

uint32_t pier_names(void)
{
	return parent_proto() == PIER_PROTO_NAMES ? PIER_H_PARENT : 0;
}

/* A call with the name as data whose reply grants a handle. */
static int names_call(uint32_t type, const char *name, uint32_t *handle)
{
	size_t len = name ? strlen(name) : 0;
	struct pier_frame f = {
		.type = type, .dst = pier_names(), .pkt = name,
		.pktsz = (uint32_t)len,
	};
	int rc;

	if (!f.dst)
		return PIER_E_HANDLE;
	if (name && (len == 0 || len > PIER_NAME_MAX))
		return PIER_E_ARG;
	if ((rc = pier_call_frame(&f)) != PIER_OK)
		return rc;
	if (handle && !(*handle = f.rgrant))
		return PIER_E_HANDLE;
	return PIER_OK;
}

int pier_lookup(const char *name, uint32_t *handle)
{
	return names_call(PIER_NAMES_LOOKUP, name, handle);
}

int pier_serve(const char *name, pier_handler_fn fn, uint32_t priority,
	       uint32_t flags, uint32_t *handle)
{
	uint32_t h;
	int rc = names_call(PIER_NAMES_SERVE, name, &h);

	if (rc == PIER_OK && (rc = pier_port_attach(h, fn, priority, flags)) != PIER_OK)
		pier_handle_drop(h);
	if (rc == PIER_OK && handle)
		*handle = h;
	return rc;
}

int pier_serve_ready(const char *name)
{
	return names_call(PIER_NAMES_READY, name, NULL);
}

int pier_my_device(uint32_t *dev)
{
	return names_call(PIER_NAMES_DEVICE, NULL, dev);
}
