/* Host test: the SiFive composable cache flush, against a simulated register file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ccache.h"

/*
 * The model records each register write. What must hold: one Flush64
 * write per line the range touches, each the line's address, lowest
 * first, nothing else written, and nothing at all for an empty or
 * wrapping range. A 256-page buffer (PIER_DMA_PAGES_MAX) is 16,384 lines.
 */
#define MAXW 20000

struct regs {
	uint32_t n;
	uint32_t off[MAXW];
	uint64_t val[MAXW];
};

static void write64(void *ctx, uint32_t off, uint64_t val)
{
	struct regs *r = ctx;

	assert_true(r->n < MAXW);
	r->off[r->n] = off;
	r->val[r->n++] = val;
}

static struct regs regs;

static const struct ccache *cc(uint32_t line)
{
	static struct ccache c;

	memset(&regs, 0, sizeof(regs));
	c = (struct ccache){ .write64 = write64, .ctx = &regs, .line = line };
	return &c;
}

/* Exactly the lines from first, n of them, each a Flush64 write. */
static void expect(uint64_t first, uint32_t n, uint32_t line)
{
	assert_int_equal(regs.n, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(regs.off[i], CCACHE_FLUSH64);
		assert_int_equal(regs.val[i], first + (uint64_t)i * line);
	}
}

static void one_line(void **state)
{
	(void)state;
	ccache_flush_range(cc(64), 0x80001000, 64);
	expect(0x80001000, 1, 64);
	ccache_flush_range(cc(64), 0x80001010, 1);      /* one byte inside */
	expect(0x80001000, 1, 64);
	ccache_flush_range(cc(64), 0x8000103f, 1);      /* the line's last byte */
	expect(0x80001000, 1, 64);
}

static void crossing(void **state)
{
	(void)state;
	ccache_flush_range(cc(64), 0x8000103f, 2);      /* two bytes, two lines */
	expect(0x80001000, 2, 64);
	ccache_flush_range(cc(64), 0x80001020, 100);    /* 0x20..0x83: three lines */
	expect(0x80001000, 3, 64);
	ccache_flush_range(cc(128), 0x80001020, 100);   /* 128-byte lines: 0x1000, 0x1080 */
	expect(0x80001000, 2, 128);
	ccache_flush_range(cc(128), 0x80001000, 128);   /* exactly one */
	expect(0x80001000, 1, 128);
	ccache_flush_range(cc(64), 0x80000000, 4096);   /* a page: 64 lines */
	expect(0x80000000, 64, 64);
}

static void whole_buffer(void **state)
{
	uint64_t first = 0;

	(void)state;
	ccache_flush_range(cc(64), 0x80200000, 256 * 4096);
	expect(0x80200000, 16384, 64);
	assert_int_equal(ccache_lines(0x80200000, 256 * 4096, 64, &first), 16384);
	assert_int_equal(first, 0x80200000);
}

static void nothing(void **state)
{
	uint64_t first = 0;

	(void)state;
	ccache_flush_range(cc(64), 0x80001000, 0);
	expect(0, 0, 64);
	ccache_flush_range(cc(64), ~0ull - 10, 100);    /* wraps */
	expect(0, 0, 64);
	ccache_flush_range(cc(48), 0x80001000, 64);     /* not a power of two */
	expect(0, 0, 48);
	ccache_flush_range(cc(0), 0x80001000, 64);
	expect(0, 0, 0);
	assert_int_equal(ccache_lines(0, 0, 64, &first), 0);
	/* The very top of the address space, without wrapping. */
	ccache_flush_range(cc(64), ~0ull - 63, 64);
	expect(~0ull - 63, 1, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_line),
		cmocka_unit_test(crossing),
		cmocka_unit_test(whole_buffer),
		cmocka_unit_test(nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
