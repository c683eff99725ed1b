/*
 * Defect 1: a kernel request sent with PIER_F_ANSWER once kept pointers
 * into the caller's handle table, and the caller itself, across serving
 * it. A request that destroyed the answer port, ended the caller's
 * space, or grew its table panicked the kernel or read freed memory.
 */
#include <string.h>
#include "hostile.h"

#define CREATED 40      /* well past the 16 entries a table starts with */

static unsigned n_answers, n_ok;
static uint32_t made[CREATED];

/* Answers to port creations: keep each new handle. */
static int on_answer(const struct pier_packet *pkt)
{
	const struct pier_answer *a = (const void *)pkt->data;
	struct pier_port_created c;

	if (pkt->type != PIER_MSG_ANSWER)
		return PIER_E_TYPE;
	n_answers++;
	if (a->status == PIER_OK && a->size == sizeof(c) && n_ok < CREATED) {
		memcpy(&c, a->data, sizeof(c));
		made[n_ok++] = c.handle;
	}
	return PIER_OK;
}

static int raw_destroy(uint32_t h)
{
	struct pier_handle_req r = { .handle = h };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &r, sizeof(r), 0, 0);
}

void test_answers(void)
{
	struct pier_handle_req r;
	struct pier_port_create pc = { .entry = 0x10000, .priority = 1 };
	uint32_t a, b;
	uint64_t id;
	int rc;

	/* The request destroys the port its answer was to go to. */
	check("make an answer port", pier_port_create(on_answer, 20, 0, 0, &a), PIER_OK);
	r = (struct pier_handle_req){ .handle = a };
	check("destroy the answer port by an answered request: it is gone",
	      pier_request(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &r, sizeof(r), a), PIER_E_GONE);
	pier_ports_live--;      /* destroyed behind the runtime's back */
	check("its handle is gone too", raw_destroy(a), PIER_E_HANDLE);

	/* Answered requests that grow the handle table as they are served. */
	check("make a deep answer port", pier_port_create(on_answer, 20, PIER_DEPTH_MAX, 0, &b),
	      PIER_OK);
	for (int i = 0; i < CREATED; i++)
		if ((rc = pier_request(PIER_H_TASK, PIER_TASK_PORT_CREATE, &pc, sizeof(pc), b)))
			break;
	check("answered port creations growing the table", rc, PIER_OK);
	check("each answered, each made", n_answers * 100 + n_ok, CREATED * 101);
	for (unsigned i = 0; i < n_ok; i++)
		raw_destroy(made[i]);
	pier_port_destroy(b);

	/* A child ends its own space by an answered exit: the answer still
	 * reaches our mailbox, with the child as its badge. */
	mail.answers = 0;
	check("spawn a child that exits with an answer", spawn_role("exiter", 40, &id), PIER_OK);
	check("its exit answered to us", mail.answers == 1 && mail.answer_type == PIER_TASK_EXIT &&
	      mail.answer_status == PIER_OK && mail.badge == id, 1);
	check("and it is gone", space_alive(id), 0);

	/* ...and one whose answer port dies with it: nobody to tell. */
	check("spawn a child that exits answering itself", spawn_role("selfexit", 40, &id), PIER_OK);
	check("it is gone, and nothing else", space_alive(id), 0);
}
