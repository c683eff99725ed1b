/* Copies to and from user memory through the page tables and the direct map. */
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
	int rc = range_status(va, len);

	if (rc)
		return rc;
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

int uaccess_check(const struct vm *vm, uint64_t va, size_t len, unsigned perm)
{
	return uaccess_walk(vm, va, len, perm, NULL, 0);
}

int copy_from_user(const struct vm *vm, void *dst, uint64_t va, size_t len)
{
	return uaccess_walk(vm, va, len, VM_R, dst, 0);
}

/* Checked whole before the first byte is written, so a failed copy changes nothing. */
int copy_to_user(const struct vm *vm, uint64_t va, const void *src, size_t len)
{
	int rc = uaccess_check(vm, va, len, VM_W);

	if (rc)
		return rc;
	return uaccess_walk(vm, va, len, VM_W, (char *)src, 1);
}
