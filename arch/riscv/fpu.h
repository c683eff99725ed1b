/* The lazily switched FPU (fpu.c): who owns it, and the trap that lends it. */
#ifndef FPU_H
#define FPU_H

#include <stdbool.h>
#include <stdint.h>

struct context;

/* The boot hart has F and D (its riscv,isa says so); set once by fpu_init. */
extern bool fpu_present;
/* The context whose values the FPU's registers hold, or NULL. */
extern struct context *fpu_owner;

extern uint8_t fpu_dirty, fpu_was_on;

void fpu_init(bool present);
/* An FP instruction trapped in c: true if c now has the FPU and may run
 * it again; false if it is a fault (no FPU here, or FS was on). */
bool fpu_trap(struct context *c, bool was_on);
void fpu_forget(struct context *c);
/* trap.S: the trap vector while the owner runs with FS on. */
void trap_entry_fp(void);
/* fpu.S */
void fpu_save(struct context *c);
void fpu_load(const struct context *c);
void fpu_zero(void);

#endif
