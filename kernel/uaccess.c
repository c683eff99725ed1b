/* Copies to and from user memory: directly for the space on the CPU, by walking its tables for any other. */
#include <stdbool.h>
#include <string.h>
#include <pier/status.h>
#include <pier/frame.h>
#include "uaccess.h"
#include "vm.h"
#include "physmap.h"
#include "space.h"
#include "port.h"

static int range_status(uint64_t va, size_t len)
{
	if (va >= KERNEL_BASE)
		return PIER_E_KERNEL_ADDR;
	if (va >= USER_END || len > USER_END - va)
		return PIER_E_RANGE;
	return PIER_OK;
}

/*
 * No page at va: if it lies in a handler stack, whose pages come on
 * first touch (port_stack.c), or in the program's image, whose pages are
 * loaded on first touch (image.c), a kernel copy into it (a reply into a
 * buffer in a deep frame or in .bss) or out of it (a packet in .rodata)
 * touches it as the program's own access would (need: VM_R or VM_W),
 * charged to the space vm is, the stack's or image's: never to whoever
 * asked for the copy. PIER_OK with the page now there, PIER_E_UNMAPPED
 * (neither there, or an image segment that does not allow need: a write
 * into .rodata), PIER_E_QUOTA or PIER_E_NOMEM (no page to be had). Out
 * of line: the common case, a page already there, costs nothing more.
 */
static __attribute__((noinline, cold)) int touch(struct vm *vm, uint64_t va, unsigned need,
						 uint64_t *pa, unsigned *have)
{
	struct space *s = space_of_vm(vm);
	int port, rc = port_stack_grow(s, va, &port);

	if (rc == PIER_E_UNMAPPED)
		rc = image_fault(vm, &s->image, va, need);
	if (rc)
		return rc;
	return vm_query(vm, va, pa, have) ? PIER_E_UNMAPPED : PIER_OK;
}

/*
 * Walk [va, va+len) page by page, each mapped with perm (a stack page
 * touched on the way), copying to or from buf if it is given. A copy
 * goes through the direct map, which holds RAM only: a device's
 * registers are reached through the space's own tables or not at all,
 * so a walk that copies, or checks for a copy to the user (to_user),
 * finds them PIER_E_UNMAPPED. Bounded by the pages of len (which every
 * caller bounds), with at most one page mapped for each.
 */
static int uaccess_walk(struct vm *vm, uint64_t va, size_t len,
			unsigned perm, char *buf, int to_user)
{
	while (len) {
		uint64_t pa;
		unsigned have;
		size_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		int rc;

		if (n > len)
			n = len;
		if (vm_query(vm, va, &pa, &have) &&
		    (rc = touch(vm, va, perm & VM_W ? VM_W : perm, &pa, &have)))
			return rc;
		if ((have & perm) != perm || ((buf || to_user) && (have & VM_DEV)))
			return PIER_E_UNMAPPED;
		if (buf) {
			if (to_user)
				memcpy(pa_to_kva(pa), buf, n);
			else
				memcpy(buf, pa_to_kva(pa), n);
			buf += n;
		}
		va += n;
		len -= n;
	}
	return PIER_OK;
}

/*
 * Is the page at va user-writable (PIER_OK), once touched if it is a
 * stack's? The answer for the last two pages is kept in the vm until its
 * mappings change (vm_forget_writable), since a caller's frame and reply
 * buffer are checked on every call; a page just touched is one of them.
 */
static int page_writable(struct vm *vm, uint64_t va)
{
	uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t pa;
	unsigned have;
	int rc;

	if (page == vm->wok[0] || page == vm->wok[1])
		return PIER_OK;
	if (vm_query(vm, page, &pa, &have) && (rc = touch(vm, page, VM_W, &pa, &have)))
		return rc;
	if (!(have & VM_W))
		return PIER_E_UNMAPPED;
	vm->wok[1] = vm->wok[0];
	vm->wok[0] = page;
	return PIER_OK;
}

