/* A user address space's page tables: the interface generic code uses; arch/ implements it. */
#ifndef VM_H
#define VM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* User space is the lower half of Sv39: [0, USER_END). */
#define USER_END 0x4000000000ul
/* The kernel half begins here; anything from here up is kernel memory. */
#define KERNEL_BASE 0xffffffc000000000ul

#define VM_R 1u
#define VM_W 2u
#define VM_X 4u
#define VM_DEV 8u       /* vm_query: device registers, not RAM (no direct-map address) */

/*
 * A space's account (docs/design.md, "One resource model"): everything the
 * kernel holds because the space asked is charged here, and quota bounds
 * the sum (vm_used). Whole pages: user pages, page tables, ports' kernel
 * memory; small objects (the space itself, handle-table entries, timers)
 * in bytes; and the quotas handed on to child spaces, which come out of
 * this one's.
 */
struct vm {
	uint64_t root_pa;       /* root page table; its upper half is the kernel's */
	size_t pages;           /* user pages mapped (not counting page tables) */
	size_t table_pages;     /* page-table pages, root included */
	size_t kpages;          /* kernel objects charged to the space, in pages */
	size_t kbytes;          /* small kernel objects charged to it, in bytes */
	size_t given;           /* pages of quota given to its children */
	size_t reserved;        /* pages kept for its image's pages not loaded yet (image.h) */
	size_t quota;           /* most vm_used(); 0 = no limit */
	uint32_t asid;          /* its TLB tag in generation asid_gen (arch/) */
	uint64_t asid_gen;
	uint64_t wok[2];        /* pages lately found user-writable (uaccess); ~0 = none */
	uint32_t reap_next;     /* vm_reap: the root entry it has reached */
	uint64_t cpu_ticks;     /* timer ticks its tables were on the CPU (vm_cpu_charge) */
};

/* The space whose page tables the CPU uses now, or NULL for the kernel's own. */
extern struct vm *vm_active;

/*
 * CPU time per space: each switch of page tables (arch/, vm_switch.h)
 * charges the space leaving the CPU the ticks since vm_cpu_since: one
 * time CSR read and an add per switch, nothing on calls within a space.
 * Kernel work done while a space's tables are loaded (its requests, and
 * interrupts that arrive meanwhile) is charged to it. Idle time is not:
 * the idle loop charges up to the wait (vm_cpu_charge) and starts the
 * count again after it (vm_cpu_restart).
 */
extern uint64_t vm_cpu_since;
void vm_cpu_charge(void);
void vm_cpu_restart(void);

/* Pages charged to the space: the sum its quota bounds. */
static inline size_t vm_used(const struct vm *vm)
{
	return vm->pages + vm->table_pages + vm->kpages + vm->given + vm->reserved +
	       (vm->kbytes + 4095) / 4096;
}

/* May the space take n more pages? */
static inline int vm_charge_ok(const struct vm *vm, size_t n)
{
	return !vm->quota || vm_used(vm) + n <= vm->quota;
}

/* May it take bytes more of small kernel objects? */
static inline int vm_charge_bytes_ok(const struct vm *vm, size_t bytes)
{
	return !vm->quota || vm->pages + vm->table_pages + vm->kpages + vm->given +
	       (vm->kbytes + bytes + 4095) / 4096 <= vm->quota;
}

int vm_init(struct vm *vm);
/* Map npages fresh zeroed pages at va; all or nothing. */
int vm_map_anon(struct vm *vm, uint64_t va, size_t npages, unsigned perm);
/*
 * A touch of va where the space grows on demand (a handler stack): a
 * fresh zeroed R+W page there, charged like any (PIER_E_QUOTA,
 * PIER_E_NOMEM), and no stale translation of it left; PIER_OK at once if
 * an R+W page is there already, PIER_E_UNMAPPED if another kind is. The
 * caller decides that va may grow.
 */
int vm_fault_in(struct vm *vm, uint64_t va);
/*
 * A touch of va, where a program's image is loaded on demand
 * (kernel/image.c): a fresh page holding n bytes from src at offset at
 * and zeroes around them, mapped with perm, charged like any
 * (PIER_E_QUOTA, PIER_E_NOMEM), no stale translation left. PIER_OK at
 * once if a page whose permissions allow need (VM_R/W/X) is there
 * already, PIER_E_UNMAPPED if another is. The caller decides what va
 * holds.
 */
