/* The benchmark's RISC-V instruction sequences: counter reads placed exactly around what they time. */
#ifndef BENCH_INSN_H
#define BENCH_INSN_H

/*
 * apps/bench counts guest instructions with rdinstret under QEMU -icount
 * (docs/performance.md). Each sequence here is written so that nothing
 * the compiler chooses can fall between a counter read and what it
 * times; a port of the benchmark to another architecture supplies the
 * same functions.
 */
#include <stdint.h>
#include <pier/frame.h>

static inline uint64_t instret(void)
{
	uint64_t t;

	__asm__ volatile("rdinstret %0" : "=r"(t));
	return t;
}

/* The same, ordered with memory accesses around it (the compiler moves none across). */
static inline uint64_t instret_ordered(void)
{
	uint64_t t;

	__asm__ volatile("rdinstret %0" : "=r"(t) :: "memory");
	return t;
}

static inline uint64_t time_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Two counter reads back to back: what one read costs. */
static inline uint64_t instret_pair(void)
{
	uint64_t a, b;

	__asm__ volatile("rdinstret %0\n\trdinstret %1" : "=&r"(a), "=r"(b));
	return b - a;
}

/* 100 nops between two reads: 100 under an exact counter. */
static inline uint64_t instret_nops100(void)
{
	uint64_t a, b;

	__asm__ volatile("rdinstret %0\n\t.rept 100\n\tnop\n\t.endr\n\trdinstret %1"
			 : "=&r"(a), "=r"(b));
	return b - a;
}

/*
 * The one system call with the counter read right before and right after
 * the ecall instruction, nothing between. The kernel keeps every register
 * but a0, so only a0 and memory are clobbered.
 */
static inline int timed_ecall(struct pier_frame *f, uint64_t *before,
			      uint64_t *after)
{
	register uintptr_t a0 __asm__("a0") = (uintptr_t)f;
	uint64_t t0, t1;

	__asm__ volatile("rdinstret %1\n\tecall\n\trdinstret %2"
			 : "+r"(a0), "=&r"(t0), "=&r"(t1) : : "memory");
	*before = t0;
	*after = t1;
	return (int)a0;
}

/* The counter, then a zero stored to reg at once (a device register whose write raises an interrupt). */
static inline uint64_t instret_then_store0(volatile uint32_t *reg)
{
	uint64_t u;

	__asm__ volatile("rdinstret %0\n\tsw zero, 0(%1)"
			 : "=&r"(u) : "r"(reg) : "memory");
	return u;
}

/* Issue frame f (a reply) with the counter stored in its type field: the stamp, one store, the ecall. */
static inline int ecall_stamped_type(struct pier_frame *f)
{
	register uintptr_t a0 __asm__("a0") = (uintptr_t)f;

	__asm__ volatile("rdinstret t0\n\tsw t0, %1(%0)\n\tecall"
			 : "+r"(a0) : "i"(__builtin_offsetof(struct pier_frame, type))
			 : "t0", "memory");
	return (int)a0;
}

#define BENCH_EDGE_LOOP 3       /* instructions in tick_edge's loop */
#define BENCH_SLED 128          /* the most nops pad_nops runs */

/* Spin until the time CSR moves on: the new tick, and *at the instret of the read that saw it. */
static inline uint64_t tick_edge(uint64_t *at)
{
	uint64_t t0, t, i;

	__asm__ volatile("rdtime %0\n"
			 "1:\trdinstret %2\n\t"
			 "rdtime %1\n\t"
			 "beq %1, %0, 1b"
			 : "=&r"(t0), "=&r"(t), "=&r"(i));
	*at = i + 1;
	return t;
}

/*
 * tick_edge, then nops so that the code after it runs at the same point
 * of the tick, whichever instruction of the loop saw the edge: the read
 * came d = 0, 1 or 2 after it, and the jump skips d of two nops. ipt:
 * instructions per tick.
 */
static inline uint64_t tick_align(uint64_t ipt)
{
	uint64_t t0, t, i, d;

	__asm__ volatile("rdtime %0\n"
			 "1:\trdinstret %2\n\t"
			 "rdtime %1\n\t"
			 "beq %1, %0, 1b\n\t"
			 "mul %3, %1, %4\n\t"
			 "sub %3, %2, %3\n\t"
			 "addi %3, %3, 1\n\t"	/* d */
			 "slli %3, %3, 2\n\t"
			 "lla t0, 2f\n\t"
			 "add t0, t0, %3\n\t"
			 "jr t0\n\t"
			 ".option push\n\t"
			 ".option norvc\n"
			 "2:\tnop\n\t"
			 "nop\n\t"
			 ".option pop"
			 : "=&r"(t0), "=&r"(t), "=&r"(i), "=&r"(d)
			 : "r"(ipt) : "t0");
	return t;
}

#define BENCH_STR(x) #x
#define BENCH_XSTR(x) BENCH_STR(x)

/* Exactly n nops (n < BENCH_SLED), whatever n is: a jump into a sled of them. */
static inline void pad_nops(uint64_t n)
{
	__asm__ volatile("lla t0, 2f\n\t"
			 "slli t1, %0, 2\n\t"
			 "sub t0, t0, t1\n\t"
			 "jr t0\n\t"
			 ".option push\n\t"
			 ".option norvc\n\t"
			 ".rept " BENCH_XSTR(BENCH_SLED) "\n\t"
			 "nop\n\t"
			 ".endr\n"
			 "2:\n\t"
			 ".option pop"
			 : : "r"(n) : "t0", "t1", "memory");
}

#endif
