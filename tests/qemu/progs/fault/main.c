/* fault: every kind of user fault stops only the faulting space, and its supervisor is told the cause. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * The parent supervises the children it spawns. Each child faults in its
 * own way; the parent checks the cause in the fault packet, kills the
 * child, and starts the next. The last child shows that a caller whose
 * server faults gets PIER_E_FAULTED and runs on.
 */
struct kind {
	const char *name;
	uint64_t cause, also;   /* scause expected (also: an allowed alternative) */
};

static const struct kind kinds[] = {
	{ "rowrite", 15, 15 },      /* store page fault: text is read-only */
	{ "nx", 12, 12 },           /* fetch page fault: data is not executable */
	{ "kernel", 13, 13 },       /* load page fault: kernel pages lack U */
	{ "unmapped", 13, 13 },     /* load page fault */
	{ "misaligned", 6, 4 },     /* an AMO must be aligned (QEMU says "load") */
	{ "illegal", 2, 2 },        /* an M-mode CSR from U-mode */
	{ "stack", 15, 15 },        /* overflow into the guard page */
	{ "callfault", 13, 13 },    /* a called handler faults */
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static unsigned next;
static int fails, reported;
static uint32_t port_sup;
static uint64_t child;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("fault: PASS %s\n", what);
	} else {
		printf("fault: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static void spawn_next(void)
{
	char cmd[32];

	if (next == NKINDS) {
		check("the supervisor outlived every fault", 1, 1);
		printf("fault: done\n");
		pier_exit(fails);
	}
	snprintf(cmd, sizeof(cmd), "fault %s", kinds[next].name);
	check("spawn a faulting child", pier_spawn_max(cmd, 12, 20, 0, port_sup, 0, &child), PIER_OK);
}

/* Fault packets from the kernel, and the callfault child's report. */
static int on_sup(const struct pier_packet *pkt)
{
	struct pier_fault f;
	struct pier_ended e;
	const struct kind *k = &kinds[next];

	if (pkt->type == PIER_MSG_ENDED) {
		/* After its fault packet, each child's end: killed after a fault. */
		memcpy(&e, pkt->data, sizeof(e));
		check("ended after a fault", (long)e.how, PIER_ENDED_FAULT);
		check("ended with PIER_E_FAULTED", e.code, PIER_E_FAULTED);
		return 0;
	}

	if (pkt->type == 1) {
		/* callfault: after its handler's fault, the caller ran on and
		 * saw PIER_E_FAULTED; only now is the child done with. */
		check("the caller got PIER_E_FAULTED", reported, 1);
		check("kill the child", pier_kill(child), PIER_OK);
		next++;
		spawn_next();
		return 0;
	}
	memcpy(&f, pkt->data, sizeof(f));
	check("fault packet", pkt->type, PIER_MSG_FAULT);
	check("fault from the child", (long)f.space, (long)child);
	printf("fault: %s: cause %lu pc 0x%lx addr 0x%lx\n", k->name,
	       (unsigned long)f.cause, (unsigned long)f.pc, (unsigned long)f.addr);
	check(k->name, f.cause == k->cause || f.cause == k->also, 1);
	if (!strcmp(k->name, "callfault")) {
		reported = 1;
		return 0;       /* its report comes next */
	}
	check("kill the child", pier_kill(f.space), PIER_OK);
	next++;
	spawn_next();
	return 0;
}

static volatile int sink, depth_limit = 1 << 30;

/* Deeper than any stack: only the guard page stops it. */
static int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (n < depth_limit)
		return recurse(n + 1) + pad[0];
	return pad[0];
}

static int bad_handler(const struct pier_packet *pkt)
{
	(void)pkt;
	return *(volatile int *)0x50000000;
}

int main(int argc, char **argv);

static int do_fault(const char *kind)
{
	static uint32_t code_in_data[4] = { 0x00008067 };   /* ret */
	uint32_t h;

	if (!strcmp(kind, "rowrite"))
		*(volatile uint32_t *)(uintptr_t)&main = 0;
	else if (!strcmp(kind, "nx"))
		((void (*)(void))(uintptr_t)code_in_data)();
	else if (!strcmp(kind, "kernel"))
		sink = *(volatile int *)0xffffffc080200000ull;
	else if (!strcmp(kind, "unmapped"))
		sink = *(volatile int *)0x50000000;
	else if (!strcmp(kind, "misaligned")) {
		static uint64_t word[2];
		int old;
		__asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old)
				 : "r"((char *)word + 1), "r"(1) : "memory");
		sink = old;
	} else if (!strcmp(kind, "illegal")) {
		uint64_t v;
		__asm__ volatile("csrr %0, mstatus" : "=r"(v));
		sink = (int)v;
	} else if (!strcmp(kind, "stack"))
		sink = recurse(0);
	else if (!strcmp(kind, "callfault")) {
		pier_port_create(bad_handler, 20, 0, 0, &h);
		int rc = pier_call(h, 1, NULL, 0, NULL, 0, NULL);
		if (rc == PIER_E_FAULTED)
			pier_send(PIER_H_PARENT, 1, NULL, 0);
		else
			printf("fault: FAIL call to a faulting handler: got %d\n", rc);
		return 0;
	}
	printf("fault: FAIL %s did not fault\n", kind);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return do_fault(argv[1]);
	/* Below the children: a child has faulted, or reported, before this runs. */
	check("create the supervisor port", pier_port_create(on_sup, 4, PIER_DEPTH_MAX, 0, &port_sup), PIER_OK);
	check("supervise", pier_supervise(port_sup), PIER_OK);
	spawn_next();
	return 0;
}
