/*
 * Defect 10: with pktsz 0 the fast path never looked at pkt, so a kernel
 * address was PIER_OK on one path and PIER_E_KERNEL_ADDR on the other.
 * Defect 11: the debug port printed anyone's raw text (a fake kernel
 * line) and let anyone turn the fast path off; destroyed ports kept
 * their stack's address range; packets dropped with their port kept the
 * handles they had granted.
 */
#include <stdio.h>
#include "hostile.h"

#define KERNEL 0xffffffc080200000ull
#define USER_END 0x4000000000ull

static int frame(uint16_t op, uint32_t dst, uint32_t type, uint64_t pkt)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = op, .type = type, .dst = dst,
		.pkt = (const void *)(uintptr_t)pkt,
	};

	return pier_ecall(&f);
}

static uint64_t seen_sp;

static int on_sp(const struct pier_packet *pkt)
{
	seen_sp = (uint64_t)(uintptr_t)pkt;     /* the top of its stack */
	return PIER_OK;
}

static int on_nothing(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

/* A port made, called once to see where its stack is, and destroyed. */
static uint64_t stack_of_new_port(void)
{
	uint32_t h;

	seen_sp = 0;
	if (pier_port_create(on_sp, 12, 0, 0, &h) || pier_call(h, 1, 0, 0, 0, 0, 0))
		return 0;
	pier_port_destroy(h);
	return seen_sp;
}

static void packets(void)
{
	uint32_t p;

	check("kernel call, empty packet at a kernel address",
	      frame(PIER_OP_CALL, PIER_H_DEBUG, PIER_DEBUG_NOP, KERNEL), PIER_E_KERNEL_ADDR);
	check("kernel call, empty packet past user space",
	      frame(PIER_OP_CALL, PIER_H_DEBUG, PIER_DEBUG_NOP, USER_END), PIER_E_RANGE);
	check("make a port", pier_port_create(on_nothing, 12, 0, 0, &p), PIER_OK);
	check("call, empty packet at a kernel address",
	      frame(PIER_OP_CALL, p, 1, KERNEL), PIER_E_KERNEL_ADDR);
	check("send, empty packet at a kernel address",
	      frame(PIER_OP_SEND, p, 1, KERNEL), PIER_E_KERNEL_ADDR);
	check("reply, empty packet at a kernel address",
	      frame(PIER_OP_REPLY, 0, 1, KERNEL), PIER_E_KERNEL_ADDR);
	pier_port_destroy(p);
}

static void debug_port(void)
{
	struct pier_fastpath_req r = { .on = 0 };
	struct pier_fastpath out;
	static const char fake[] = "pier: space 1 (init) exited with 0\n";

	check("turn the fast path off for everyone",
	      pier_call_exact(PIER_H_DEBUG, PIER_DEBUG_FASTPATH, &r, sizeof(r), &out, sizeof(out)),
	      PIER_E_RIGHTS);
	/* The case checks it comes out tagged with this space's name. */
	check("write a line that looks like the kernel's",
	      pier_send(PIER_H_DEBUG, PIER_DEBUG_WRITE, fake, sizeof(fake) - 1), PIER_OK);
}

static void stacks(void)
{
	uint64_t first = stack_of_new_port(), again = first;

	for (int i = 0; i < 500 && again == first; i++)
		again = stack_of_new_port();
	check("a destroyed port's stack range is used again", first && again == first, 1);
}

/* A packet granting a handle, dropped with its port before it was read:
 * the handle goes too, so the next new handle takes its number. */
static void dropped_grants(void)
{
	uint32_t q, probe, again = 0;

	if (pier_handle_derive(mailbox, PIER_R_SEND, &probe) ||
	    pier_handle_drop(probe) ||
	    pier_port_create(on_nothing, 1, 0, PIER_PORT_GRANTS, &q))
		return check("set up the dropped grant", 0, 1);
	/* q is below us: the packet waits in its queue. */
	check("queue a grant at a port of our own", pier_send_grant(q, 1, 0, 0, mailbox), PIER_OK);
	check("destroy the port with it", pier_port_destroy(q), PIER_OK);
	pier_handle_derive(mailbox, PIER_R_SEND, &again);
	check("the granted handle went with the packet", again, probe);
	pier_handle_drop(again);
}

void test_frames(void)
{
	packets();
	debug_port();
	stacks();
	dropped_grants();
}
