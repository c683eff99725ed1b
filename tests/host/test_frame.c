/* Host tests of frame validation: every bad header field has its own status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_HOLD; op++) {
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
	for (unsigned op = PIER_OP_HOLD + 1; op <= PIER_OP_MASK; op++) {
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
	/* A hold carries no modifier at all. */
	for (unsigned bit = 4; bit < 16; bit++) {
		f.flags = PIER_OP_HOLD | (1u << bit);
		assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	}
}

/* Hold goes with return only, held with reply or return, never both. */
static void test_hold_flags(void **state)
{
	struct pier_frame f = good(PIER_OP_RETURN);

	(void)state;
	f.flags = PIER_OP_RETURN | PIER_F_HOLD;
	assert_int_equal(frame_check(&f), PIER_OK);
	f.flags = PIER_OP_REPLY | PIER_F_HELD;
	assert_int_equal(frame_check(&f), PIER_OK);
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_HOLD; op++) {
		f.flags = op | PIER_F_HOLD;
		assert_int_equal(frame_check(&f), op == PIER_OP_RETURN ? PIER_OK : PIER_E_FLAGS);
		f.flags = op | PIER_F_HELD;
		assert_int_equal(frame_check(&f), op == PIER_OP_REPLY || op == PIER_OP_RETURN ?
				 PIER_OK : PIER_E_FLAGS);
	}
	f.flags = PIER_OP_RETURN | PIER_F_HOLD | PIER_F_HELD;
	assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	/* An answered request is a send, nothing else. */
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_HOLD; op++) {
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

/* Bit 31 is the kernel's: refused for send, call, reply and a return that
 * answers a held call (its type is a reply's), ignored for a plain return. */
static void test_kernel_types(void **state)
{
	static const uint32_t types[] = { PIER_MSG_KERNEL, PIER_MSG_START, PIER_MSG_ANSWER,
					  PIER_MSG_ENDED, 0xffffffffu, 0x80001234u };
	static const uint32_t fine[] = { 0, 1, PIER_MSG_USER_MAX, PIER_MSG_SYSTEM,
					 PIER_HELLO, 0x7fffffffu };

	(void)state;
	for (unsigned op = PIER_OP_SEND; op <= PIER_OP_HOLD; op++) {
		bool typed = op != PIER_OP_RETURN && op != PIER_OP_HOLD;

		for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			struct pier_frame f = good(op);

			f.type = types[i];
			assert_int_equal(frame_check(&f), typed ? PIER_E_TYPE : PIER_OK);
			/* The fast path takes none of them, a return included. */
			assert_false(frame_fields_ok_fast(&f));
			f.flags = op | (op == PIER_OP_REPLY ? PIER_F_HELD :
					op == PIER_OP_SEND ? PIER_F_ANSWER : 0);
			assert_int_equal(frame_check(&f), typed ? PIER_E_TYPE : PIER_OK);
			if (op == PIER_OP_RETURN) {
				f.flags = PIER_OP_RETURN | PIER_F_HELD;
				assert_int_equal(frame_check(&f), PIER_E_TYPE);
			}
		}
		for (unsigned i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
			struct pier_frame f = good(op);

			f.type = fine[i];
			assert_int_equal(frame_check(&f), PIER_OK);
			assert_true(frame_fields_ok_fast(&f));
		}
	}
	/* The type is checked after the flags and before the packet's size. */
	struct pier_frame f = good(PIER_OP_SEND);

	f.type = PIER_MSG_KERNEL;
	f.flags = PIER_OP_SEND | PIER_F_HOLD;
	assert_int_equal(frame_check(&f), PIER_E_FLAGS);
	f.flags = PIER_OP_SEND;
	f.pktsz = PIER_PACKET_MAX + 1;
	assert_int_equal(frame_check(&f), PIER_E_TYPE);
}

/*
 * The fast path's check is a subset of the slow path's: every frame it
 * passes, frame_check passes too, for each flags value ipc_fast takes
 * (the bare operations, and an answer to a held call by reply or return).
 * Fields drawn from their edges, every combination.
 */
static void test_fast_subset(void **state)
{
	static const uint16_t sizes[] = { 0, 8, 55, 56, 57, 0x38 | 0x100, 0xffff };
	static const uint32_t types[] = { 0, 1, 0x7fffffffu, 0x80000000u, 0xffffffffu };
	static const uint32_t pktszs[] = { 0, 1, PIER_PACKET_MAX, PIER_PACKET_MAX + 1, UINT32_MAX };
	static const uint64_t pkts[] = { 0, 0x1000, USER_END - PIER_PACKET_MAX - 1,
					 USER_END - PIER_PACKET_MAX, USER_END - 1, USER_END,
					 KERNEL_BASE, UINT64_MAX };
	static const uint16_t flags[] = { PIER_OP_SEND, PIER_OP_CALL, PIER_OP_REPLY, PIER_OP_RETURN,
					  PIER_OP_HOLD, PIER_OP_REPLY | PIER_F_HELD,
					  PIER_OP_RETURN | PIER_F_HELD };
	unsigned n = 0;

	(void)state;
	for (unsigned op = 0; op < sizeof(flags) / sizeof(flags[0]); op++)
		for (unsigned a = 0; a < sizeof(sizes) / sizeof(sizes[0]); a++)
			for (unsigned b = 0; b < sizeof(types) / sizeof(types[0]); b++)
				for (unsigned c = 0; c < sizeof(pktszs) / sizeof(pktszs[0]); c++)
					for (unsigned d = 0; d < sizeof(pkts) / sizeof(pkts[0]); d++) {
						struct pier_frame f = good(flags[op]);

						f.frmsz = sizes[a];
						f.type = types[b];
						f.pktsz = pktszs[c];
						f.pkt = (const void *)(uintptr_t)pkts[d];
						if (!frame_fields_ok_fast(&f))
							continue;
						n++;
						assert_int_equal(frame_check(&f), PIER_OK);
					}
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_accepted),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_bad_flags),
		cmocka_unit_test(test_packet_size),
		cmocka_unit_test(test_hold_flags),
		cmocka_unit_test(test_kernel_types),
		cmocka_unit_test(test_fast_subset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
