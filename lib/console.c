/* The console client: finding the console handle, writing, and registering a reader. */

/*
 * What PIER_H_PARENT is decides where the console is (parent_proto, one
 * PIER_HELLO call): a console is used as it is (the old way, and what a
 * parent may still grant); a name port is asked for the service
 * `console` (pier/names.h). Anything else, or a lookup refused: no
 * console, and stdout goes to the debug port.
 *
 * The console is a service: when its driver ends and init starts it
 * again, a write the old driver had taken is answered PIER_E_RESTARTED
 * and is written again, whole, to the same port, which the new driver
 * serves. Bytes of that packet the old driver had already sent come out
 * twice; none are lost.
 */
#include <console.h>
#include <pier/names.h>

/* 0: not known yet; -1: no console; else the handle. */
static int64_t console_handle;
static int repeat = 1;

int console_probe(uint32_t handle)
{
	struct pier_hello h = { 0 };
	uint32_t got = 0;
	int rc = pier_call(handle, PIER_HELLO, 0, 0, &h, sizeof(h), &got);

	/* Any other port may answer PIER_OK without a reply: insist on the protocol. */
	if (rc == PIER_OK && (got != sizeof(h) || h.proto != PIER_PROTO_CONSOLE))
		rc = PIER_E_TYPE;
	return rc;
}

/* The console's handle, -1 for none, or 0 while a full queue keeps us
 * from knowing (then this output goes to the debug port, and the next asks again). */
static int64_t console_find(void)
{
	uint32_t h;
	int rc;

	switch (parent_proto()) {
	case PIER_PROTO_CONSOLE:
		return PIER_H_PARENT;
	case PIER_PROTO_NAMES:
		rc = pier_lookup("console", &h);
		return rc == PIER_OK ? (int64_t)h : rc == PIER_E_FULL ? 0 : -1;
	case PARENT_UNKNOWN:
		return 0;
	}
	return -1;
}

uint32_t pier_console(void)
{
	if (console_handle == 0)
		console_handle = console_find();
	return console_handle > 0 ? (uint32_t)console_handle : 0;
}

void pier_console_set(uint32_t handle)
{
	console_handle = handle ? (int64_t)handle : -1;
}

void console_repeat(int on)
{
	repeat = on;
}

int console_write(uint32_t con, const void *data, uint32_t n)
{
	const uint8_t *p = data;

	while (n > 0) {
		uint32_t k = n < PIER_PACKET_MAX ? n : PIER_PACKET_MAX;
		int rc = pier_call(con, PIER_CONSOLE_WRITE, p, k, 0, 0, 0);

		if (rc == PIER_E_RESTARTED && repeat)
			continue;	/* the same bytes, to the driver's successor */
		if (rc != PIER_OK)
			return rc;
		p += k;
		n -= k;
	}
	return PIER_OK;
}

int console_reader(uint32_t con, uint32_t port)
{
	return pier_send_grant(con, PIER_CONSOLE_READER, 0, 0, port);
}

int console_reader_call(uint32_t con, uint32_t port)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = PIER_OP_CALL, .dst = con,
		.type = PIER_CONSOLE_READER, .grant = port,
	};

	return pier_call_frame(&f);
}

int console_foreground(uint32_t con, uint64_t space)
{
	return pier_send(con, PIER_CONSOLE_FOREGROUND, &space, sizeof(space));
}

int console_intr(uint32_t con, uint32_t port)
{
	return pier_send_grant(con, PIER_CONSOLE_INTR, 0, 0, port);
}
