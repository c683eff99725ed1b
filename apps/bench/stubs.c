/* bench: handler entry stubs in assembly, so a stamp can be the very first instruction. */

/*
 * File-scope asm in a C file because apps/build.mk builds only *.c. The
 * kernel enters a handler with a0 = packet, a1 = the port's argument word,
 * sp set and every other register zero (docs/abi.md).
 */
#include <stddef.h>
#include "bench.h"

/* Ends an activation with status 0; the kernel only reads it. */
struct pier_frame bench_ret_frame = {
	.frmsz = sizeof(struct pier_frame),
	.flags = PIER_OP_RETURN,
};

/* X's send to Y: the peer fills in dst once it holds Y's handle. */
struct pier_frame x_send_frame = {
	.frmsz = sizeof(struct pier_frame),
	.flags = PIER_OP_SEND,
	.type = MSG_STAMP,
};
uint64_t x_stamp;

__asm__(
"	.section .text.bench_stubs, \"ax\", @progbits\n"

/*
 * Like lib/entry.S's pier_entry, with the counter read first: the C
 * handler (a1) gets it as its second argument, and its result goes to
 * pier_rt_return, which issues the PIER_OP_RETURN frame.
 */
"	.globl bench_entry\n"
"	.type bench_entry, @function\n"
"bench_entry:\n"
"	rdinstret t0\n"
"	lla	tp, __tls_base\n"
"	mv	t1, a1\n"
"	mv	a1, t0\n"
"	jalr	t1\n"
"	tail	pier_rt_return\n"
"	.size bench_entry, . - bench_entry\n"

/* The least a handler can do: answer its call (if any) with status 0. */
"	.globl null_entry\n"
"	.type null_entry, @function\n"
"null_entry:\n"
"	lla	a0, bench_ret_frame\n"
"	ecall\n"
"	.size null_entry, . - null_entry\n"

/*
 * Queue a packet for Y, then end the activation; the stamp is taken with
 * only one store between it and the PIER_OP_RETURN ecall.
 */
"	.globl x_entry\n"
"	.type x_entry, @function\n"
"x_entry:\n"
"	lla	a0, x_send_frame\n"
"	ecall\n"
"	lla	a0, bench_ret_frame\n"
"	lla	t1, x_stamp\n"
"	rdinstret t0\n"
"	sd	t0, 0(t1)\n"
"	ecall\n"
"	.size x_entry, . - x_entry\n"
"	.text\n"
);
