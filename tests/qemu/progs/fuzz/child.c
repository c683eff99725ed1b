/* fuzz: a helper child, hostile on purpose in one of several ways, until its parent kills it. */
#include <string.h>
#include "fuzz.h"

static uint32_t prio, srv, dst_port, callers[3];
static uint64_t self_badge;
static volatile int sink, depth_limit = 1 << 30;

/* One of the child's special ports, its handler being the kind's. */
static uint32_t port(unsigned kind, uint32_t p, uint32_t depth, uint32_t flags)
{
	uint32_t h = 0;

	fz_check(fz_port_new(ARG_CHILD + kind, p, depth, flags, &h), NULL, 0, "child port");
	return h;
}

uint32_t fz_child_new(unsigned kind, uint32_t depth)
{
	return port(kind, prio, depth, 0);
}

/* Our space's id: what a packet from ourselves says. */
uint64_t fz_child_self(void)
{
	uint32_t h = port(K_SELF, prio, 1, 0);

	if (h)
		pier_call(h, 1, NULL, 0, NULL, 0, NULL);
	return self_badge;
}

/* A generic fuzz port in a slot, whose handle its handler knows; granted to the parent. */
uint32_t fz_child_slot(uint32_t flags)
{
	int i = fz_slot_free();
	uint32_t h = 0;

	if (i < 0 || fz_port_new((uint64_t)i, below(prio + 1), 1 + below(16), flags, &h) != PIER_OK)
		return 0;
	fz.slot[i].handle = h;
	fz.slot[i].live = 1;
	if (chance(80))
		pier_send_grant(PIER_H_PARENT, CH_HELLO, NULL, 0, h);
	return h;
}

static int recurse(int n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n < depth_limit)
		return recurse(n + 1) + pad[0];
	return pad[0];
}

int fz_child_port(const struct pier_packet *pkt, uint64_t arg)
{
	int rc;

	switch (arg - ARG_CHILD) {
	case K_CALLER:          /* wait on the server; it is destroyed while we wait */
		rc = pier_call(srv, 1, pkt->data, pkt->size < 8 ? pkt->size : 8, NULL, 0, NULL);
		fz_check(rc, NULL, 0, "call to a server being destroyed");
		return PIER_OK;
	case K_SERVER:          /* have it destroyed while it runs, callers waiting */
		pier_send(dst_port, 1, NULL, 0);
		return PIER_OK;
	case K_DESTROYER:
		fz_check(pier_port_destroy(srv), NULL, 0, "destroy of a busy server");
		fz_check(pier_port_destroy(callers[below(3)]), NULL, 0, "destroy of a caller");
		if (chance(50)) {
			struct pier_exit_req e = { .code = 12 };

			pier_call(PIER_H_TASK, PIER_TASK_EXIT, &e, sizeof(e), NULL, 0, NULL);
		}
		return PIER_OK;
	case K_FAULTER:
		return *(volatile int *)0x50000000;
	case K_HOARDER:         /* keeps every handle it is given */
#ifdef PIER_PORT_GRANTS
		pier_handle_take(pkt);
#endif
		return PIER_OK;
	case K_DEEP:
		return recurse(0);
	case K_SELF:            /* a packet from ourselves says who we are */
		self_badge = pkt->badge;
		return PIER_OK;
	case K_LINGER:          /* its timer: time to go */
		if (pkt->badge == 0 && pkt->type == PIER_MSG_TIMER)
			pier_exit(20);
		return PIER_OK;
	}
	return PIER_OK;         /* K_SINK: answers nobody reads */
}

static void pending(void)
{
	uint32_t lo = prio ? prio - 1 : 0;

	srv = port(K_SERVER, lo, 2, 0);
	dst_port = port(K_DESTROYER, prio, 4, 0);
	for (unsigned i = 0; i < 3; i++) {
		callers[i] = port(K_CALLER, prio, 2, 0);
		pier_send(callers[i], 1, NULL, 0);
	}
	pier_send_grant(PIER_H_PARENT, CH_HELLO, NULL, 0, callers[0]);
}

