/* regs: every register but a0 survives an ecall, whichever way the kernel takes it, and every one an interrupt; f0-f31 and fcsr too. */

/*
 * The kernel saves only part of the context on a system call and keeps
 * the rest live in the CPU, storing it only when the caller does not go
 * straight on (docs/design.md). Each case here loads x1 and x3..x31 with
 * a pattern (sp aside: it must simply survive), makes one ecall, and
 * compares every register afterwards; it runs with the fast path on and
 * off, so both of the kernel's ways in and all of its ways out are seen:
 * straight on, blocked in a call and resumed, preempted and resumed.
 * Last, a loop with every register set runs through timer interrupts:
 * one that preempts it for a higher port, one whose packet only waits.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * Two routines in assembly share one stack frame: [0, 256) the registers
 * afterwards (slot 0 holds out meanwhile), [256, 512) the caller's ra, gp,
 * tp and s0..s11 (slot 256 + 0 is free). REGS_BEGIN makes the frame,
 * REGS_OUT stores every register and copies them to out, REGS_END
 * restores the caller's and returns.
 */
#define REGS_CALLEE "1,3,4,8,9,18,19,20,21,22,23,24,25,26,27"
#define REGS_BEGIN(name)						\
"	.pushsection .text." name ", \"ax\", @progbits\n"		\
"	.globl " name "\n"						\
"	.type " name ", @function\n"					\
name ":\n"								\
"	addi	sp, sp, -512\n"						\
"	.irp n, " REGS_CALLEE "\n"					\
"	sd	x\\n, 256+\\n*8(sp)\n"					\
"	.endr\n"
#define REGS_OUT							\
"	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
"	sd	x\\n, \\n*8(sp)\n"					\
"	.endr\n"							\
"	ld	t0, 0(sp)\n"						\
"	mv	t1, sp\n"						\
"	addi	t2, sp, 256\n"						\
"1:	ld	t3, 0(t1)\n"						\
"	sd	t3, 0(t0)\n"						\
"	addi	t1, t1, 8\n"						\
"	addi	t0, t0, 8\n"						\
"	bne	t1, t2, 1b\n"
#define REGS_END(name)							\
"	.irp n, " REGS_CALLEE "\n"					\
"	ld	x\\n, 256+\\n*8(sp)\n"					\
"	.endr\n"							\
"	addi	sp, sp, 512\n"						\
"	ret\n"								\
"	.size " name ", . - " name "\n"					\
"	.popsection\n"

/*
 * long regs_ecall(const struct pier_frame *f, const uint64_t in[32], uint64_t out[32]):
 * x1 and x3..x31 from in, ecall, then every register (a0 too) into out.
 */
__asm__(
REGS_BEGIN("regs_ecall")
"	sd	a2, 0(sp)\n"
"	mv	x31, a1\n"
"	.irp n, 1,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
"	ld	x\\n, \\n*8(x31)\n"
"	.endr\n"
"	ld	x31, 31*8(x31)\n"
"	ecall\n"
REGS_OUT
"	ld	a0, 10*8(sp)\n"
REGS_END("regs_ecall")
);

long regs_ecall(const struct pier_frame *f, const uint64_t in[32], uint64_t out[32]);

/*
 * void regs_spin(const uint64_t in[32], uint64_t out[32], uint64_t n):
 * x1 and x3..x30 from in, then x31 counts n down to 0, then every register
 * into out. n waits in slot 256 + 0.
 */
__asm__(
REGS_BEGIN("regs_spin")
"	sd	a1, 0(sp)\n"
"	sd	a2, 256(sp)\n"
"	mv	x31, a0\n"
"	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
"	ld	x\\n, \\n*8(x31)\n"
"	.endr\n"
"	ld	x31, 256(sp)\n"
"2:	addi	x31, x31, -1\n"
"	bnez	x31, 2b\n"
REGS_OUT
REGS_END("regs_spin")
);

void regs_spin(const uint64_t in[32], uint64_t out[32], uint64_t n);

/*
 * The FP registers: f0-f31 then fcsr, 33 words. The kernel lends the FPU
 * lazily (arch/riscv/fpu.c), so these also check that a port's values
 * come back after another port used the FPU, and that a new activation
 * starts with every FP register zero and fcsr 0 (nothing leaks in).
 */