int vm_fault_load(struct vm *vm, uint64_t va, unsigned perm, unsigned need,
		  const void *src, size_t at, size_t n);
/* Map npages of device registers from pa at va; they are never freed. */
int vm_map_device(struct vm *vm, uint64_t va, uint64_t pa, size_t npages);
/*
 * Map the npages that from maps at from_va at va in vm too, with perm (R
 * or R+W; X is PIER_E_ARG): all or nothing. Each must be a mapped page of
 * RAM, writable in from if perm has W (PIER_E_UNMAPPED otherwise); they
 * count as vm's pages (PIER_E_NOMEM over its quota), each takes a page
 * reference (PIER_E_LIMIT), and vm_protect refuses the new mappings.
 */
int vm_share(struct vm *vm, uint64_t va, struct vm *from, uint64_t from_va,
	     size_t npages, unsigned perm);
/* Map npages of RAM from pa (allocated by the caller) at va, perm without X: each
 * page takes a reference and counts as vm's; vm_protect refuses them. */
int vm_map_ram(struct vm *vm, uint64_t va, uint64_t pa, size_t npages, unsigned perm);
/* Unmap npages at va (pages not mapped are skipped, a region with no
 * table at once); a page goes back to the pool when no space maps it any
 * more. */
void vm_unmap(struct vm *vm, uint64_t va, size_t npages);
/*
 * Change the permissions of npages mapped pages at va; all or nothing.
 * PIER_E_UNMAPPED for a page not mapped or a device's, PIER_E_RIGHTS for
 * one mapped by vm_share, PIER_E_STATE for making executable a page that
 * is mapped in more than one place.
 */
int vm_protect(struct vm *vm, uint64_t va, size_t npages, unsigned perm);
/*
 * The lowest address in [lo, hi) (page-aligned) where npages unmapped pages
 * start and end by hi, into *va: 0, or -1 if there is none. Its cost is
 * bounded by vm's page tables in the window, not by its size or npages.
 */
int vm_find_free(const struct vm *vm, uint64_t lo, uint64_t hi, size_t npages, uint64_t *va);
/* The lowest mapped page in [lo, hi) (lo itself if its page is mapped), or hi;
 * its cost is bounded by vm's page tables in the window, like vm_find_free's. */
uint64_t vm_next_mapped(const struct vm *vm, uint64_t lo, uint64_t hi);
/* The physical page and permissions (VM_DEV too for device registers) at va: 0, or -1 when unmapped. */
int vm_query(const struct vm *vm, uint64_t va, uint64_t *pa, unsigned *perm);
/* Free every user page and page table, at once (host tests, small spaces). */
void vm_destroy(struct vm *vm);
/* The same in steps: vm_detach once (the CPU leaves its tables, the TLB
 * forgets them), then vm_reap until it returns true. A call does at most
 * work units (see vm.c): an entry looked at is one, a page or table freed
 * VM_REAP_PAGE_COST more; less than VM_REAP_MIN is taken as VM_REAP_MIN. */
#define VM_REAP_PAGE_COST 16
#define VM_REAP_MIN (1024 + 2 * VM_REAP_PAGE_COST + 1)
void vm_detach(struct vm *vm);
bool vm_reap(struct vm *vm, size_t work);
/* Switch the CPU to this address space (arch/). */
void vm_switch(struct vm *vm);

/* Run with this address space from the next return to user mode. */
static inline void vm_activate(struct vm *vm)
{
	if (vm != vm_active)
		vm_switch(vm);
}
/* Forget what uaccess learned about vm's pages in [va, va + len): they
 * were unmapped or changed (len 0: about every page). */
static inline void vm_forget_writable(struct vm *vm, uint64_t va, uint64_t len)
{
	for (int i = 0; i < 2; i++)
		if (!len || vm->wok[i] - va < len)
			vm->wok[i] = ~0ul;
}

#endif
