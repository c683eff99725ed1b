/* picolibc's lock hooks (__retarget_lock_*) on pier_mutex: its buffered FILEs and its own global lock. */

/*
 * The picolibc this runtime links is built with _RETARGETABLE_LOCKING:
 * its buffered streams (fopen, fdopen: tinystdio's bufio) lock each FILE
 * around every call, and its one global recursive lock guards the
 * environment (getenv, setenv), the time zone (tzset, localtime, mktime,
 * strftime), atexit and arc4random. Its own versions of these hooks do
 * nothing; these take a pier_mutex, so ports of one program preempting
 * each other inside those calls wait instead of corrupting the state.
 * Every name picolibc's lock object defines is defined here, so that
 * object is never linked beside this one.
 *
 * stdout and stderr are not bufio streams (lib/stdio.c has its own lock).
 *
 * The linker would take picolibc's do-nothing hooks when its own objects
 * ask for them first, as they do (fdopen, getenv), so lib/crt0.c, which
 * every program links, refers to this file. For that reason it needs no
 * malloc: a FILE's lock comes from a static pool as large as the table
 * of open files (lib/posix_file.c), so every FILE that can be open has
 * one; should the pool still run dry, that FILE runs unlocked, as it
 * would with picolibc's own hooks.
 *
 * A recursive lock must know whether its owner asks again. Ports of a
 * space share everything a thread library would use for that (tp points
 * at one TLS block for all), but not their stacks: each is its own
 * region with PIER_STACK_GUARD_PAGES unmapped below it. So the owner is
 * named by where its stack pointer was when it took the lock: a port
 * whose stack pointer is at most that and less than a guard gap below it
 * is the owner, deeper in the same calls. Any other port's stack lies
 * wholly above the owner's (so above that address) or wholly below its
 * guard gap (so a gap or more below it). The owner nesting more than
 * 256 KiB deeper than where it first took the lock would be taken for
 * another port and wait for itself; picolibc's nesting is a few frames.
 */
#include <sys/lock.h>
#include <libpier.h>
#include "mutex_core.h"

#define OWNER_SPAN ((uintptr_t)PIER_STACK_GUARD_PAGES * 4096u)

#define FILE_LOCKS 16       /* FILES_MAX of lib/posix_file.c */

/* Lifetime: the global one is static; a FILE's is taken from the pool by
 * its fdopen and given back by its fclose. owner and depth: recursive
 * locks only, changed by the holder alone (read by others, who only
 * compare them). */
struct __lock {
	struct pier_mutex m;
	uintptr_t owner;    /* the holder's stack pointer when it took it; 0 when free */
	unsigned depth;     /* how many times the holder has taken it */
	uint32_t taken;     /* a pool entry: 1 while a FILE has it */
};

struct __lock __lock___libc_recursive_mutex;
static struct __lock pool[FILE_LOCKS];

static const char who[] = "libc lock";

static uintptr_t stack_here(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = NULL;
	for (unsigned i = 0; i < FILE_LOCKS; i++) {
		uint32_t free_entry = 0;

		if (__atomic_compare_exchange_n(&pool[i].taken, &free_entry, 1, 0,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			pool[i].m = (struct pier_mutex)PIER_MUTEX_INIT;
			pool[i].owner = 0;
			pool[i].depth = 0;
			*lock = &pool[i];
			return;
		}
	}
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

/* A FILE's lock goes back free: fclose took it last, and nobody else
 * may use a FILE being closed. */
void __retarget_lock_close(_LOCK_T lock)
{
	if (lock && lock != &__lock___libc_recursive_mutex)
		__atomic_store_n(&lock->taken, 0, __ATOMIC_RELEASE);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	__retarget_lock_close(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	if (lock)
		mutex_lock_or_exit(&lock->m, who);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return !lock || pier_mutex_trylock(&lock->m) == PIER_OK;
}

void __retarget_lock_release(_LOCK_T lock)
{
	if (lock)
		mutex_unlock_or_exit(&lock->m, who);
}

static int held_by_me(const struct __lock *lock, uintptr_t sp)
{
	uintptr_t owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);

	return owner && sp <= owner && owner - sp < OWNER_SPAN;
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	uintptr_t sp = stack_here();

	if (!lock)
		return;
	if (held_by_me(lock, sp)) {
		lock->depth++;
		return;
	}
	mutex_lock_or_exit(&lock->m, who);
	lock->depth = 1;
	__atomic_store_n(&lock->owner, sp, __ATOMIC_RELAXED);
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	uintptr_t sp = stack_here();

	if (!lock)
		return 1;
	if (held_by_me(lock, sp)) {
		lock->depth++;
		return 1;
	}
	if (pier_mutex_trylock(&lock->m) != PIER_OK)
		return 0;
	lock->depth = 1;
	__atomic_store_n(&lock->owner, sp, __ATOMIC_RELAXED);
	return 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (!lock || lock->depth == 0)
		return;
	if (--lock->depth == 0) {
		__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
		mutex_unlock_or_exit(&lock->m, who);
	}
}
