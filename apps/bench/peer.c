/* bench: the peer, a second instance of the program in its own space, and the port helpers both sides use. */

/*
 * The driver spawns "bench peer" above its own priority, so the peer has
 * made its first port R1 and granted it to the driver's mailbox before the
 * spawn returns. R1 also serves the driver's control messages: idle ports
 * for figure 10, the other ports of the other figures, and quitting.
 */
#include <stddef.h>
#include <string.h>
#include "bench.h"

#define IDLE_MAX 10000	/* figure 10's idle ports: the most made at once */

static uint32_t idle_ports[IDLE_MAX];
static uint32_t nidle;

int port_new(void (*entry)(void), uintptr_t arg, uint32_t prio,
	     uint32_t depth, uint32_t *handle)
{
	/* Not pier_port_create: that one fixes the entry stub and a 4-page stack. */
	struct pier_port_create req = {
		.entry = (uintptr_t)entry,
		.arg = arg,
		.priority = prio,
		.depth = depth,
		.stack_pages = 1,
		.flags = PIER_PORT_GRANTS,  /* the bench passes handles around freely */
	};
	struct pier_port_created out;
	uint32_t got = 0;
	int rc = pier_call(PIER_H_TASK, PIER_TASK_PORT_CREATE, &req, sizeof(req),
			   &out, sizeof(out), &got);

	if (rc == PIER_OK && got != sizeof(out))
		rc = PIER_E_PACKET_SIZE;
	if (rc != PIER_OK)
		return rc;
	*handle = out.handle;
	/* Counted like the runtime's own ports, so main returning keeps the program. */
	pier_ports_live++;
	return PIER_OK;
}

int port_del(uint32_t handle)
{
	struct pier_handle_req req = { .handle = handle };
	int rc = pier_call(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &req,
			   sizeof(req), 0, 0, 0);

	if (rc == PIER_OK)
		pier_ports_live--;
	return rc;
}

int reply_value(uint32_t v)
{
	static struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_REPLY,
	};

	f.type = v;
	return pier_ecall(&f);
}

/* R3: the stamp, one store and the reply ecall, nothing else between. */
static int h_r3(const struct pier_packet *pkt, uint64_t stamp)
{
	static struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_REPLY,
	};
	(void)pkt;
	(void)stamp;
	return ecall_stamped_type(&f);
}

/* W: runs after X and Y, and hands X's stamp to the driver. */
static int h_w(const struct pier_packet *pkt, uint64_t stamp)
{
	(void)pkt;
	(void)stamp;
	return reply_value((uint32_t)x_stamp);
}

static int grow(const struct pier_packet *pkt)
{
	uint32_t n;
	int rc;

	if (pkt->size != sizeof(n))
		return PIER_E_PACKET_SIZE;
	memcpy(&n, pkt->data, sizeof(n));
	if (n > IDLE_MAX - nidle)
		return PIER_E_ARG;
	for (; n > 0; n--, nidle++)
		if ((rc = port_new(null_entry, 0, PRIO_EQ, 1, &idle_ports[nidle])))
			return rc;
	return PIER_OK;
}

static int shrink(void)
{
	int rc;

	while (nidle > 0)
		if ((rc = port_del(idle_ports[--nidle])))
			return rc;
	return PIER_OK;
}

/* The ports of figures 3 to 5, each handle sent to the driver's mailbox. */
static int setup(uint32_t y)
{
	static const struct {
		void (*entry)(void);
		stamped_fn fn;
		uint32_t prio, depth;
	} spec[PP_COUNT] = {
		[PP_R3] = { bench_entry, h_r3, PRIO_BELOW, 0 },
		[PP_NULL] = { null_entry, 0, PRIO_EQ, 0 },
		[PP_SINK] = { null_entry, 0, PRIO_BELOW, PIER_DEPTH_MAX },
		[PP_DRAIN] = { null_entry, 0, PRIO_DRAIN, 0 },
		[PP_X] = { x_entry, 0, PRIO_EQ, 0 },
		[PP_W] = { bench_entry, h_w, PRIO_BELOW, 0 },
	};
	uint32_t h;
	int rc;

	if (!y)
		return PIER_E_HANDLE;
	x_send_frame.dst = y;
	for (int i = PP_R1 + 1; i < PP_COUNT; i++) {
		rc = port_new(spec[i].entry, (uintptr_t)spec[i].fn, spec[i].prio,
			      spec[i].depth, &h);
		if (rc == PIER_OK)
			rc = pier_send_grant(PIER_H_PARENT, MSG_HANDLE + i, 0, 0, h);
		if (rc != PIER_OK)
			return rc;
	}
	return PIER_OK;
}

/* R1: figures 2 and 10 measure MSG_STAMP; the rest is control. */
static int h_r1(const struct pier_packet *pkt, uint64_t stamp)
{
	switch (pkt->type) {
	case MSG_STAMP:
		return reply_value((uint32_t)stamp);
	case MSG_GROW:
		return grow(pkt);
	case MSG_SHRINK:
		return shrink();
	case MSG_SETUP:
		return setup(pkt->handle);
	case MSG_QUIT:
		pier_exit(0);
	}
	return PIER_E_TYPE;
}

int peer_main(void)
{
	uint32_t r1;
	int rc = port_new(bench_entry, (uintptr_t)h_r1, PRIO_EQ, 0, &r1);

	if (rc == PIER_OK)
		rc = pier_send_grant(PIER_H_PARENT, MSG_HANDLE + PP_R1, 0, 0, r1);
	return rc;
}
