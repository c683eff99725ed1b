/* fuzz: the seeded generator, so that a run is reproducible from its seed. */
#include "fuzz.h"

static uint64_t state = 1;

/* splitmix64 spreads any seed, 0 included, over the state. */
void rng_seed(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	state = (z ^ (z >> 31)) | 1;
}

/* xorshift64*: never 0 once seeded. */
uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dull;
}

uint32_t below(uint32_t n)
{
	return n ? (uint32_t)((rnd() >> 16) % n) : 0;
}

int chance(unsigned percent)
{
	return below(100) < percent;
}

uint32_t pick32(const uint32_t *v, unsigned n)
{
	return v[below(n)];
}

uint64_t pick64(const uint64_t *v, unsigned n)
{
	return v[below(n)];
}

void rnd_fill(void *p, size_t n)
{
	uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(rnd() >> 32);
}
