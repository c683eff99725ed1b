/* Host tests of handler stacks mapped on first touch, and of kernel copies that touch them from another space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/pier.h>
#include "port.h"
#include "space.h"
#include "uaccess.h"
#include "vm_fixture.h"

/* Two ports in space a (an 8 MiB stack above a 16 KiB one) and a space b that copies. */
static struct space a, b;
static struct port big, small;

static int setup(void **state)
{
	vm_fixture_setup(state);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&big, 0, sizeof(big));
	memset(&small, 0, sizeof(small));
	assert_int_equal(vm_init(&a.vm), PIER_OK);
	assert_int_equal(vm_init(&b.vm), PIER_OK);
	assert_int_equal(port_stack_make(&a, &big, PIER_STACK_PAGES_MAX), PIER_OK);
	assert_int_equal(port_stack_make(&a, &small, 4), PIER_OK);
	vm_active = &b.vm;      /* a is another space: copies walk its tables */
	return 0;
}

static int teardown(void **state)
{
	vm_active = NULL;
	vm_destroy(&a.vm);
	vm_destroy(&b.vm);
	return vm_fixture_teardown(state);
}

static void test_made_with_its_top_page_only(void **state)
{
	(void)state;
	assert_int_equal(a.vm.pages, 2 * PORT_STACK_EAGER_PAGES);
	assert_int_equal(big.stack_top - big.stack_base, PIER_STACK_PAGES_MAX * PG);
	assert_true(small.stack_top + PIER_STACK_GUARD_PAGES * PG == big.stack_base);
	assert_ptr_equal(big.stack_kva - PG, user_bytes(&a.vm, big.stack_top - PG));
	assert_ptr_equal(a.ports, &big);
	assert_ptr_equal(big.space_next, &small);
}

static void test_copy_touches_the_owners_stack(void **state)
{
	(void)state;
	const char msg[] = "a reply in a deep frame";
	uint64_t at = big.stack_base + 100 * PG + 8;
	char back[sizeof(msg)] = "x";
	size_t b_used = vm_used(&b.vm);

	assert_int_equal(copy_to_user(&a.vm, at, msg, sizeof(msg)), PIER_OK);
	assert_memory_equal(user_bytes(&a.vm, at), msg, sizeof(msg));
	assert_int_equal(a.vm.pages, 3);
	assert_int_equal(vm_used(&b.vm), b_used);       /* never the copier's */
	/* A read of an untouched page of the other port's stack reads zeroes. */
	assert_int_equal(copy_from_user(&a.vm, back, small.stack_base, sizeof(back)), PIER_OK);
	for (size_t i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0);
	assert_int_equal(a.vm.pages, 4);
	/* Three pages at once, and the writable answer cached for the last. */
	assert_int_equal(uaccess_check_w(&a.vm, big.stack_base + 200 * PG + 100, 2 * PG), PIER_OK);
	assert_int_equal(a.vm.pages, 7);
	assert_int_equal(a.vm.wok[0], big.stack_base + 202 * PG);
}

static void test_gaps_are_not_stack(void **state)
{
	(void)state;
	int port = -1;
	char c = 1;

	assert_int_equal(copy_to_user(&a.vm, big.stack_base - 8, &c, 1), PIER_E_UNMAPPED);
	assert_int_equal(copy_to_user(&a.vm, small.stack_base - PG, &c, 1), PIER_E_UNMAPPED);
	assert_int_equal(copy_to_user(&a.vm, big.stack_top, &c, 1), PIER_E_UNMAPPED);
	assert_int_equal(port_stack_grow(&a, 0x10000, &port), PIER_E_UNMAPPED);
	assert_int_equal(a.vm.pages, 2);
	/* The stacks themselves, by index as PIER_TASK_PORTS counts them. */
	assert_int_equal(port_stack_grow(&a, small.stack_base, &port), PIER_OK);
	assert_int_equal(port, 1);
	assert_int_equal(port_stack_grow(&a, big.stack_top - 2 * PG, &port), PIER_OK);
	assert_int_equal(port, 0);
	/* A fault in the gap below a port's own stack is its overflow. */
	big.space = small.space = &a;
	assert_int_equal(port_stack_overflow(&small, small.stack_base - 8), 1);
	assert_int_equal(port_stack_overflow(&big, big.stack_base - PIER_STACK_GUARD_PAGES * PG),
			 0);
	assert_int_equal(port_stack_overflow(&big, small.stack_base - 8), -1);
}

static void test_quota_is_a_status(void **state)
{
	(void)state;
	uint64_t at = big.stack_base + 300 * PG;
	char c = 7;
	int port;

	a.vm.quota = vm_used(&a.vm);
	assert_int_equal(copy_to_user(&a.vm, at, &c, 1), PIER_E_QUOTA);
	assert_int_equal(copy_from_user(&a.vm, &c, at, 1), PIER_E_QUOTA);
	assert_int_equal(port_stack_grow(&a, at, &port), PIER_E_QUOTA);
	assert_int_equal(vm_used(&a.vm), a.vm.quota);
	a.vm.quota += 2;                /* the page and its leaf table */
	assert_int_equal(copy_to_user(&a.vm, at, &c, 1), PIER_OK);
	assert_int_equal(*user_bytes(&a.vm, at), 7);
}

