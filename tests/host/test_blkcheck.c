/* Host tests of the block protocol's request checks: every status, in order, at every edge, with no wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pier/status.h>
#include "blkcheck.h"

#define REGION (64u * 1024u)

static const struct pier_blk_info dev = {
	.sectors = 16384, .sector_size = 512, .flags = 0, .max_size = 256u * 1024u,
	.best_size = 64u * 1024u,
};
static const struct pier_blk_info ro = {
	.sectors = 16384, .sector_size = 512, .flags = PIER_BLK_RO, .max_size = 256u * 1024u,
	.best_size = 64u * 1024u,
};

static int range(const struct pier_blk_info *i, uint32_t type, uint64_t lba, uint32_t count,
		 uint32_t offset)
{
	struct pier_blk_io io = { 1, lba, count, offset };

	return blk_check_range(i, REGION, type, &io);
}

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(blk_check_count(&dev, 0), PIER_E_ARG);
	assert_int_equal(blk_check_count(&dev, 1), PIER_OK);
	assert_int_equal(blk_check_count(&dev, 512), PIER_OK);
	assert_int_equal(blk_check_count(&dev, 513), PIER_E_ARG);
	assert_int_equal(blk_check_count(&dev, UINT32_MAX), PIER_E_ARG);
}

static void test_region(void **state)
{
	(void)state;
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 1, 1), PIER_E_MISALIGNED);
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 1, 511), PIER_E_MISALIGNED);
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 128, 0), PIER_OK);          /* all of it */
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 129, 0), PIER_E_REGION);
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 1, REGION - 512), PIER_OK); /* the last sector */
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 2, REGION - 512), PIER_E_REGION);
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 1, REGION), PIER_E_REGION);
	/* An offset near 2^32 must not wrap offset + bytes back inside. */
	assert_int_equal(range(&dev, PIER_BLK_READ, 0, 8, 0xfffffe00u), PIER_E_REGION);
}

static void test_bounds(void **state)
{
	(void)state;
	assert_int_equal(range(&dev, PIER_BLK_READ, 16383, 1, 0), PIER_OK);
	assert_int_equal(range(&dev, PIER_BLK_READ, 16383, 2, 0), PIER_E_BOUNDS);
	assert_int_equal(range(&dev, PIER_BLK_READ, 16384, 1, 0), PIER_E_BOUNDS);
	assert_int_equal(range(&dev, PIER_BLK_READ, 16256, 128, 0), PIER_OK);     /* ends at the end */
	/* lba + count wrapping to a small number must not pass. */
	assert_int_equal(range(&dev, PIER_BLK_READ, UINT64_MAX, 2, 0), PIER_E_BOUNDS);
	assert_int_equal(range(&dev, PIER_BLK_READ, UINT64_MAX - 126, 128, 0), PIER_E_BOUNDS);
}

static void test_readonly_and_order(void **state)
{
	(void)state;
	assert_int_equal(range(&ro, PIER_BLK_READ, 0, 1, 0), PIER_OK);
	assert_int_equal(range(&ro, PIER_BLK_WRITE, 0, 1, 0), PIER_E_READONLY);
	assert_int_equal(range(&dev, PIER_BLK_WRITE, 0, 1, 0), PIER_OK);
	/* Misaligned before region before bounds before read-only. */
	assert_int_equal(range(&ro, PIER_BLK_WRITE, 99999, 200, 3), PIER_E_MISALIGNED);
	assert_int_equal(range(&ro, PIER_BLK_WRITE, 99999, 200, 0), PIER_E_REGION);
	assert_int_equal(range(&ro, PIER_BLK_WRITE, 99999, 1, 0), PIER_E_BOUNDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_readonly_and_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