#define FREGS "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"
#define FREGS_LOAD(base)						\
"	.irp n, " FREGS "\n"						\
"	fld	f\\n, \\n*8(" base ")\n"				\
"	.endr\n"							\
"	ld	t0, 256(" base ")\n"					\
"	fscsr	t0\n"
#define FREGS_STORE(base)						\
"	.irp n, " FREGS "\n"						\
"	fsd	f\\n, \\n*8(" base ")\n"				\
"	.endr\n"							\
"	frcsr	t0\n"							\
"	sd	t0, 256(" base ")\n"

/* long fregs_ecall(const struct pier_frame *f, const uint64_t in[33], uint64_t out[33]) */
__asm__(
"	.pushsection .text.fregs_ecall, \"ax\", @progbits\n"
"	.globl fregs_ecall\n"
"fregs_ecall:\n"
FREGS_LOAD("a1")
"	ecall\n"
FREGS_STORE("a2")
"	ret\n"
/* void fregs_spin(const uint64_t in[33], uint64_t out[33], uint64_t n) */
"	.globl fregs_spin\n"
"fregs_spin:\n"
FREGS_LOAD("a0")
"1:	addi	a2, a2, -1\n"
"	bnez	a2, 1b\n"
FREGS_STORE("a1")
"	ret\n"
/* void fregs_dump(uint64_t out[33]): as they are now */
"	.globl fregs_dump\n"
"fregs_dump:\n"
FREGS_STORE("a0")
"	ret\n"
/* void fregs_set(const uint64_t in[33]) */
"	.globl fregs_set\n"
"fregs_set:\n"
FREGS_LOAD("a0")
"	ret\n"
"	.popsection\n"
);

long fregs_ecall(const struct pier_frame *f, const uint64_t in[33], uint64_t out[33]);
void fregs_spin(const uint64_t in[33], uint64_t out[33], uint64_t n);
void fregs_dump(uint64_t out[33]);
void fregs_set(const uint64_t in[33]);

static int ffails;

/* A handler's first act: its FP registers must all be zero, fcsr too; then it leaves its own. */
static void fp_handler(const char *who, uint64_t seed)
{
	uint64_t d[33], mine[33];

	fregs_dump(d);
	for (int i = 0; i < 33; i++) {
		if (d[i] == 0)
			continue;
		printf("regs: FAIL %s started with %s%d = %lx\n", who, i < 32 ? "f" : "fcsr",
		       i < 32 ? i : 0, (unsigned long)d[i]);
		ffails++;
		break;
	}
	for (int i = 0; i < 32; i++)
		mine[i] = seed * (uint64_t)(i + 3);
	mine[32] = 0x9f;    /* round to nearest, ties to max magnitude; every flag */
	fregs_set(mine);
}

static int fails, checks;
static uint32_t p_hi, p_hi_reply, p_lo, p_sink_hi, p_sink_lo, p_tick_hi, p_tick_lo;
static unsigned hi_runs, lo_runs, sink_runs;
static volatile unsigned ticks_hi;

static int on_hi(const struct pier_packet *pkt)
{
	(void)pkt;
	fp_handler("on_hi", 0x1111ull << 40);
	hi_runs++;
	return 7;
}

/* Replies to the caller below it, then goes on before it returns. */
static int on_hi_reply(const struct pier_packet *pkt)
{
	static const uint8_t data[8] = "replied";

	(void)pkt;
	fp_handler("on_hi_reply", 0x2222ull << 40);
	hi_runs++;
	return pier_reply(0x100, data, sizeof(data)) == PIER_OK ? 0 : 1;
}

static int on_lo(const struct pier_packet *pkt)
{
	(void)pkt;
	fp_handler("on_lo", 0x3333ull << 40);
	lo_runs++;
	return 5;
}

static int on_sink(const struct pier_packet *pkt)
{
	(void)pkt;
	fp_handler("on_sink", 0x4444ull << 40);
	sink_runs++;
	return 0;
}

static int on_tick_hi(const struct pier_packet *pkt)
{
	(void)pkt;
	fp_handler("on_tick_hi", 0x5555ull << 40);
	ticks_hi++;
	return 0;
}

static int on_tick_lo(const struct pier_packet *pkt)
{
	(void)pkt;
	fp_handler("on_tick_lo", 0x6666ull << 40);
	return 0;
}