/* A reply buffer as large as a stack: only what a reply can fill is touched. */
static void test_reply_buffer_touches_one_reply(void **state)
{
	(void)state;
	uint64_t at = big.stack_base + 8;

	assert_int_equal(uaccess_check_rbuf(&a.vm, at, (PIER_STACK_PAGES_MAX - 1) * PG), PIER_OK);
	assert_int_equal(a.vm.pages, 3);
	assert_int_equal(uaccess_check_rbuf(&a.vm, big.stack_top - PG - 100, 2 * PIER_PACKET_MAX),
			 PIER_OK);
	assert_int_equal(a.vm.pages, 4);        /* the page below the top, the top was there */
	/* Past the stack's top is the next stack's guard gap. */
	assert_int_equal(uaccess_check_rbuf(&a.vm, at, PIER_STACK_PAGES_MAX * PG), PIER_E_UNMAPPED);
	assert_int_equal(uaccess_check_rbuf(&a.vm, small.stack_top - 8, 16), PIER_E_UNMAPPED);
	assert_int_equal(a.vm.pages, 4);
}

/* Device registers have no direct-map address: a walk never copies through them. */
static void test_walk_refuses_device_pages(void **state)
{
	(void)state;
	uint64_t ram = 0x10000, dev = ram + PG;
	char buf[16] = "0123456789abcde";

	assert_int_equal(vm_map_anon(&a.vm, ram, 1, VM_R | VM_W), PIER_OK);
	assert_int_equal(vm_map_device(&a.vm, dev, 0x10000000ull, 1), PIER_OK);
	assert_int_equal(copy_to_user(&a.vm, dev - 8, buf, sizeof(buf)), PIER_E_UNMAPPED);
	for (int i = 0; i < 8; i++)        /* checked whole first: nothing written */
		assert_int_equal(user_bytes(&a.vm, dev - 8)[i], 0);
	assert_int_equal(copy_from_user(&a.vm, buf, dev - 8, sizeof(buf)), PIER_E_UNMAPPED);
	assert_int_equal(copy_to_user(&a.vm, dev - 8, buf, 8), PIER_OK);    /* RAM alone */
}

static void test_drop_gives_back_what_was_touched(void **state)
{
	(void)state;
	size_t tables;

	for (uint64_t i = 0; i < PIER_STACK_PAGES_MAX; i += 300)
		assert_int_equal(copy_to_user(&a.vm, big.stack_base + i * PG, "x", 1), PIER_OK);
	assert_int_equal(a.vm.pages, 2 + 7);
	tables = a.vm.table_pages;
	port_stack_drop(&a, &big);
	assert_int_equal(a.vm.pages, 1);                /* small's top page */
	assert_int_equal(a.vm.table_pages, tables);
	assert_ptr_equal(a.ports, &small);
	assert_int_equal(a.stack_gaps, true);
	/* A space that is ending leaves the pages to its teardown. */
	copy_to_user(&a.vm, small.stack_base, "x", 1);
	a.ending = true;
	port_stack_drop(&a, &small);
	assert_int_equal(a.vm.pages, 2);
	assert_null(a.ports);
}

/* A's program image (image.h): rodata (R) at 0x12000, data and a 64 KiB bss (RW) from 0x13000. */
static const uint8_t img_file[0x2000] = { [0 ... 0x1fff] = 0x5a };

static void give_a_an_image(void)
{
	a.image = (struct image){ .file = img_file, .nsegs = 2, .seg = {
		{ .vaddr = 0x12000, .memsz = 0x1000, .offset = 0, .filesz = 0x1000,
		  .flags = ELF_PF_R },
		{ .vaddr = 0x13000, .memsz = 0x11000, .offset = 0x1000, .filesz = 0x100,
		  .flags = ELF_PF_R | ELF_PF_W },
	} };
}

static void test_copies_load_the_owners_image(void **state)
{
	(void)state;
	uint8_t back[16];
	const char msg[] = "a reply into .bss";
	size_t a_pages = a.vm.pages, b_used = vm_used(&b.vm);

	give_a_an_image();
	/* A packet from untouched .rodata: loaded from the file, charged to a. */
	assert_int_equal(copy_from_user(&a.vm, back, 0x12fe0, sizeof(back)), PIER_OK);
	for (size_t i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0x5a);
	assert_int_equal(a.vm.pages, a_pages + 1);
	/* A reply into untouched .bss. */
	assert_int_equal(copy_to_user(&a.vm, 0x15010, msg, sizeof(msg)), PIER_OK);
	assert_memory_equal(user_bytes(&a.vm, 0x15010), msg, sizeof(msg));
	assert_int_equal(user_bytes(&a.vm, 0x15000)[0], 0);
	assert_int_equal(a.vm.pages, a_pages + 2);
	assert_int_equal(vm_used(&b.vm), b_used);       /* never the copier's */
	/* A write into .rodata, loaded or not, is refused and loads nothing. */
	assert_int_equal(copy_to_user(&a.vm, 0x12000, msg, sizeof(msg)), PIER_E_UNMAPPED);
	assert_int_equal(a.vm.pages, a_pages + 2);
	/* A reply buffer of all of .bss: only the reply's page is loaded. */
	assert_int_equal(uaccess_check_rbuf(&a.vm, 0x16000, 0xe000), PIER_OK);
	assert_int_equal(a.vm.pages, a_pages + 3);
	/* ...but one that runs on past the image is refused. */
	assert_int_equal(uaccess_check_rbuf(&a.vm, 0x16000, 0xf000), PIER_E_UNMAPPED);
	/* A page of the image the program made read-only stops a write, loaded or not. */
	assert_int_equal(vm_protect(&a.vm, 0x15000, 1, VM_R), PIER_OK);
	assert_int_equal(uaccess_check_rbuf(&a.vm, 0x14ff0, 0x3000), PIER_E_UNMAPPED);
	a.image.nsegs = 0;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_made_with_its_top_page_only),
		T(test_copy_touches_the_owners_stack),
		T(test_gaps_are_not_stack),
		T(test_quota_is_a_status),
		T(test_walk_refuses_device_pages),
		T(test_reply_buffer_touches_one_reply),
		T(test_drop_gives_back_what_was_touched),
		T(test_copies_load_the_owners_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
