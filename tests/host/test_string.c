/* Host tests of kernel/string.c: every length and alignment against the C library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Built with -Dmemcpy=kmemcpy -Dmemset=kmemset: <string.h> then declares
 * the kernel's, and the host's are reached through the builtins. */
#include <string.h>

#define SPAN 5000

static uint8_t got[SPAN], want[SPAN], src[SPAN];

static void setup_src(void)
{
	for (int i = 0; i < SPAN; i++)
		src[i] = (uint8_t)(i * 7 + 3);
}

/* Lengths across the byte, word and 64-byte loops, at every start alignment. */
static void test_memset_lengths(void **state)
{
	(void)state;
	for (int off = 0; off < 16; off++) {
		for (int n = 0; n < 300; n++) {
			__builtin_memset(got, 0xaa, sizeof(got));
			__builtin_memset(want, 0xaa, sizeof(want));
			assert_ptr_equal(kmemset(got + off, n, (size_t)n), got + off);
			for (int i = 0; i < n; i++)
				want[off + i] = (uint8_t)n;
			assert_memory_equal(got, want, sizeof(got));
		}
	}
}

/* A whole page, as page_alloc clears it, and not a byte beyond. */
static void test_memset_page(void **state)
{
	(void)state;
	__builtin_memset(got, 1, sizeof(got));
	kmemset(got + 64, 0, 4096);
	for (int i = 0; i < SPAN; i++)
		assert_int_equal(got[i], i >= 64 && i < 64 + 4096 ? 0 : 1);
}

static void test_memcpy_lengths(void **state)
{
	(void)state;
	setup_src();
	for (int doff = 0; doff < 16; doff++) {
		for (int soff = 0; soff < 16; soff++) {     /* every relative placement */
			for (int n = 0; n < 300; n++) {
				__builtin_memset(got, 0x55, sizeof(got));
				__builtin_memset(want, 0x55, sizeof(want));
				assert_ptr_equal(kmemcpy(got + doff, src + soff, (size_t)n), got + doff);
				for (int i = 0; i < n; i++)
					want[doff + i] = src[soff + i];
				assert_memory_equal(got, want, sizeof(got));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memset_lengths),
		cmocka_unit_test(test_memset_page),
		cmocka_unit_test(test_memcpy_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
