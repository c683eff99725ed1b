/* Is an instruction one that needs the FPU (F or D)? Pure decoding, shared with a host test. */
#ifndef FP_INSN_H
#define FP_INSN_H

#include <stdbool.h>
#include <stdint.h>

/*
 * insn: the instruction's bits as fetched (a 16-bit one in the low half).
 * True for what sstatus.FS = Off makes illegal in RV64 with F and D:
 * FP loads and stores (but not the vector ones sharing their opcodes),
 * the fused multiply-adds, OP-FP, C.FLD/C.FSD/C.FLDSP/C.FSDSP, and a CSR
 * instruction naming fflags, frm or fcsr. Anything else (vector code
 * included: sstatus.VS stays off) is an illegal instruction as such.
 */
static inline bool fp_insn(uint32_t insn)
{
	uint32_t op = insn & 0x7f, width = (insn >> 12) & 7, csr = insn >> 20;

	if ((insn & 3) != 3) {          /* compressed: quadrants 0 and 2, funct3 001 or 101 */
		uint32_t q = insn & 3, f3 = (insn >> 13) & 7;

		return (q == 0 || q == 2) && (f3 == 1 || f3 == 5);
	}
	switch (op) {
	case 0x07:                      /* LOAD-FP */
	case 0x27:                      /* STORE-FP: widths 1-4 are FP, 0 and 5-7 vector */
		return width >= 1 && width <= 4;
	case 0x43: case 0x47: case 0x4b: case 0x4f:     /* FMADD, FMSUB, FNMSUB, FNMADD */
	case 0x53:                      /* OP-FP */
		return true;
	case 0x73:                      /* SYSTEM: csrr* of fflags (1), frm (2), fcsr (3) */
		return width != 0 && width != 4 && csr >= 1 && csr <= 3;
	}
	return false;
}

/*
 * Does a riscv,isa string ("rv64imafdc_zicsr...") name F and D? Only the
 * single letters before the first '_' count; G stands for IMAFD.
 */
static inline bool isa_has_fd(const char *isa)
{
	bool f = false, d = false;
	unsigned i = 0;

	if ((isa[0] | 0x20) != 'r' || (isa[1] | 0x20) != 'v')
		return false;
	for (i = 2; isa[i] >= '0' && isa[i] <= '9'; i++)
		;
	for (; isa[i] && isa[i] != '_'; i++) {   /* bounded by the string */
		char c = (char)(isa[i] | 0x20);

		f |= c == 'f' || c == 'g';
		d |= c == 'd' || c == 'g';
	}
	return f && d;
}

#endif
