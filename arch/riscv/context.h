/* The saved user registers of one activation, and how generic code sets them. */
#ifndef CONTEXT_H
#define CONTEXT_H

/* Offsets used by trap.S. */
#define CTX_PC 0          /* x0 is always zero, so its slot holds the pc */
#define CTX_FRESH (32 * 8) /* 32 bits, nonzero: a new activation, see ctx_start */
#define CTX_FP (32 * 8 + 4) /* 32 bits, nonzero: this activation has FP state (fpu.c) */
#define CTX_F (33 * 8)     /* f0-f31, then fcsr: saved only while another context owns the FPU */
#define CTX_SIZE (66 * 8)
/* A system call's frame (struct pier_frame) as trap.S reads it: its
 * size, and the bits of a user address (Sv39's lower half). */
#define FRAME_SIZE 56
#define USER_VA_BITS 38

#ifndef __ASSEMBLY__
#include <stdint.h>

/*
 * fresh and fp share one 64-bit word, so ctx_start's one store both
 * marks the activation new and forgets its FP state: a new activation
 * starts with FP registers zero and fcsr 0 (fpu.c), at no cost to a call.
 */
struct context {
	uint64_t x[32];       /* x[0] = pc, x[1..31] = registers */
	union {
		uint64_t start;       /* written whole by ctx_start */
		struct {
			uint32_t fresh; /* only pc, sp, a0 and a1 hold values; the rest start zero */
			uint32_t fp;    /* FP state: in f[] or, if this is fpu_owner, in the FPU */
		};
	};
	uint64_t f[32];       /* f0-f31 (fpu.c: valid when fp is set and another owns the FPU) */
	uint64_t fcsr;
};

_Static_assert(sizeof(struct context) == CTX_SIZE, "trap.S offsets");
_Static_assert(__builtin_offsetof(struct context, fp) == CTX_FP, "trap.S offsets");
_Static_assert(__builtin_offsetof(struct context, f) == CTX_F, "fpu.S offsets");

#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A1 11

/*
 * A fresh activation: every register but these four starts zero, so
 * nothing leaks between spaces. trap.S zeroes them on the way out (which
 * is cheaper than clearing the context here and loading it there); until
 * the activation first traps, the other slots of x[] mean nothing.
 */
static inline void ctx_start(struct context *c, uint64_t pc, uint64_t sp,
			     uint64_t a0, uint64_t a1)
{
	c->start = 1;         /* fresh = 1, fp = 0 (little-endian) */
	c->x[0] = pc;
	c->x[REG_SP] = sp;
	c->x[REG_A0] = a0;
	c->x[REG_A1] = a1;
}

static inline uint64_t ctx_arg0(const struct context *c)
{
	return c->x[REG_A0];
}

static inline void ctx_set_result(struct context *c, int64_t v)
{
	c->x[REG_A0] = (uint64_t)v;
}

static inline uint64_t ctx_pc(const struct context *c)
{
	return c->x[0];
}
#endif

#endif
