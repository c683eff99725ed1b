/* blkload: the block service's test program, shared by its modes. */
#ifndef BLKLOAD_H
#define BLKLOAD_H

#include <stdint.h>
#include <blk.h>

extern const char *service;   /* the block service under test: argv[1] */

void check(const char *what, long got, long want);
_Noreturn void finish(void);

/*
 * The data: each 8-byte word of sector s is mix(seed, s, word), so the
 * host (tests/qemu/cases.py) computes the same image to compare with.
 */
static inline uint64_t mix(uint64_t seed, uint64_t sector, uint32_t word)
{
	uint64_t z = seed ^ (sector << 8 | word);

	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void fill(uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t count);
uint64_t checksum(uint64_t sum, const uint8_t *buf, uint32_t bytes);

/* The modes. */
void load(uint64_t seed, uint32_t total, int kill_driver);
void errors(void);
void readonly(void);
void ioerror(void);
void child(uint64_t session);

#endif
