/* fuzz: the fuzzer's own ports: one entry for all, and what a fuzz port does with a packet. */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

/*
 * Every port of ours enters here: a1 is the port's argument word, which
 * names the infrastructure port or the slot of a fuzz port, so a handler
 * knows its own handle (to send itself the packet that answers a call it
 * holds). The entry stub of arch/riscv/user/entry.S knows only one handler per port.
 */
__asm__(".section .text.fz_entry,\"ax\",@progbits\n"
	".globl fz_entry\n"
	".type fz_entry, @function\n"
	"fz_entry:\n"
	"	lla	tp, __tls_base\n"
	"	call	fz_dispatch\n"
	"	tail	pier_rt_return\n"
	".size fz_entry, . - fz_entry\n"
	".previous\n");

int fz_port_new(uint64_t arg, uint32_t prio, uint32_t depth, uint32_t flags, uint32_t *h)
{
	struct pier_port_create r = { .entry = (uintptr_t)fz_entry, .arg = arg,
				      .priority = prio, .depth = depth, .flags = flags };
	struct pier_port_created out = { 0 };
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &r, sizeof(r),
				 &out, sizeof(out));

	*h = rc == PIER_OK ? out.handle : 0;
	return rc;
}

/* A handle that came with a packet: not kept (the kernel may drop it itself). */
void fz_received(const struct pier_packet *pkt)
{
#ifndef PIER_PORT_GRANTS
	if (pkt->handle)
		fz_check(pier_handle_drop(pkt->handle), NULL, 0, "drop of a received handle");
#else
	(void)pkt;
#endif
}

static void note_answer(const struct pier_packet *pkt)
{
	const struct pier_answer *a = (const void *)pkt->data;
	uint32_t n = fz.ntimer;
	char what[48];

	fz.stat_answers++;
	if (pkt->size < sizeof(*a) || a->size > PIER_ANSWER_MAX ||
	    pkt->size != sizeof(*a) + a->size) {
		fz_fail("a malformed answer: %u bytes, says %u", (unsigned)pkt->size,
			pkt->size >= sizeof(*a) ? (unsigned)a->size : 0u);
		return;
	}
	snprintf(what, sizeof(what), "answer to a type %u request", (unsigned)a->type);
	fz_check(a->status, NULL, 0, what);
	if (a->type == PIER_TIMER_SET && a->size == 8 && a->status == PIER_OK &&
	    n < sizeof(fz.timer_id) / sizeof(fz.timer_id[0])) {
		memcpy((void *)&fz.timer_id[n], a->data, 8);
		fz.ntimer = n + 1;
	}
}

/* A child of ours faulted (on purpose): it goes. */
static void note_fault(const struct pier_packet *pkt)
{
	struct pier_fault f;

	fz.stat_faults++;
	if (pkt->size != sizeof(f))
		return;
	memcpy(&f, pkt->data, sizeof(f));
	if (!fz.child && f.space > fz.self)
		fz_check(pier_kill(f.space), NULL, 0, "kill of a faulted child");
}

/* A call to a fuzz port, answered as its first data byte says. */
static int answer_call(const struct pier_packet *pkt, uint32_t self)
{
	static uint8_t buf[PIER_PACKET_MAX];
	uint8_t cmd = pkt->size ? pkt->data[0] : 0, a = pkt->size > 1 ? pkt->data[1] : 0;
	uint8_t b = pkt->size > 2 ? pkt->data[2] : 0;
	int rc, rc2;

	switch (cmd % 8) {
	case 0:
		return -(int)(a % PIER_STATUS_COUNT);
	case 1:
		fz_check(pier_reply(b, buf, a), NULL, 0, "reply");
		return PIER_OK;
	case 2:     /* too large for most buffers, then what fits */
		rc = pier_reply(b, buf, PIER_PACKET_MAX);
		if (rc == PIER_E_REPLY_SIZE)
			rc = pier_reply(b, buf, a % 16);
		fz_check(rc, NULL, 0, "reply");
		return PIER_OK;
	case 3:     /* hold it (by return, or by token); a packet to ourselves answers it next */
		if (!self || pier_send(self, MSG_RESCUE, NULL, 0) != PIER_OK)
			return PIER_OK;
		if (b & 1)
			return PIER_HOLD;
		rc = pier_hold();
		if (rc <= 0 && rc != PIER_E_LIMIT)
			fz_fail("a hold of the call being handled got %d", rc);
		if (rc > 0 && pier_hold() != PIER_E_STATE)
			fz_fail("a second hold of one call did not get PIER_E_STATE");
		return rc > 0 ? -(int)(a % PIER_STATUS_COUNT) : PIER_OK;
	case 4:
		rc = pier_reply_grant(b, buf, a % 32, fz_slot_handle());
		fz_check(rc, NULL, 0, "reply with a grant");
		return PIER_OK;
	case 5:
		rc = pier_reply(b, (const void *)0xffffffc080200000ull, 8);
		if (rc != PIER_E_KERNEL_ADDR && rc != PIER_E_STATE)
			fz_fail("a reply from kernel memory got %d", rc);
		return -(int)(a % PIER_STATUS_COUNT);
	case 6:
		rc = pier_reply(b, buf, 0);
		rc2 = pier_reply(b, buf, 0);
		if (rc == PIER_OK && rc2 != PIER_E_STATE)
			fz_fail("a second reply to one call got %d", rc2);
		return PIER_OK;
	default:
		if (b & 1)
			rc = pier_reply_token((uint32_t)a * 977u, -(int)(b % PIER_STATUS_COUNT),
					      b, buf, a % 8);
		else
			rc = pier_reply_held(b, buf, a % 8);
		fz_check(rc, NULL, 0, "held reply");
		return PIER_OK;
	}
}

/* What every fuzz port (and the answer port) does with a packet. self: its handle, if known. */
int fz_port_handler(const struct pier_packet *pkt, uint32_t self)
{
	if (pkt->type == MSG_PING && fz_is_infra(self))
		return PIER_E_ARG;
	fz_received(pkt);
	/* An answer carries the badge of the space that asked: ours. */
	if (pkt->type == PIER_MSG_ANSWER && !fz.child && pkt->badge == fz.self &&
	    !(pkt->flags & PIER_PKT_CALL)) {
		note_answer(pkt);
		return PIER_OK;
	}
	if (pkt->badge == 0) {
		if (pkt->type == PIER_MSG_FAULT)
			note_fault(pkt);
		return PIER_OK;
	}
	if (pkt->type == MSG_RESCUE) {
		fz_check(pier_reply_held(0, NULL, 0), NULL, 0, "rescue");
		return PIER_OK;
	}
	if (!(pkt->flags & PIER_PKT_CALL))
		return PIER_OK;
	return answer_call(pkt, self);
}

__attribute__((used)) int fz_dispatch(const struct pier_packet *pkt, uint64_t arg)
{
	switch (arg) {
	case ARG_WD:
		return fz_watchdog(pkt);
	case ARG_ANS:
		return fz_port_handler(pkt, fz.in.ans);
	case ARG_SVC:
		return fz_svc_handler(pkt);
	case ARG_SYNC:
		return fz_syncer(pkt);
	case ARG_SLEEP:
		return fz_sleeper(pkt);
	case ARG_ECHO:
		return fz_echo_handler(pkt);
	case ARG_GROW:
		return fz_grow_handler(pkt);
	}
	if (arg >= ARG_CHILD && arg < ARG_CHILD + 100)
		return fz_child_port(pkt, arg);
	return fz_port_handler(pkt, arg < NSLOTS && fz.slot[arg].live ? fz.slot[arg].handle : 0);
}
