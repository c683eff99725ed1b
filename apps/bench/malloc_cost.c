/* bench: figure 15, a malloc/free pair with few and with many live blocks, and pages given back. */
#include <stdlib.h>
#include "figures.h"

/*
 * A sample is malloc of one of a few sizes (small classes and TLSF) and
 * its free, between two counter reads. With "many", 20,000 blocks of
 * mixed sizes were allocated and every other one freed, so 10,000 stay
 * live with free holes between them: the cost must not grow with either.
 */
#define MANY 20000

static void *blocks[MANY];
static unsigned nblocks, turn;

/* Five: WARM + ITERS is a multiple, so both runs see the same sequence. */
static const uint32_t sizes[] = { 24, 200, 700, 1500, 3000 };

static size_t mixed(unsigned i)
{
	return 16 + (i * 37u) % 500 + (i % 7 == 0 ? 2000 : 0);
}

int malloc_setup(unsigned live)
{
	unsigned n = live <= 10 ? live : 2 * live, step = live <= 10 ? 1 : 2;

	malloc_release();
	if (n > MANY)
		return PIER_E_LIMIT;
	for (unsigned i = 0; i < n; i++)
		if ((blocks[i] = malloc(mixed(i))) == NULL)
			return PIER_E_NOMEM;
	nblocks = n;
	/* Every other one goes: holes between the live ones. */
	for (unsigned i = 1; step == 2 && i < n; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	return PIER_OK;
}

void malloc_release(void)
{
	for (unsigned i = 0; i < nblocks; i++)
		free(blocks[i]);
	nblocks = 0;
}

int s_malloc_free(uint32_t *d)
{
	size_t n = sizes[turn++ % (sizeof(sizes) / sizeof(sizes[0]))];
	uint64_t a, b;
	void *p;

	a = instret_ordered();
	p = malloc(n);
	free(p);
	b = instret_ordered();
	*d = (uint32_t)(b - a);
	return p ? PIER_OK : PIER_E_NOMEM;
}
