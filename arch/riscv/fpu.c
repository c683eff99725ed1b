/* Floating point for user code: the FPU lent lazily to one context at a time with sstatus.FS. */
#include <stddef.h>
#include "csr.h"
#include "context.h"
#include "fpu.h"

/*
 * The FPU's registers belong to at most one context, fpu_owner, and stay
 * in the CPU when it stops running: nothing is saved or loaded on a
 * switch. sstatus.FS is Off whenever a context other than the owner runs
 * (so its FP instructions trap), and on (Clean or Dirty) while the owner
 * runs. A context's first FP instruction traps (fpu_trap): the owner's
 * registers are saved into it if they changed since last saved
 * (fpu_unsaved, learnt from FS = Dirty), and the new owner's are loaded
 * from its context, or zeroed if this activation had none (ctx_start
 * clears fp). So a port that never uses FP costs nothing, and two that do
 * pay one trap and one save/load each time they take the FPU from each
 * other. No context ever sees another's registers: a new owner's are
 * always loaded or zeroed. The kernel itself never uses the FPU (it is
 * built without F and D).
 *
 * Lifetimes: fpu_owner is not a reference; fpu_forget clears it before
 * the port holding the context is freed. One hart: no locking.
 */
bool fpu_present;
struct context *fpu_owner;
static bool fpu_unsaved;

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

/* c's activation ran an FP instruction with FS Off: give it the FPU. */
bool fpu_trap(struct context *c)
{
	if (!fpu_present || (csr_read(sstatus) & SSTATUS_FS) != FS_OFF)
		return false;   /* no FPU, or it was on: the instruction is illegal as such */
	fs_set(FS_DIRTY);
	if (fpu_owner != c) {
		if (fpu_owner && fpu_unsaved)
			fpu_save(fpu_owner);
		fpu_owner = c;
		fpu_unsaved = false;
		if (c->fp)
			fpu_load(c);
		else
			fpu_zero();
	} else if (!c->fp) {
		fpu_zero();     /* the owner's new activation: the last one's values go */
		fpu_unsaved = false;
	}
	c->fp = 1;
	fs_set(fpu_unsaved ? FS_DIRTY : FS_CLEAN);
	return true;
}

/*
 * From trap.S, before any return to user mode while there is an owner:
 * next is about to run. The owner's still-valid state gets FS on again;
 * anyone else runs with FS Off, and the owner's changes are noted.
 */
void fpu_switch(struct context *next)
{
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS;

	if (next == fpu_owner && next->fp && !next->fresh) {
		if (fs == FS_OFF)
			fs_set(fpu_unsaved ? FS_DIRTY : FS_CLEAN);
		return;
	}
	if (fs == FS_DIRTY)
		fpu_unsaved = true;
	if (fs != FS_OFF)
		fs_set(FS_OFF);
}

/* c goes away: the FPU is nobody's (its registers are zeroed or loaded before anyone reads them). */
void fpu_forget(struct context *c)
{
	if (fpu_owner != c)
		return;
	fpu_owner = NULL;
	fpu_unsaved = false;
	fs_set(FS_OFF);
}
