# Host test of arch/riscv/fp_insn.h: which illegal instructions the kernel takes as FP use.
HOST_TESTS += fpinsn
HOST_SRCS_fpinsn := tests/host/test_fpinsn.c
$(B)/host/test_fpinsn: HOSTCFLAGS += -Iarch/riscv
