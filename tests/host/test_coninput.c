/* Host test of a console's input ownership (drivers/common/coninput.c): readers, the controller, the foreground. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/console.h>
#include "coninput.h"

/* The runtime's handle calls: a taken handle is the packet's, dropped ones are counted. */
static int dropped[64];

uint32_t pier_handle_take(const struct pier_packet *pkt)
{
	return pkt->handle;
}

int pier_handle_drop(uint32_t handle)
{
	assert_true(handle > 0 && handle < 64);
	dropped[handle]++;
	return PIER_OK;
}

static union {
	struct pier_packet p;
	uint8_t bytes[sizeof(struct pier_packet) + 16];
} buf;

/* A packet of type from space `badge`, granting handle h, with size bytes of data. */
static const struct pier_packet *msg(uint32_t type, uint64_t badge, uint32_t h,
				     const void *data, uint32_t size)
{
	memset(&buf, 0, sizeof(buf));
	buf.p.type = type;
	buf.p.badge = badge;
	buf.p.handle = h;
	buf.p.size = size;
	if (size)
		memcpy(buf.p.data, data, size);
	return &buf.p;
}

static int reader(struct coninput *c, uint64_t space, uint32_t h)
{
	return coninput_msg(c, msg(PIER_CONSOLE_READER, space, h, NULL, 0));
}

static int foreground(struct coninput *c, uint64_t from, uint64_t space)
{
	return coninput_msg(c, msg(PIER_CONSOLE_FOREGROUND, from, 0, &space, sizeof(space)));
}

static int setup(void **state)
{
	(void)state;
	memset(dropped, 0, sizeof(dropped));
	return 0;
}

/* No controller: any space may read; each new reader replaces the last. */
static void test_no_controller(void **state)
{
	struct coninput c = { 0 };

	(void)state;
	assert_int_equal(reader(&c, 5, 1), PIER_OK);
	assert_int_equal(c.reader, 1);
	assert_int_equal(reader(&c, 6, 2), PIER_OK);
	assert_int_equal(c.reader, 2);
	assert_int_equal(dropped[1], 1);
	/* No grant: no reader. */
	assert_int_equal(reader(&c, 6, 0), PIER_OK);
	assert_int_equal(c.reader, 0);
	assert_int_equal(dropped[2], 1);
	/* Nobody may name a foreground without being the controller. */
	assert_int_equal(foreground(&c, 5, 5), PIER_E_RIGHTS);
}

/* A shell (space 4) controls: a background program (5) cannot read; the foreground can. */
static void test_controller(void **state)
{
	struct coninput c = { 0 };
	uint32_t small = 5;

	(void)state;
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_INTR, 4, 10, NULL, 0)), PIER_OK);
	assert_int_equal(c.intr, 10);
	assert_int_equal(reader(&c, 4, 11), PIER_OK);
	assert_int_equal(reader(&c, 5, 12), PIER_E_RIGHTS);
	assert_int_equal(dropped[12], 1);       /* the refused grant is not kept */
	assert_int_equal(c.reader, 11);         /* and the shell still reads */
	/* Only the controller names the foreground, with exactly 8 bytes. */
	assert_int_equal(foreground(&c, 5, 5), PIER_E_RIGHTS);
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_FOREGROUND, 4, 0, &small, 4)),
			 PIER_E_PACKET_SIZE);
	assert_int_equal(foreground(&c, 4, 5), PIER_OK);
	assert_int_equal(reader(&c, 5, 13), PIER_OK);
	assert_int_equal(c.reader, 13);
	assert_int_equal(reader(&c, 6, 14), PIER_E_RIGHTS);
	/* The shell takes the foreground back: 5's reader is dropped at once. */
	assert_int_equal(foreground(&c, 4, 0), PIER_OK);
	assert_int_equal(c.reader, 0);
	assert_int_equal(dropped[13], 1);
	assert_int_equal(reader(&c, 5, 15), PIER_E_RIGHTS);
	assert_int_equal(reader(&c, 4, 16), PIER_OK);
}

/* Another space registering a Ctrl-C port becomes the controller, with no foreground. */
static void test_new_controller(void **state)
{
	struct coninput c = { 0 };

	(void)state;
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_INTR, 4, 10, NULL, 0)), PIER_OK);
	assert_int_equal(foreground(&c, 4, 5), PIER_OK);
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_INTR, 7, 11, NULL, 0)), PIER_OK);
	assert_int_equal(dropped[10], 1);
	assert_int_equal(c.controller, 7);
	assert_int_equal(c.foreground, 0);
	assert_int_equal(reader(&c, 5, 12), PIER_E_RIGHTS);
	assert_int_equal(reader(&c, 4, 13), PIER_E_RIGHTS);
	/* A Ctrl-C port withdrawn: no controller, anyone reads again. */
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_INTR, 7, 0, NULL, 0)), PIER_OK);
	assert_int_equal(c.controller, 0);
	assert_int_equal(reader(&c, 5, 14), PIER_OK);
	/* Anything else is not ours. */
	assert_int_equal(coninput_msg(&c, msg(PIER_CONSOLE_WRITE, 5, 0, NULL, 0)), PIER_E_TYPE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_controller, setup),
		cmocka_unit_test_setup(test_controller, setup),
		cmocka_unit_test_setup(test_new_controller, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
