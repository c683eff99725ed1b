/* Floating point for user code: the FPU lent lazily to one context at a time with sstatus.FS. */
#include <stddef.h>
#include "csr.h"
#include "context.h"
#include "fpu.h"

/*
 * The FPU's registers belong to at most one context, fpu_owner, and stay
 * in the CPU when it stops running: nothing is saved or loaded on a
 * switch. sstatus.FS is off except from fpu_trap to the owner's next trap
 * into the kernel, which turns it off again (trap_entry_fp in trap.S,
 * the vector while FS is on). So any context's FP instruction after a
 * kernel entry traps here: the owner's just gets FS on again, another's
 * takes the FPU, saving the owner's registers into its context only if
 * they changed since they were last saved (fpu_dirty, from FS = Dirty),
 * and loading the new owner's from its context, or zeroes if this
 * activation had none (ctx_start clears fp). A port that never uses FP
 * costs nothing, not even on a switch; one that does pays a trap for its
 * first FP instruction after each entry into the kernel, and a save and
 * a load only when another port used the FPU in between. No context ever
 * sees another's registers: a new owner's are always loaded or zeroed.
 * The kernel itself never uses the FPU (it is built without F and D).
 *
 * Lifetimes: fpu_owner is not a reference; fpu_forget clears it before
 * the port holding the context is freed. One hart: no locking.
 */
bool fpu_present;
struct context *fpu_owner;
uint8_t fpu_dirty;      /* the FPU holds values fpu_owner's context does not (trap.S sets it) */
uint8_t fpu_was_on;     /* trap.S: this illegal instruction was taken with FS on */

#define FS_OFF   (0ul << 13)
#define FS_CLEAN (2ul << 13)
#define FS_DIRTY (3ul << 13)

static inline void fs_set(uint64_t fs)
{
	csr_clear(sstatus, SSTATUS_FS);
	if (fs)
		csr_set(sstatus, fs);
}

void fpu_init(bool present)
{
	fpu_present = present;
	fs_set(FS_OFF);
}

/*
 * c's activation ran an illegal instruction that needs the FPU: give c
 * the FPU and return true, to run it again with FS on (trap_entry_fp
 * the vector until c next traps). False if it is a fault: no FPU here,
 * or FS was on already (was_on, from fpu_was_on), so the FPU's absence
 * did not make it illegal.
 */
bool fpu_trap(struct context *c, bool was_on)
{
	if (!fpu_present || was_on)
		return false;
	fs_set(FS_DIRTY);
	if (fpu_owner != c) {
		if (fpu_owner && fpu_dirty)
			fpu_save(fpu_owner);
		fpu_owner = c;
		fpu_dirty = 0;
		if (c->fp)
			fpu_load(c);
		else
			fpu_zero();
	} else if (!c->fp) {
		fpu_zero();     /* the owner's new activation: the last one's values go */
		fpu_dirty = 0;
	}
	c->fp = 1;
	fs_set(fpu_dirty ? FS_DIRTY : FS_CLEAN);
	csr_write(stvec, trap_entry_fp);
	return true;
}

/* c goes away: the FPU is nobody's (its registers are zeroed or loaded before anyone reads them). */
void fpu_forget(struct context *c)
{
	if (fpu_owner != c)
		return;
	fpu_owner = NULL;
	fpu_dirty = 0;
	fs_set(FS_OFF);         /* off already: the kernel was entered since */
}
