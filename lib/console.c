/* The console client: finding the console handle, writing, and registering a reader. */
#include <console.h>

/* 0: not asked yet; -1: no console; else the handle. */
static int64_t console_handle;

int console_probe(uint32_t handle)
{
	struct pier_hello h = { 0 };
	uint32_t got = 0;
	int rc = pier_call(handle, PIER_HELLO, 0, 0, &h, sizeof(h), &got);

	/* Any other port may answer PIER_OK without a reply: insist on the magic. */
	if (rc == PIER_OK && (got != sizeof(h) || h.proto != PIER_PROTO_CONSOLE))
		rc = PIER_E_TYPE;
	return rc;
}

uint32_t pier_console(void)
{
	if (console_handle == 0)
		console_handle = console_probe(PIER_H_PARENT) == PIER_OK ?
				 (int64_t)PIER_H_PARENT : -1;
	return console_handle > 0 ? (uint32_t)console_handle : 0;
}

void pier_console_set(uint32_t handle)
{
	console_handle = handle ? (int64_t)handle : -1;
}

int console_write(uint32_t con, const void *data, uint32_t n)
{
	const uint8_t *p = data;

	while (n > 0) {
		uint32_t k = n < PIER_PACKET_MAX ? n : PIER_PACKET_MAX;
		int rc = pier_call(con, PIER_CONSOLE_WRITE, p, k, 0, 0, 0);

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