/* Every FP register and fcsr set through a spin that timer handlers (which use the FPU) may preempt. */
static void fspin(int *bad)
{
	uint64_t in[33], out[33];

	for (int i = 0; i < 32; i++)
		in[i] = 0x165667b19e3779f9ull * (uint64_t)(i + 1);
	in[32] = 3 << 5 | 0x15;
	memset(out, 0, sizeof(out));
	fregs_spin(in, out, 100000);
	for (int i = 0; i < 33 && !*bad; i++) {
		if (out[i] == in[i])
			continue;
		printf("regs: FAIL interrupted: %s%d = %lx, was %lx\n", i < 32 ? "f" : "fcsr",
		       i < 32 ? i : 0, (unsigned long)out[i], (unsigned long)in[i]);
		*bad = 1;
	}
}

/*
 * Every register set while timer interrupts come: a periodic timer for a
 * port above this one preempts the loop, one for a port below queues a
 * packet and lets it go on. Spins until two spins were preempted.
 */
static void interrupted(void)
{
	uint64_t in[32], out[32], id_hi, id_lo;
	unsigned spins = 0, hit = 0;
	int bad = 0, rc;

	rc = pier_timer_set(p_tick_hi, PIER_TIMER_RELATIVE, 1000, 1000, 0, &id_hi);
	if (rc == PIER_OK)
		rc = pier_timer_set(p_tick_lo, PIER_TIMER_RELATIVE, 1300, 1300, 0, &id_lo);
	if (rc != PIER_OK) {
		printf("regs: FAIL setting timers: %s\n", pier_strerror(rc));
		fails++;
		return;
	}
	for (int i = 0; i < 32; i++)
		in[i] = 0xd6e8feb86659fd93ull * (uint64_t)(i + 1);
	while (hit < 2 && spins < 1000 && !bad) {
		unsigned before = ticks_hi;

		memset(out, 0, sizeof(out));
		regs_spin(in, out, 100000);
		spins++;
		hit += ticks_hi != before;
		fspin(&bad);
		for (int i = 1; i < 31; i++) {
			if (i == 2 || out[i] == in[i])
				continue;
			printf("regs: FAIL interrupted: x%d = %lx, was %lx\n", i,
			       (unsigned long)out[i], (unsigned long)in[i]);
			bad = 1;
		}
	}
	pier_timer_cancel(id_hi);
	pier_timer_cancel(id_lo);
	if (hit < 2)
		printf("regs: FAIL %u of %u spins preempted by a timer, want 2\n", hit, spins), bad = 1;
	else
		printf("regs: %u spins, %u of them preempted by a timer\n", spins, hit);
	fails += bad;
}

/* The same ecall with every FP register and fcsr set: all must come back unchanged. */
static void fone(const char *what, int fast, struct pier_frame *f, long want)
{
	uint64_t in[33], out[33];
	long got;
	int bad = 0;

	for (int i = 0; i < 32; i++)
		in[i] = 0xc2b2ae3d27d4eb4full * (uint64_t)(i + 1) ^ (uint64_t)checks << 44;
	in[32] = (uint64_t)(checks % 5) << 5 | (uint64_t)(checks & 0x1f);   /* frm, fflags */
	memset(out, 0, sizeof(out));
	got = fregs_ecall(f, in, out);
	for (int i = 0; i < 33; i++) {
		if (out[i] == in[i])
			continue;
		printf("regs: FAIL %s (fast path %s, FP): %s%d = %lx, was %lx\n", what,
		       fast ? "on" : "off", i < 32 ? "f" : "fcsr", i < 32 ? i : 0,
		       (unsigned long)out[i], (unsigned long)in[i]);
		bad = 1;
	}
	if (got != want) {
		printf("regs: FAIL %s (fast path %s, FP): status %ld, want %ld\n", what,
		       fast ? "on" : "off", got, want);
		bad = 1;
	}
	fails += bad;
}