static void fault(void)
{
	struct pier_port_create r = { .entry = (uintptr_t)fz_entry, .arg = ARG_CHILD + K_DEEP,
				      .priority = prio, .depth = 1, .stack_pages = 1 };
	struct pier_port_created out;
	uint32_t h;

	switch (below(8)) {
	case 0:
		sink = *(volatile int *)0x50000000;
		break;
	case 1:
		sink = *(volatile int *)0xffffffc080200000ull;
		break;
	case 2: {
		uint64_t v;

		__asm__ volatile("csrr %0, mstatus" : "=r"(v));
		sink = (int)v;
		break;
	}
	case 3:
		*(volatile uint32_t *)(uintptr_t)&fault = 0;
		break;
	case 4:         /* a handler that faults, called by the parent or by us */
		h = port(K_FAULTER, prio, 4, 0);
		pier_send_grant(PIER_H_PARENT, CH_HELLO, NULL, 0, h);
		pier_send(h, 1, NULL, 0);
		break;
	case 5:         /* a port whose entry is no code: unmapped, data, misaligned */
		r.entry = PICK64(0x50000000, (uintptr_t)&sink, (uintptr_t)&fault + 1);
		r.stack_pages = 0;
		if (pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &r, sizeof(r), &out,
				    sizeof(out)) == PIER_OK)
			pier_send(out.handle, 1, NULL, 0);
		break;
	default:        /* a handler whose stack overflows into its guard page */
		if (pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &r, sizeof(r), &out,
				    sizeof(out)) == PIER_OK)
			pier_send(out.handle, 1, NULL, 0);
	}
}

/* Calls and sends to the parent, granting its own ports, destroying them meanwhile. */
static void caller(void)
{
	static uint8_t buf[PIER_PACKET_MAX];
	unsigned n = 10 + below(40);

	fz_child_slot(0);
	fz_child_slot(0);
	for (unsigned i = 0; i < n; i++) {
		uint32_t r = below(10), g = chance(30) ? fz_slot_handle() : 0;
		uint32_t size = 3 + below(40);

		rnd_fill(buf, size);
		buf[0] = (uint8_t)below(8);
		if (r < 5)
			fz_check(pier_call(PIER_H_PARENT, (uint32_t)rnd(), buf, size, buf,
					   PICK32(0, 16, 256), NULL), NULL, 0, "call to the parent");
		else if (r < 7)
			fz_check(pier_send_grant(PIER_H_PARENT, (uint32_t)rnd(), buf, size, g),
				 NULL, 0, "send to the parent");
		else if (r < 8 && (g = fz_slot_handle()))
			fz_check(pier_port_destroy(g), NULL, 0, "destroy");
		else
			fz_child_slot(0);
	}
}

static void frames(void)
{
	unsigned n = 100 + below(200);

	if (fz_ptrs_setup() != PIER_OK)
		return;
	fz_child_slot(0);
	fz_child_slot(0);
	for (unsigned i = 0; i < n; i++) {
		fz.frame++;
		switch (below(6)) {
		case 0:
			fz_task_step();
			break;
		case 1:
			fz_space_step();
			break;
		case 2:
			fz_timer_step();
			break;
		case 3:
			fz_ports_step();
			break;
		default:
			fz_frames_step();
		}
	}
}

/* Runs as main of "fuzz child avoid=N seed=N mode=M prio=P"; returns only to exit (never with 0). */
int fz_child_main(void)
{
	struct pier_time t;
	const char *m = fz.mode ? fz.mode : "exit";

	fz.child = 1;
	rng_seed(fz.seed);
	prio = fz.maxprio;
	if (pier_time_now(&t) == PIER_OK)
		fz.hz = t.hz;
	if (!strcmp(m, "spin"))
		for (;;)
			__asm__ volatile("");
	if (!strcmp(m, "exit") || strstr(m, "ans"))
		return fz_child_end(m);
	if (!strcmp(m, "fault"))
		fault();
	else if (!strcmp(m, "pending"))
		pending();
	else if (!strcmp(m, "caller"))
		caller();
	else if (!strcmp(m, "frames"))
		frames();
	else if (!strcmp(m, "idle"))
		fz_child_slot(PIER_PORT_IDLE);
	else if (!strcmp(m, "linger") &&  /* exits by itself a little later */
		 pier_timer_set(port(K_LINGER, prio, 2, 0), PIER_TIMER_RELATIVE,
				fz.hz / 50 + below((uint32_t)(fz.hz / 50)), 0, 0, NULL) != PIER_OK)
		return 21;
	else if (!strcmp(m, "hoard"))
		pier_send_grant(PIER_H_PARENT, CH_HOARD, NULL, 0,
				port(K_HOARDER, prio, PIER_DEPTH_MAX, FZ_TAKES_GRANTS));
	/* Live on, serving its ports, or go. */
	if (strcmp(m, "exit") && (chance(60) || !strcmp(m, "hoard") || !strcmp(m, "pending") ||
				  !strcmp(m, "linger"))) {
		pier_ports_live = 1;
		return 0;
	}
	return 3 + (int)below(50);
}
