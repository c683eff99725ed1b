/* bench: figure 16, making and destroying a port with an 8 MiB stack (mapped on first touch). */
#include "figures.h"

/*
 * The stack's range is reserved and only its top page mapped, so both
 * are a small constant whatever the stack's size; when every page was
 * mapped and zeroed up front, making one took about 1.8 million
 * instructions with interrupts off. The port never runs: no page below
 * its top is touched.
 */
static struct pier_port_create create_req = {
	.priority = PIER_PRIO_MIN, .depth = 1, .stack_pages = PIER_STACK_PAGES_MAX,
};
static struct pier_port_created created;
static struct pier_handle_req destroy_req;
static struct pier_frame create_frame = {
	.frmsz = sizeof(struct pier_frame), .flags = PIER_OP_CALL,
	.dst = PIER_H_TASK, .type = PIER_TASK_PORT_CREATE, .pkt = &create_req,
	.pktsz = sizeof(create_req), .rbuf = &created, .rbufsz = sizeof(created),
};
static struct pier_frame destroy_frame = {
	.frmsz = sizeof(struct pier_frame), .flags = PIER_OP_CALL,
	.dst = PIER_H_TASK, .type = PIER_TASK_PORT_DESTROY, .pkt = &destroy_req,
	.pktsz = sizeof(destroy_req),
};

int s_stack8m_create(uint32_t *d)
{
	uint64_t a, b;
	int rc;

	create_req.entry = (uintptr_t)null_entry;
	rc = timed_ecall(&create_frame, &a, &b);
	*d = (uint32_t)(b - a);
	destroy_req.handle = created.handle;
	return rc == PIER_OK ? pier_ecall(&destroy_frame) : rc;
}

int s_stack8m_destroy(uint32_t *d)
{
	uint64_t a = 0, b = 0;
	int rc;

	create_req.entry = (uintptr_t)null_entry;
	rc = pier_ecall(&create_frame);
	destroy_req.handle = created.handle;
	if (rc == PIER_OK)
		rc = timed_ecall(&destroy_frame, &a, &b);
	*d = (uint32_t)(b - a);
	return rc;
}
