/* fpu: hardware floating point in two spaces that preempt each other gives bit-exact results. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * The parent computes two FP-heavy results itself (one rounding to
 * nearest, one rounding down), then starts two children at one priority,
 * each computing one of them. Equal priorities share the CPU in 10 ms
 * slices, so each child's FP registers and fcsr must survive the other's
 * use of the FPU (arch/riscv/fpu.c lends it lazily). Each child reports
 * its progress four times and its result at the end; the parent checks
 * that the progress interleaved (they did preempt each other) and that
 * every bit of each result, and the rounding mode and flags, match.
 *
 * A third child sets the reserved rounding mode 5 and adds: an FP
 * instruction illegal with the FPU on must be a fault (cause 2), not a
 * loop of traps that lend it the FPU again and again. A fourth uses the
 * FPU, then runs a vector instruction (no vector unit for user code):
 * a fault too, after which the two workers must still get the FPU.
 *
 * With "nofpu" (a hart without F and D): one FP instruction in a child
 * must be a fault that the kernel reports as such, and the parent,
 * integer-only, runs on.
 */
#define MSG_PROGRESS 100
#define MSG_RESULT 101
#define N 4000000l

struct result {
	uint64_t mode, sum, prod, flt, fcsr;
};

static int fails;
static struct result want[2], got[2];
static int have, progress_seen[2], interleaved, faults;
static uint64_t kids[4];
static int nofpu;

static void check(const char *what, long g, long w)
{
	if (g == w) {
		printf("fpu: PASS %s\n", what);
	} else {
		printf("fpu: FAIL %s: got %ld want %ld\n", what, g, w);
		fails++;
	}
}

/* rounding mode 0: to nearest, even; 2: down. Sums, fused multiply-adds, square roots, single precision. */
static void work(int mode, struct result *r, int report)
{
	double s = 0, t = 1.0;
	float f = 0;
	uint64_t fcsr, m = (uint64_t)mode;

	__asm__ volatile("fscsr zero\n\tfsrm %0" :: "r"((uint64_t)mode));
	for (long i = 1; i <= N; i++) {
		double d = (double)i;

		s += 1.0 / (d * d);
		t = __builtin_fma(t, 1.0000001, -1e-9 * __builtin_sqrt(s));
		f += (float)(s / d);
		if (report && (i % (N / 4)) == 0)
			pier_send(PIER_H_PARENT, MSG_PROGRESS, &m, sizeof(m));
	}
	__asm__ volatile("frcsr %0" : "=r"(fcsr));
	r->mode = (uint64_t)mode;
	memcpy(&r->sum, &s, 8);
	memcpy(&r->prod, &t, 8);
	r->flt = 0;
	memcpy(&r->flt, &f, 4);
	r->fcsr = fcsr;
}

static void done(void)
{
	for (int k = 0; k < 2 && nofpu; k++)     /* stopped by their faults: end them */
		check("kill a faulted child", pier_kill(kids[k]), PIER_OK);
	for (int k = 2; k < 4 && !nofpu; k++)
		check("kill a faulted child", pier_kill(kids[k]), PIER_OK);
	printf("fpu: done\n");
	pier_exit(fails);
}

static int on_child(const struct pier_packet *pkt)
{
	if (pkt->type == PIER_MSG_ENDED)
		return 0;
	if (pkt->type == PIER_MSG_FAULT && !nofpu) {
		struct pier_fault f;

		memcpy(&f, pkt->data, sizeof(f));
		check("an illegal instruction with the FPU on is a fault", (long)f.cause, 2);
		check("from the rounding or the vector child",
		      f.space == kids[2] || f.space == kids[3], 1);
		faults++;
		return 0;
	}
	if (pkt->type == PIER_MSG_FAULT && nofpu) {
		struct pier_fault f;

		memcpy(&f, pkt->data, sizeof(f));
		check("a child's FP instruction is an illegal-instruction fault", (long)f.cause, 2);
		if (++faults == 2) {
			printf("fpu: integer code runs on: %d\n", 6 * 7);
			done();
		}
		return 0;
	}
	if (pkt->type == MSG_PROGRESS && pkt->size == 8) {
		uint64_t m;

		memcpy(&m, pkt->data, 8);
		int k = m != 0;

		progress_seen[k]++;
		/* The other one is part way: this one's step came between two of its own. */
		if (progress_seen[!k] > 0 && progress_seen[!k] < 4)
			interleaved |= 1 << k;
		return 0;
	}
	if (pkt->type != MSG_RESULT || pkt->size != sizeof(struct result)) {
		printf("fpu: FAIL unexpected packet type %u size %u\n", pkt->type, pkt->size);
		fails++;
		return 0;
	}
	struct result r;

	memcpy(&r, pkt->data, sizeof(r));
	int k = r.mode != 0;

	got[k] = r;
	if (++have < 2)
		return 0;
	check("the rounding and the vector child faulted", faults, 2);
	for (k = 0; k < 2; k++) {
		printf("fpu: mode %lu sum %016lx prod %016lx float %08lx fcsr %02lx\n",
		       (unsigned long)got[k].mode, (unsigned long)got[k].sum,
		       (unsigned long)got[k].prod, (unsigned long)got[k].flt,
		       (unsigned long)got[k].fcsr);
		check("result bit-exact", !memcmp(&got[k], &want[k], sizeof(want[k])), 1);
	}
	check("the results differ by rounding mode", want[0].sum != want[1].sum, 1);
	check("the two children preempted each other", interleaved, 3);
	done();
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t port;

	if (argc > 2 && !strcmp(argv[1], "child") && argv[2][0] == 'r') {
		double x = 1.0;

		/* frm = 5 is reserved: an instruction that rounds dynamically is illegal. */
		__asm__ volatile("fsrmi 5\n\tfadd.d %0, %0, %0" : "+f"(x));
		pier_send(PIER_H_PARENT, MSG_RESULT, &x, sizeof(x));
		return 1;
	}
	if (argc > 2 && !strcmp(argv[1], "child") && argv[2][0] == 'v') {
		double x = 1.0;

		__asm__ volatile("fadd.d %0, %0, %0" : "+f"(x));   /* it owns the FPU */
		/* vsetvli t0, zero, e32, m1, ta, ma: illegal with FS on, and not FP */
		__asm__ volatile(".word 0x0d0072d7" ::: "t0");
		pier_send(PIER_H_PARENT, MSG_RESULT, &x, sizeof(x));
		return 1;
	}
	if (argc > 2 && !strcmp(argv[1], "child")) {
		struct result r;

		work(argv[2][0] == 'd' ? 2 : 0, &r, 1);
		pier_send(PIER_H_PARENT, MSG_RESULT, &r, sizeof(r));
		return 0;
	}
	nofpu = argc > 1 && !strcmp(argv[1], "nofpu");
	if (!nofpu) {
		work(0, &want[0], 0);
		work(2, &want[1], 0);
	}
	check("create the parent's port", pier_port_create(on_child, 12, PIER_DEPTH_MAX, 0, &port),
	      PIER_OK);
	check("supervise", pier_supervise(port), PIER_OK);
	check("spawn the nearest child", pier_spawn("fpu child n", 2, port, &kids[0]), PIER_OK);
	check("spawn the downward child", pier_spawn("fpu child d", 2, port, &kids[1]), PIER_OK);
	if (!nofpu)
		check("spawn the rounding child", pier_spawn("fpu child r", 4, port, &kids[2]),
		      PIER_OK);
	if (!nofpu)
		check("spawn the vector child", pier_spawn("fpu child v", 4, port, &kids[3]),
		      PIER_OK);
	return 0;
}