/*
 * Is [va, va + len) writable? Writable pages are readable: W is only
 * ever mapped with R. The stack pages not touched yet among the first
 * touch_len bytes are touched now, and stay mapped even if a later page
 * fails, as after the program's own touch. Past those, such a page is
 * writable as it is (a touch would map it), and so is the rest of its
 * stack, every page of which is either touched, R+W, or not yet: the
 * check passes over it at once, touching nothing. The pages of the
 * program's image not loaded yet are writable as they are if their
 * segment is, and passed over up to its next loaded page. Bounded by the
 * pages of len that are mapped (each charged to the space), the entries
 * of its tables there (vm_next_mapped), one stack, the image's segments
 * (at most ELF_MAX_SEGS), and the pages of touch_len, each touched at
 * most once.
 */
static int check_writable(struct vm *vm, uint64_t va, size_t len, size_t touch_len)
{
	const struct port *q;
	const struct elf_segment *g;
	uint64_t pa;
	unsigned have;
	int rc, port;

	for (uint64_t p = va; p < va + len; p = (p | (PAGE_SIZE - 1)) + 1) {
		if (p < va + touch_len || !vm_query(vm, p, &pa, &have)) {
			if ((rc = page_writable(vm, p)))
				return rc;
		} else if ((q = port_stack_at(space_of_vm(vm), p, &port))) {
			p = q->stack_top - 1;   /* on past its last page */
		} else if ((g = image_segment(&space_of_vm(vm)->image, p))) {
			/* Pages of a writable segment not loaded yet: a touch
			 * would load them writable. On to the next page of it
			 * that is loaded (which the program may have made
			 * read-only), passing over those with no table at once. */
			uint64_t end = ((g->vaddr + g->memsz - 1) | (PAGE_SIZE - 1)) + 1;

			if (!(g->flags & ELF_PF_W))
				return PIER_E_UNMAPPED;
			p = vm_next_mapped(vm, p, end < va + len ? end : va + len) - 1;
		} else {
			return PIER_E_UNMAPPED;
		}
	}
	return PIER_OK;
}

int uaccess_check(struct vm *vm, uint64_t va, size_t len, unsigned perm)
{
	int rc = range_status(va, len);

	if (rc || !len)
		return rc;
	if (!(perm & VM_W))
		return uaccess_walk(vm, va, len, perm, NULL, 0);
	return check_writable(vm, va, len, len);
}

int uaccess_check_rbuf(struct vm *vm, uint64_t va, size_t len)
{
	int rc = range_status(va, len);

	if (rc || !len)
		return rc;
	return check_writable(vm, va, len, len < PIER_PACKET_MAX ? len : PIER_PACKET_MAX);
}

/*
 * Another space, by its tables; or the one on the CPU when its own
 * tables faulted: the walk touches the stack pages not touched yet (or
 * says what else is wrong), and the copy goes through its tables again.
 */
int copy_from_user_walk(struct vm *vm, void *dst, uint64_t va, size_t len)
{
	int rc = range_status(va, len);

	if (rc)
		return rc;
	if (vm != vm_active)
		return uaccess_walk(vm, va, len, VM_R, dst, 0);
	if ((rc = uaccess_walk(vm, va, len, VM_R, NULL, 0)))
		return rc;
	return uaccess_copy(dst, (const void *)va, len) ? PIER_E_UNMAPPED : PIER_OK;
}

/* Checked whole before the first byte is written, so a failed copy changes nothing. */
int copy_to_user(struct vm *vm, uint64_t va, const void *src, size_t len)
{
	int rc = uaccess_check_w(vm, va, len);

	if (rc)
		return rc;
	if (vm == vm_active)
		return uaccess_copy((void *)va, src, len) ? PIER_E_UNMAPPED : PIER_OK;
	/* Through the direct map: RAM only, so checked for that whole first too. */
	if ((rc = uaccess_walk(vm, va, len, VM_W, NULL, 1)))
		return rc;
	return uaccess_walk(vm, va, len, VM_W, (char *)src, 1);
}
