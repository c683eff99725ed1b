/* Entry of init's name ports: the argument word is the program's record, not a C handler. */

/*
 * As arch/riscv/user/entry.S's pier_entry, but a1 (the port's argument, its struct
 * prog) goes to names_port(packet, prog) as its second argument, so one
 * handler serves every program's port and knows whose it is whoever sends
 * (the holder of a name port may have passed it on).
 */
	.section .text.names_entry, "ax", @progbits
	.globl names_entry
	.type names_entry, @function
names_entry:
	lla	tp, __tls_base
	mv	s1, a0
	call	names_port		/* a0 = names_port(packet, prog) */
	mv	a1, s1
	tail	pier_rt_return_packet
	.size names_entry, . - names_entry
