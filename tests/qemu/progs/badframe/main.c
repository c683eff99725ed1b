/* badframe: malformed frames must each come back with their exact status, and the program runs on. */
#include <stdio.h>
#include <libpier.h>

#define UNMAPPED ((uintptr_t)0x20000000)         /* above the program, below the stacks */
#define KERNEL ((uintptr_t)0xffffffc080200000)    /* the kernel image in the upper half */
#define USER_END ((uintptr_t)0x4000000000)        /* end of the Sv39 lower half */

/* Room past the frame, so a frmsz larger than the frame still names mapped memory. */
static struct {
	struct pier_frame f;
	uint64_t spare[8];
} big;

static char pkt[PIER_PACKET_MAX + 8];
static const char rodata[64] = "read-only reply buffer";
static int checks, fails;

static void check(const char *what, int got, int want)
{
	checks++;
	if (got == want) {
		printf("badframe: PASS %s\n", what);
	} else {
		printf("badframe: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

/* A good frame: a call to the debug port's no-op. Each check spoils one field. */
static struct pier_frame *good(void)
{
	big.f = (struct pier_frame){
		.frmsz = sizeof(struct pier_frame),
		.flags = PIER_OP_CALL,
		.type = PIER_DEBUG_NOP,
		.dst = PIER_H_DEBUG,
	};
	return &big.f;
}

/* A good frame that carries a 16-byte packet to print from p. */
static struct pier_frame *write_from(uintptr_t p)
{
	struct pier_frame *f = good();

	f->flags = PIER_OP_SEND;
	f->type = PIER_DEBUG_WRITE;
	f->pkt = (const void *)p;
	f->pktsz = 16;
	return f;
}

int main(void)
{
	struct pier_frame *f;

	check("good frame", pier_ecall(good()), PIER_OK);

	f = good(); f->dst = 9999;
	check("unknown handle", pier_ecall(f), PIER_E_HANDLE);
	f = good(); f->dst = PIER_H_NONE;
	check("handle 0", pier_ecall(f), PIER_E_HANDLE);
	f = good(); f->type = 9999;
	check("unknown type", pier_ecall(f), PIER_E_TYPE);

	f = good(); f->flags = 0;
	check("op 0", pier_ecall(f), PIER_E_FLAGS);
	f = good(); f->flags = 9;
	check("op 9", pier_ecall(f), PIER_E_FLAGS);
	f = good(); f->flags = PIER_OP_SEND | 0x100;
	check("unknown flag bit", pier_ecall(f), PIER_E_FLAGS);

	f = good(); f->frmsz = 0;
	check("frmsz 0", pier_ecall(f), PIER_E_FRAME_SIZE);
	f = good(); f->frmsz = sizeof(struct pier_frame) + 8;
	check("frmsz too big", pier_ecall(f), PIER_E_FRAME_SIZE);

	f = write_from((uintptr_t)pkt); f->pktsz = PIER_PACKET_MAX + 1;
	check("packet too big", pier_ecall(f), PIER_E_PACKET_SIZE);

	check("frame unmapped", pier_ecall((struct pier_frame *)UNMAPPED), PIER_E_UNMAPPED);
	check("frame NULL", pier_ecall(NULL), PIER_E_UNMAPPED);
	check("frame in kernel", pier_ecall((struct pier_frame *)KERNEL), PIER_E_KERNEL_ADDR);
	check("frame misaligned",
	      pier_ecall((struct pier_frame *)((uintptr_t)good() + 1)), PIER_E_ALIGN);
	check("frame past user end",
	      pier_ecall((struct pier_frame *)(USER_END - 32)), PIER_E_RANGE);

	check("packet unmapped", pier_ecall(write_from(UNMAPPED)), PIER_E_UNMAPPED);
	check("packet in kernel", pier_ecall(write_from(KERNEL)), PIER_E_KERNEL_ADDR);
	check("packet past user end", pier_ecall(write_from(USER_END - 8)), PIER_E_RANGE);

	/* The kernel writes the reply into rbuf, so it must be writable. */
	f = good(); f->rbuf = (void *)rodata; f->rbufsz = sizeof(rodata);
	check("read-only reply buffer", pier_ecall(f), PIER_E_UNMAPPED);

	/* main handles the start packet, which is not a call: nothing to reply to. */
	f = good(); f->flags = PIER_OP_REPLY;
	check("reply with no call", pier_ecall(f), PIER_E_STATE);

	/* A send to a user port (its own) copies the packet in: the same statuses. */
	f = write_from(UNMAPPED); f->dst = PIER_H_START; f->type = 1;
	check("send to a user port, packet unmapped", pier_ecall(f), PIER_E_UNMAPPED);
	f = write_from(USER_END - 8); f->dst = PIER_H_START; f->type = 1;
	check("send to a user port, packet past user end", pier_ecall(f), PIER_E_RANGE);

	/* The start port's one activation is this one: a call to it waits on itself. */
	f = good(); f->dst = PIER_H_START; f->type = 1;
	check("call to own port", pier_ecall(f), PIER_E_DEADLOCK);

	/* Bit 31 is the kernel's (pier/proto.h): no program sends, calls or
	 * replies with it, so none can forge a start, timer or answer packet.
	 * Both paths: a bare operation (the fast path's) and with modifiers. */
	static const uint32_t forged[] = { PIER_MSG_START, PIER_MSG_TIMER, PIER_MSG_ANSWER,
					   PIER_MSG_KERNEL, 0xffffffffu };
	for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		f = good(); f->flags = PIER_OP_SEND; f->dst = PIER_H_START; f->type = forged[i];
		check("send of a kernel type to a user port", pier_ecall(f), PIER_E_TYPE);
		f = good(); f->type = forged[i];
		check("call of a kernel type to a kernel port", pier_ecall(f), PIER_E_TYPE);
		f = good(); f->flags = PIER_OP_SEND | PIER_F_ANSWER; f->type = forged[i];
		f->grant = PIER_H_START;
		check("request of a kernel type", pier_ecall(f), PIER_E_TYPE);
		f = good(); f->flags = PIER_OP_REPLY; f->type = forged[i];
		check("reply of a kernel type", pier_ecall(f), PIER_E_TYPE);
		f = good(); f->flags = PIER_OP_REPLY | PIER_F_HELD; f->type = forged[i];
		check("held reply of a kernel type", pier_ecall(f), PIER_E_TYPE);
	}
	f = good(); f->flags = PIER_OP_SEND; f->dst = PIER_H_START; f->type = PIER_MSG_KERNEL;
	f->pktsz = PIER_PACKET_MAX + 1;
	check("the type is checked before the packet size", pier_ecall(f), PIER_E_TYPE);

	printf("badframe: still running after %d checks\n", checks);
	printf("badframe: done\n");
	return fails;
}
