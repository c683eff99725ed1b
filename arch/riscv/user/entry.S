/* Entry stubs: where the kernel starts every activation of a handler in a program. */

/*
 * The kernel enters a handler with a0 = the packet (on the port's stack),
 * a1 = the port's argument word, sp just below the packet, 16-byte aligned,
 * and every other register zero. So each stub:
 *  - points tp at the program's TLS block, since picolibc keeps errno there
 *    and reaches it tp-relative (local-exec); see lib/user.ld;
 *  - leaves gp alone: -mno-relax and no __global_pointer$ mean no code uses it;
 *  - leaves ra and s0 zero, which ends a debugger's backtrace here;
 *  - ends the activation through pier_rt_return (lib/crt0.c), which issues
 *    the PIER_OP_RETURN frame with the handler's result and never comes back.
 */
	.section .text.pier_entry, "ax", @progbits

/* The start port: entry = the ELF entry point, argument word unused. */
	.globl _start
	.type _start, @function
_start:
	lla	tp, __tls_base
	call	pier_rt_start		/* a0 = main's result, if main returned */
	tail	pier_rt_return
	.size _start, . - _start

/* The runtime's own ports (lib/rt_port.c): the argument word is the C
 * handler, and they share the main port's TLS block (they touch no errno).
 * The packet is kept in s1 (callee-saved) for pier_rt_return_packet,
 * which drops a granted handle the handler did not take. */
	.globl pier_entry
	.type pier_entry, @function
pier_entry:
	lla	tp, __tls_base
	mv	s1, a0
	jalr	a1			/* a0 = handler(packet) */
	mv	a1, s1
	tail	pier_rt_return_packet
	.size pier_entry, . - pier_entry

/* Ports made by pier_port_create and served by pier_port_attach: the
 * argument word is a struct port_tls (lib/port_tls.h), the handler and
 * the port's own TLS block, so errno is each port's own. */
	.globl pier_entry_tls
	.type pier_entry_tls, @function
pier_entry_tls:
	ld	tp, 8(a1)
	ld	a1, 0(a1)
	mv	s1, a0
	jalr	a1			/* a0 = handler(packet) */
	mv	a1, s1
	tail	pier_rt_return_packet
	.size pier_entry_tls, . - pier_entry_tls
