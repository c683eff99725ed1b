/* Host tests of arch/riscv/fp_insn.h: FP instructions from others (vector ones above all), and riscv,isa. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fp_insn.h"

/* Encodings as the assembler writes them (riscv64-unknown-elf-as, rv64gcv). */
static void test_fp(void **state)
{
	static const uint32_t fp[] = {
		0x00053007,     /* fld ft0, 0(a0) */
		0x00052007,     /* flw ft0, 0(a0) */
		0x00a53027,     /* fsd fa0, 0(a0) */
		0x02b57553,     /* fadd.d fa0, fa0, fa1 */
		0x00b57553,     /* fadd.s fa0, fa0, fa1 */
		0x6ab57543,     /* fmadd.d fa0, fa0, fa1, fa3 */
		0x6ab5754f,     /* fnmadd.d */
		0x5a057553,     /* fsqrt.d fa0, fa0 */
		0xf2000053,     /* fmv.d.x ft0, zero */
		0xe2050553,     /* fmv.x.d a0, fa0 */
		0x003022f3,     /* frcsr t0 (csrrs t0, fcsr, zero) */
		0x00329073,     /* fscsr t0 */
		0x00215073,     /* fsrmi 2 */
		0x001022f3,     /* frflags t0 */
		0x2108,         /* c.fld fa0, 0(a0) */
		0xa108,         /* c.fsd fa0, 0(a0) */
		0x2502,         /* c.fldsp fa0, 0(sp) */
		0xa02a,         /* c.fsdsp fa0, 0(sp) */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(fp) / sizeof(fp[0]); i++)
		assert_true(fp_insn(fp[i]));
}

static void test_not_fp(void **state)
{
	static const uint32_t other[] = {
		0x0d0072d7,     /* vsetvli t0, zero, e32, m1, ta, ma */
		0x02056007,     /* vle32.v v0, (a0) */
		0x02056027,     /* vse32.v v0, (a0) */
		0x02050007,     /* vle8.v v0, (a0) */
		0x02057007,     /* vle64.v v0, (a0) */
		0x00000073,     /* ecall */
		0x10500073,     /* wfi */
		0xc00022f3,     /* rdcycle t0 */
		0x008022f3,     /* csrr t0, vstart */
		0x004022f3,     /* csrr t0, 4 (no FP CSR) */
		0x00000000,     /* the all-zero illegal halfword */
		0xffffffff,
		0x6108,         /* c.ld a0, 0(a0) */
		0xe108,         /* c.sd a0, 0(a0) */
		0x4501,         /* c.li a0, 0 */
		0x00a50533,     /* add a0, a0, a0 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		assert_false(fp_insn(other[i]));
}

static void test_isa(void **state)
{
	(void)state;
	assert_true(isa_has_fd("rv64imafdc"));
	assert_true(isa_has_fd("rv64imafdch_zicsr_zifencei_zba_sstc"));
	assert_true(isa_has_fd("rv64gc"));
	assert_true(isa_has_fd("RV64IMAFDC"));
	assert_false(isa_has_fd("rv64imac"));
	assert_false(isa_has_fd("rv64imafc"));
	assert_false(isa_has_fd("rv64imac_zfinx_zdinx"));  /* letters after '_' do not count */
	assert_false(isa_has_fd("rv64imac_d"));
	assert_false(isa_has_fd(""));
	assert_false(isa_has_fd("x"));
	assert_false(isa_has_fd("fd"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fp),
		cmocka_unit_test(test_not_fp),
		cmocka_unit_test(test_isa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
