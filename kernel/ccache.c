/* The SiFive composable cache controller's flush by line (portable: the register write is a callback). */
#include "ccache.h"

uint64_t ccache_lines(uint64_t pa, uint64_t size, uint32_t line, uint64_t *first)
{
	uint64_t lo, last;

	if (!size || !line || (line & (line - 1)) || pa + (size - 1) < pa)
		return 0;
	lo = pa & ~(uint64_t)(line - 1);
	last = (pa + size - 1) & ~(uint64_t)(line - 1);
	*first = lo;
	return (last - lo) / line + 1;
}

void ccache_flush_range(const struct ccache *c, uint64_t pa, uint64_t size)
{
	uint64_t first = 0, n = ccache_lines(pa, size, c->line, &first);

	for (uint64_t i = 0; i < n; i++)        /* n: see ccache.h for the bound */
		c->write64(c->ctx, CCACHE_FLUSH64, first + i * c->line);
}
