/* Counted references to physical pages: a page mapped in several spaces is freed with the last. */
#include <pier/status.h>
#include "page.h"

int page_ref(uint64_t pa)
{
	uint16_t *n = page_extra_refs(pa);

	if (!n) {
		kernel_bug("page_ref: page not allocated", pa);
		return PIER_E_ARG;
	}
	if (*n == UINT16_MAX)
		return PIER_E_LIMIT;
	++*n;
	return PIER_OK;
}

void page_unref(uint64_t pa)
{
	uint16_t *n = page_extra_refs(pa);

	if (n && *n)
		--*n;
	else
		page_free(pa);  /* the last reference, or a bug page_free reports */
}

unsigned page_refs(uint64_t pa)
{
	uint16_t *n = page_extra_refs(pa);

	return n ? *n + 1u : 0;
}
