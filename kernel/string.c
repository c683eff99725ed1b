/* memcpy and memset for the kernel, a word at a time: picolibc's are byte loops. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Measured (docs/performance.md): with picolibc's size-optimised byte
 * loops, copying frames and packets and clearing contexts was a third of
 * every system call. These move eight bytes at a time when both pointers
 * allow it. The attribute keeps GCC from turning the loops back into
 * calls to the functions they implement.
 */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	uintptr_t apart = ((uintptr_t)d ^ (uintptr_t)s) & 7;

	/* Pointers equally placed within 8 (or 4) bytes: bytes up to that
	 * boundary, then words. A boot-image file at 4 mod 8 still gets
	 * 4-byte words: a program's data is copied that way at spawn. */
	if (apart == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*d++ = *s++;
		for (; n >= 32; n -= 32, d += 32, s += 32) {    /* four words a step */
			uint64_t *q = (uint64_t *)d;
			const uint64_t *r = (const uint64_t *)s;
			uint64_t a = r[0], b = r[1], c = r[2], e = r[3];

			q[0] = a; q[1] = b; q[2] = c; q[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	} else if ((apart & 3) == 0) {
		for (; n && ((uintptr_t)d & 3); n--)
			*d++ = *s++;
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			uint32_t *q = (uint32_t *)d;
			const uint32_t *r = (const uint32_t *)s;
			uint32_t a = r[0], b = r[1], c = r[2], e = r[3];

			q[0] = a; q[1] = b; q[2] = c; q[3] = e;
		}
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const uint32_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t w = (uint8_t)c * 0x0101010101010101ull;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = (uint8_t)c;
	for (; n >= 64; n -= 64, d += 64) {     /* a page in 64 steps, not 512 */
		uint64_t *q = (uint64_t *)d;

		q[0] = w; q[1] = w; q[2] = w; q[3] = w;
		q[4] = w; q[5] = w; q[6] = w; q[7] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}
