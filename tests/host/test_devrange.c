/* Host tests of device_range_ok: no device handle over RAM, the PLIC, a CLINT or ACLINT, or past 2^56. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "board.h"
#include "device.h"

#define PG 4096ull
#define PA_END (1ull << 56)

/* QEMU virt's layout, with an ACLINT's mtimer (mtime apart from mtimecmp) besides the CLINT. */
static struct board virt(void)
{
	struct board b;

	memset(&b, 0, sizeof(b));
	b.nmem = 1;
	b.mem[0] = (struct board_range){ 0x80000000, 128 << 20 };
	b.plic.present = true;
	b.plic.base = 0xc000000;
	b.plic.size = 0x600000;
	b.nclint = 3;
	b.clint[0] = (struct board_range){ 0x2000000, 0x10000 };
	b.clint[1] = (struct board_range){ 0x3000ff8, 8 };
	b.clint[2] = (struct board_range){ 0x3004000, 0x7ff8 };
	return b;
}

static void test_devices_ok(void **state)
{
	struct board b = virt();

	(void)state;
	assert_true(device_range_ok(&b, 0x10000000, 0x100));      /* the UART */
	assert_true(device_range_ok(&b, 0x101000, 0x1000));       /* the RTC */
	assert_true(device_range_ok(&b, 0x2010000, PG));          /* right after the CLINT */
	assert_true(device_range_ok(&b, 0xc000000 - PG, PG));     /* right before the PLIC */
	assert_true(device_range_ok(&b, 0x80000000 - 8, 8));      /* right before RAM */
	assert_true(device_range_ok(&b, PA_END - PG, PG));        /* the last page a PTE holds */
	assert_true(device_range_ok(&b, 1ull << 32, PA_END - (1ull << 32)));  /* all above RAM */
}

static void test_owned_ranges(void **state)
{
	struct board b = virt();

	(void)state;
	/* RAM, from any side. */
	assert_false(device_range_ok(&b, 0x80000000, PG));
	assert_false(device_range_ok(&b, 0x88000000 - 4, 8));
	assert_false(device_range_ok(&b, 0x40000000, 0x80000000));
	/* The PLIC: whole, one byte of it, or a range reaching into it. */
	assert_false(device_range_ok(&b, 0xc000000, 0x600000));
	assert_false(device_range_ok(&b, 0xc5fffff, 1));
	assert_false(device_range_ok(&b, 0xbfff000, 0x1001));
	/* The CLINT, and an ACLINT's two ranges. */
	assert_false(device_range_ok(&b, 0x2000000, 0x10000));
	assert_false(device_range_ok(&b, 0x200bff8, 8));
	assert_false(device_range_ok(&b, 0x1fff000, 0x1001));
	assert_false(device_range_ok(&b, 0x3004000, 4));
	/* Same page as mtime, though not the same bytes: whole pages are mapped. */
	assert_false(device_range_ok(&b, 0x3000000, 8));
	/* With no PLIC in the tree its range is a device's like any other. */
	b.plic.present = false;
	assert_true(device_range_ok(&b, 0xc000000, 0x600000));
}

static void test_bad_ranges(void **state)
{
	struct board b = virt();

	(void)state;
	assert_false(device_range_ok(&b, 0x10000000, 0));          /* empty */
	assert_false(device_range_ok(&b, UINT64_MAX - 10, 100));   /* wraps */
	assert_false(device_range_ok(&b, 0x10000000, UINT64_MAX)); /* wraps */
	assert_false(device_range_ok(&b, PA_END, PG));             /* past a PTE's reach */
	assert_false(device_range_ok(&b, PA_END - PG, PG + 1));
	assert_false(device_range_ok(&b, 0x10000000ull | PA_END, 0x100));
	assert_false(device_range_ok(&b, 0xffffffc000000000ull, PG)); /* a kernel address */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devices_ok),
		cmocka_unit_test(test_owned_ranges),
		cmocka_unit_test(test_bad_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