/* One ecall with every register set; each one but a0 must come back unchanged. */
static void one(const char *what, int fast, struct pier_frame *f, long want)
{
	uint64_t in[32], out[32];
	long got;
	int bad = 0;

	for (int i = 0; i < 32; i++)
		in[i] = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1) ^ (uint64_t)checks << 40;
	memset(out, 0, sizeof(out));
	got = regs_ecall(f, in, out);
	checks++;
	for (int i = 1; i < 32; i++) {
		if (i == 2 || i == 10 || out[i] == in[i])
			continue;
		printf("regs: FAIL %s (fast path %s): x%d = %lx, was %lx\n", what,
		       fast ? "on" : "off", i, (unsigned long)out[i], (unsigned long)in[i]);
		bad = 1;
	}
	if (got != want) {
		printf("regs: FAIL %s (fast path %s): status %ld, want %ld\n", what,
		       fast ? "on" : "off", got, want);
		bad = 1;
	}
	fails += bad;
	fone(what, fast, f, want);
}

static uint8_t rbuf[16];
static struct pier_frame f;

static struct pier_frame *frame(uint16_t op, uint32_t to, uint32_t type)
{
	f = (struct pier_frame){ .frmsz = sizeof(f), .flags = op, .dst = to,
				 .type = type, .rbuf = rbuf, .rbufsz = sizeof(rbuf) };
	return &f;
}

static void cases(int fast)
{
	struct pier_fastpath_req req = { .on = (uint32_t)fast };
	struct pier_fastpath out;

	frame(PIER_OP_CALL, PIER_H_DEBUG, PIER_DEBUG_FASTPATH);
	f.pkt = &req;
	f.pktsz = sizeof(req);
	f.rbuf = &out;
	f.rbufsz = sizeof(out);
	one("switching the fast path", fast, &f, PIER_OK);

	one("a kernel call", fast, frame(PIER_OP_CALL, PIER_H_DEBUG, PIER_DEBUG_NOP), PIER_OK);
	one("a kernel call of an unknown type", fast,
	    frame(PIER_OP_CALL, PIER_H_DEBUG, 999), PIER_E_TYPE);
	one("a send to a lower port", fast, frame(PIER_OP_SEND, p_sink_lo, 1), PIER_OK);
	one("a send to a higher port, which runs first", fast,
	    frame(PIER_OP_SEND, p_sink_hi, 1), PIER_OK);
	one("a call to a higher port", fast, frame(PIER_OP_CALL, p_hi, 1), 7);
	one("a call answered by a reply", fast, frame(PIER_OP_CALL, p_hi_reply, 1), PIER_OK);
	one("a call to a lower port", fast, frame(PIER_OP_CALL, p_lo, 1), 5);
	frame(PIER_OP_CALL, p_hi, 1)->frmsz = 8;
	one("a frame of the wrong size", fast, &f, PIER_E_FRAME_SIZE);
	one("a call to no such handle", fast, frame(PIER_OP_CALL, 999, 1), PIER_E_HANDLE);
	one("a send with an unknown flag", fast, frame(PIER_OP_SEND | 0x100, p_sink_lo, 1),
	    PIER_E_FLAGS);
}

int main(void)
{
	int rc = pier_port_create(on_hi, 12, 0, 0, &p_hi);

	if (rc == PIER_OK)
		rc = pier_port_create(on_hi_reply, 12, 0, 0, &p_hi_reply);
	if (rc == PIER_OK)
		rc = pier_port_create(on_lo, 4, 0, 0, &p_lo);
	if (rc == PIER_OK)
		rc = pier_port_create(on_sink, 12, 4, 0, &p_sink_hi);
	if (rc == PIER_OK)
		rc = pier_port_create(on_sink, 4, 4, 0, &p_sink_lo);
	if (rc == PIER_OK)
		rc = pier_port_create(on_tick_hi, 12, 4, 0, &p_tick_hi);
	if (rc == PIER_OK)
		rc = pier_port_create(on_tick_lo, 4, 4, 0, &p_tick_lo);
	if (rc != PIER_OK) {
		printf("regs: FAIL making ports: %s\n", pier_strerror(rc));
		return 1;
	}
	cases(1);
	cases(0);
	cases(1);
	interrupted();
	if (hi_runs != 12 || lo_runs != 6)
		printf("regs: FAIL handlers ran %u and %u times, want 12 and 6\n", hi_runs, lo_runs), fails++;
	fails += ffails;
	printf("regs: %d ecalls, %d with a register changed\n", checks, fails);
	if (!fails)
		printf("regs: done\n");
	pier_exit(fails ? 1 : 0);   /* its ports would keep it alive */
}
