/* Host tests of frame validation: every bad header field has its own status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pier/pier.h>
#include "frame.h"

static struct pier_frame good(unsigned op)
{
	return (struct pier_frame){ .frmsz = sizeof(struct pier_frame),
				    .flags = op, .dst = PIER_H_DEBUG };
}

static void test_ops_accepted(void **state)
{
	(void)state;
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_RETURN; op++) {
		struct pier_frame f = good(op);
		assert_int_equal(frame_check(&f), PIER_OK);
		assert_int_equal(frame_op(&f), op);
	}
}

static void test_bad_size(void **state)
{
	struct pier_frame f = good(PIER_OP_SEND);

	(void)state;
	f.frmsz = 0;
	assert_int_equal(frame_check(&f), PIER_E_FRAME_SIZE);
	f.frmsz = sizeof(f) + 8;
	assert_int_equal(frame_check(&f), PIER_E_FRAME_SIZE);
	f.frmsz = sizeof(f) - 8;
	assert_int_equal(frame_check(&f), PIER_E_FRAME_SIZE);
}

static void test_bad_flags(void **state)
{
	struct pier_frame f = good(PIER_OP_SEND);

	(void)state;
	f.flags = 0;
	assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	for (unsigned op = PIER_OP_RETURN + 1; op <= PIER_OP_MASK; op++) {
		f.flags = op;
		assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	}
	for (unsigned bit = 4; bit < 16; bit++) {
		if ((1u << bit) == PIER_F_ANSWER)
			continue;       /* the one modifier a send may carry */
		f.flags = PIER_OP_SEND | (1u << bit);
		assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	}
	for (unsigned bit = 6; bit < 16; bit++) {
		f.flags = PIER_OP_RETURN | (1u << bit);
		assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	}
}

/* Hold goes with return only, held with reply only. */
static void test_hold_flags(void **state)
{
	struct pier_frame f = good(PIER_OP_RETURN);

	(void)state;
	f.flags = PIER_OP_RETURN | PIER_F_HOLD;
	assert_int_equal(frame_check(&f), PIER_OK);
	f.flags = PIER_OP_REPLY | PIER_F_HELD;
	assert_int_equal(frame_check(&f), PIER_OK);
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_RETURN; op++) {
		f.flags = op | PIER_F_HOLD;
		assert_int_equal(frame_check(&f), op == PIER_OP_RETURN ? PIER_OK : PIER_E_FLAGS);
		f.flags = op | PIER_F_HELD;
		assert_int_equal(frame_check(&f), op == PIER_OP_REPLY ? PIER_OK : PIER_E_FLAGS);
	}
	f.flags = PIER_OP_RETURN | PIER_F_HOLD | PIER_F_HELD;
	assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	/* An answered request is a send, nothing else. */
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_RETURN; op++) {
		f.flags = op | PIER_F_ANSWER;
		assert_int_equal(frame_check(&f), op == PIER_OP_SEND ? PIER_OK : PIER_E_FLAGS);
	}
}

static void test_packet_size(void **state)
{
	struct pier_frame f = good(PIER_OP_CALL);

	(void)state;
	f.pktsz = PIER_PACKET_MAX;
	assert_int_equal(frame_check(&f), PIER_OK);
	f.pktsz = PIER_PACKET_MAX + 1;
	assert_int_equal(frame_check(&f), PIER_E_PACKET_SIZE);
	f.pktsz = UINT32_MAX;
	assert_int_equal(frame_check(&f), PIER_E_PACKET_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_accepted),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_bad_flags),
		cmocka_unit_test(test_packet_size),
		cmocka_unit_test(test_hold_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
