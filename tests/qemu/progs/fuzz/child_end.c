/* fuzz: how a helper child ends, and answered requests that take away the table their answer port is in. */
#include <string.h>
#include "fuzz.h"

/*
 * The ways to end: returning from main, an exit of the wrong size first,
 * a kill of itself (refused: it is not its own supervisor), a plain send.
 */
static int ends(void)
{
	struct pier_exit_req e = { .code = 5 + (int32_t)below(40) };
	struct pier_kill_req k;
	int rc;

	switch (below(4)) {
	case 0:
		return e.code;
	case 1:
		rc = pier_call(PIER_H_TASK, PIER_TASK_EXIT, &e, 4, NULL, 0, NULL);
		if (rc != PIER_E_PACKET_SIZE)
			fz_fail("an exit request of 4 bytes got %d", rc);
		pier_exit(e.code);
	case 2:
		if ((k.space = fz_child_self())) {
			rc = pier_call(PIER_H_TASK, PIER_TASK_KILL, &k, sizeof(k), NULL, 0, NULL);
			if (rc != PIER_E_RIGHTS)
				fz_fail("a space's kill of itself got %d", rc);
		}
		pier_exit(e.code);
	default:
		pier_send(PIER_H_TASK, PIER_TASK_EXIT, &e, sizeof(e));
		fz_fail("an exit request sent returned");
		return e.code;
	}
}

/*
 * Port creations answered at a port of ours, until one needs a larger
 * port table: the table moves, the answer port's entry with it, and the
 * answer must still find its port.
 */
static void grow(void)
{
	struct pier_port_create r = { .entry = (uintptr_t)fz_entry, .arg = ARG_CHILD + K_SINK,
				      .depth = 1, .stack_pages = 1 };
	uint32_t a = fz_child_new(K_SINK, PIER_DEPTH_MAX);

	for (int i = 0; a && i < 40; i++)
		if (pier_request(PIER_H_TASK, PIER_TASK_PORT_CREATE, &r, sizeof(r), a) != PIER_OK)
			break;
}

/*
 * Modes exit, exitans (an answered exit), destroyans (an answered destroy
 * of the answer port itself), growans (answered creations that grow the
 * port table). Returns the code to exit with, never 0.
 */
int fz_child_end(const char *mode)
{
	struct pier_exit_req e = { .code = 9 };
	struct pier_handle_req d;

	if (!strcmp(mode, "exitans")) {
		if (pier_request(PIER_H_TASK, PIER_TASK_EXIT, &e, sizeof(e),
				 fz_child_new(K_SINK, 4)) == PIER_OK)
			fz_fail("an answered exit returned");
		return 9;
	}
	if (!strcmp(mode, "destroyans")) {
		for (int i = 0; i < 2; i++) {
			d.handle = i ? fz_child_slot(0) : fz_child_new(K_SINK, 4);
			if (d.handle)
				fz_check(pier_request(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &d,
						      sizeof(d), d.handle), NULL, 0,
					 "answered destroy of the answer port");
		}
		return 10;
	}
	if (!strcmp(mode, "growans")) {
		grow();
		return 11;
	}
	return ends();
}
