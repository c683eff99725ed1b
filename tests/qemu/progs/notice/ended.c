/* notice, part 1: a supervisor hears how every child ended, more of them at once than its queue holds. */
#include <stdio.h>
#include <string.h>
#include "notice.h"

/*
 * The supervisor port S has a queue of two and the lowest priority, so
 * it runs only after everything below has happened: a faulting child
 * whose fault packet fits (then killed: ENDED "fault"), four that exit
 * with their codes, two killed, and a faulting child whose fault packet
 * finds the queue full (destroyed at once: ENDED "fault"). Seven of the
 * eight ENDED packets find the queue full and wait in the kernel; S must
 * then hear every one, each once, the first fault packet before its
 * child's end.
 */
#define NCHILD 8

static const struct kid {
	const char *cmd;
	uint32_t how;
	int32_t code;
} kids[NCHILD] = {
	{ "notice fault", PIER_ENDED_FAULT, PIER_E_FAULTED },
	{ "notice exit 0", PIER_ENDED_EXIT, 0 },
	{ "notice exit 1", PIER_ENDED_EXIT, 1 },
	{ "notice exit 42", PIER_ENDED_EXIT, 42 },
	{ "notice exit -3", PIER_ENDED_EXIT, -3 },
	{ "notice wait", PIER_ENDED_KILLED, PIER_E_GONE },
	{ "notice wait", PIER_ENDED_KILLED, PIER_E_GONE },
	{ "notice fault", PIER_ENDED_FAULT, PIER_E_FAULTED },
};

static uint32_t port_s;
static uint64_t ids[NCHILD];
static int heard[NCHILD], faults, ended, first_fault_before_end;

static int on_s(const struct pier_packet *pkt)
{
	struct pier_ended e;

	if (pkt->badge != 0)
		return PIER_E_TYPE;
	if (pkt->type == PIER_MSG_FAULT) {
		faults++;
		first_fault_before_end = heard[0] == 0;
		return PIER_OK;
	}
	check("an ENDED packet", pkt->type, PIER_MSG_ENDED);
	check("its size", pkt->size, sizeof(e));
	memcpy(&e, pkt->data, sizeof(e));
	for (int i = 0; i < NCHILD; i++) {
		if (ids[i] != e.space)
			continue;
		check(kids[i].cmd, e.how, kids[i].how);
		check(kids[i].cmd, e.code, kids[i].code);
		heard[i]++;
		ended++;
		return PIER_OK;
	}
	check("an ENDED for a child of ours", 0, 1);
	return PIER_OK;
}

void ended_start(void)
{
	check("the supervisor", pier_port_create(on_s, 1, 2, 0, &port_s), PIER_OK);
	check("supervise", pier_supervise(port_s), PIER_OK);
	for (int i = 0; i < NCHILD; i++) {
		check(kids[i].cmd, pier_spawn(kids[i].cmd, 4, 0, &ids[i]), PIER_OK);
		if (i == 0)     /* its fault packet is queued: now it is killed */
			check("kill the faulted child", pier_kill(ids[0]), PIER_OK);
		if (kids[i].how == PIER_ENDED_KILLED)
			check("kill a waiting child", pier_kill(ids[i]), PIER_OK);
	}
	check("nothing heard yet", ended, 0);
}

int ended_finish(void)
{
	check("one fault packet (the second found the queue full)", faults, 1);
	check("the fault packet came before its child's end", first_fault_before_end, 1);
	check("every child's end heard", ended, NCHILD);
	for (int i = 0; i < NCHILD; i++)
		check("each once", heard[i], 1);
	return ended == NCHILD;
}
