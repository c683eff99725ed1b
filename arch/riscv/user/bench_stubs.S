/* The benchmark's handler entry stubs, so a counter read can be a handler's very first instruction. */

/*
 * The kernel enters a handler with a0 = packet, a1 = the port's argument
 * word, sp set and every other register zero (docs/abi.md). The frames
 * and the stamp they use are C data in apps/bench/stubs.c.
 */
	.section .text.bench_stubs, "ax", @progbits

/*
 * Like arch/riscv/user/entry.S's pier_entry, with the counter read first: the C
 * handler (a1) gets it as its second argument, and its result goes to
 * pier_rt_return, which issues the PIER_OP_RETURN frame.
 */
	.globl bench_entry
	.type bench_entry, @function
bench_entry:
	rdinstret t0
	lla	tp, __tls_base
	mv	t1, a1
	mv	a1, t0
	jalr	t1
	tail	pier_rt_return
	.size bench_entry, . - bench_entry

/* The least a handler can do: answer its call (if any) with status 0. */
	.globl null_entry
	.type null_entry, @function
null_entry:
	lla	a0, bench_ret_frame
	ecall
	.size null_entry, . - null_entry

/*
 * Queue a packet for Y, then end the activation; the stamp is taken with
 * only one store between it and the PIER_OP_RETURN ecall.
 */
	.globl x_entry
	.type x_entry, @function
x_entry:
	lla	a0, x_send_frame
	ecall
	lla	a0, bench_ret_frame
	lla	t1, x_stamp
	rdinstret t0
	sd	t0, 0(t1)
	ecall
	.size x_entry, . - x_entry
