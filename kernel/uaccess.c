/* Copies to and from user memory: directly for the space on the CPU, by walking its tables for any other. */
#include <stdbool.h>
#include <string.h>
#include <pier/status.h>
#include "uaccess.h"
#include "vm.h"
#include "physmap.h"

static int range_status(uint64_t va, size_t len)
{
	if (va >= KERNEL_BASE)
		return PIER_E_KERNEL_ADDR;
	if (va >= USER_END || len > USER_END - va)
		return PIER_E_RANGE;
	return PIER_OK;
}

/* Walk [va, va+len) page by page, copying to or from buf if it is given. */
static int uaccess_walk(const struct vm *vm, uint64_t va, size_t len,
			unsigned perm, char *buf, int to_user)
{
	while (len) {
		uint64_t pa;
		unsigned have;
		size_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));

		if (n > len)
			n = len;
		if (vm_query(vm, va, &pa, &have) || (have & perm) != perm)
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
 * Is the page at va user-writable? The answer for the last two pages is
 * kept in the vm until its mappings change (vm_forget_writable), since a
 * caller's frame and reply buffer are checked on every call.
 */
static bool page_writable(struct vm *vm, uint64_t va)
{
	uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t pa;
	unsigned have;

	if (page == vm->wok[0] || page == vm->wok[1])
		return true;
	if (vm_query(vm, page, &pa, &have) || !(have & VM_W))
		return false;
	vm->wok[1] = vm->wok[0];
	vm->wok[0] = page;
	return true;
}

int uaccess_check(struct vm *vm, uint64_t va, size_t len, unsigned perm)
{
	int rc = range_status(va, len);

	if (rc || !len)
		return rc;
	if (!(perm & VM_W))
		return uaccess_walk(vm, va, len, perm, NULL, 0);
	/* Writable pages are readable: W is only ever mapped with R. */
	for (uint64_t p = va; p < va + len; p = (p | (PAGE_SIZE - 1)) + 1)
		if (!page_writable(vm, p))
			return PIER_E_UNMAPPED;
	return PIER_OK;
}

int copy_from_user_walk(struct vm *vm, void *dst, uint64_t va, size_t len)
{
	int rc = range_status(va, len);

	if (rc)
		return rc;
	if (vm == vm_active)
		return uaccess_copy(dst, (const void *)va, len) ? PIER_E_UNMAPPED : PIER_OK;
	return uaccess_walk(vm, va, len, VM_R, dst, 0);
}

/* Checked whole before the first byte is written, so a failed copy changes nothing. */
int copy_to_user(struct vm *vm, uint64_t va, const void *src, size_t len)
{
	int rc = uaccess_check_w(vm, va, len);

	if (rc)
		return rc;
	if (vm == vm_active)
		return uaccess_copy((void *)va, src, len) ? PIER_E_UNMAPPED : PIER_OK;
	return uaccess_walk(vm, va, len, VM_W, (char *)src, 1);
}
