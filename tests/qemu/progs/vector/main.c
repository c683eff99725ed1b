/* vector: user code has no vector unit, so vector registers cannot carry values between spaces. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * Run on a hart with V (QEMU -cpu rv64,v=true). The kernel keeps
 * sstatus.VS off and never saves vector registers, so a vector
 * instruction in user mode must be an illegal-instruction fault (scause
 * 2) that the supervisor hears of, never a read of the registers the
 * last space left behind. The parent supervises a child that runs one
 * (vsetvli, as a .word: the toolchain targets rv64imac) and runs on
 * itself after the fault.
 */
#define CAUSE_ILLEGAL 2
#define MSG_NO_FAULT 100        /* the child's word that its instruction ran: data = vl */

static int fails, faults;
static uint64_t child;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("vector: PASS %s\n", what);
	} else {
		printf("vector: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* The child's fault, or its report that nothing faulted. */
static int on_sup(const struct pier_packet *pkt)
{
	struct pier_fault f;

	if (pkt->type == PIER_MSG_ENDED)
		return 0;       /* the killed child's end */
	if (pkt->type == MSG_NO_FAULT) {
		uint64_t vl = 0;

		memcpy(&vl, pkt->data, pkt->size < sizeof(vl) ? pkt->size : sizeof(vl));
		printf("vector: FAIL vsetvli ran in the child (vl %lu)\n", (unsigned long)vl);
		fails++;
	} else {
		check("fault packet", pkt->type, PIER_MSG_FAULT);
		memcpy(&f, pkt->data, sizeof(f));
		printf("vector: child fault: cause %lu pc 0x%lx\n",
		       (unsigned long)f.cause, (unsigned long)f.pc);
		check("fault from the child", (long)f.space, (long)child);
		check("illegal instruction", (long)f.cause, CAUSE_ILLEGAL);
		faults++;
	}
	check("kill the child", pier_kill(child), PIER_OK);
	check("one fault in all", faults, 1);
	printf("vector: done\n");
	pier_exit(fails);
	return 0;
}

static int child_main(void)
{
	uint64_t vl;

	/* vsetvli t0, zero, e32, m1, ta, ma: the first step of any vector code. */
	__asm__ volatile(".word 0x0d0072d7\n\tmv %0, t0" : "=r"(vl) : : "t0");
	/* No printf: PIER_H_PARENT is the supervisor port, not a console. */
	pier_send(PIER_H_PARENT, MSG_NO_FAULT, &vl, sizeof(vl));
	return 1;
}

int main(int argc, char **argv)
{
	uint32_t port_sup;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_main();
	/* Below the child and below main: the fault is in before it runs. */
	check("create the supervisor port",
	      pier_port_create(on_sup, 4, PIER_DEPTH_MAX, 0, &port_sup), PIER_OK);
	check("supervise", pier_supervise(port_sup), PIER_OK);
	/* Above us: the child runs, and faults, before the spawn returns. */
	check("spawn the child", pier_spawn("vector child", 12, port_sup, &child), PIER_OK);
	check("the parent runs on after its child's fault", 1, 1);
	return 0;
}
