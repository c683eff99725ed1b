/* The saved user registers of one activation, and how generic code sets them. */
#ifndef CONTEXT_H
#define CONTEXT_H

/* Offsets used by trap.S. */
#define CTX_PC 0          /* x0 is always zero, so its slot holds the pc */
#define CTX_FRESH (32 * 8) /* nonzero: a new activation, see ctx_start */
#define CTX_SIZE (33 * 8)
/* A system call's frame (struct pier_frame) as trap.S reads it: its
 * size, and the bits of a user address (Sv39's lower half). */
#define FRAME_SIZE 56
#define USER_VA_BITS 38

#ifndef __ASSEMBLY__
#include <stdint.h>

struct context {
	uint64_t x[32];       /* x[0] = pc, x[1..31] = registers */
	uint64_t fresh;       /* only pc, sp, a0 and a1 hold values; the rest start zero */
};

_Static_assert(sizeof(struct context) == CTX_SIZE, "trap.S offsets");

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
	c->fresh = 1;
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
