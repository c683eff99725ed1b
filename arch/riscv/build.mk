# RISC-V arch part of the kernel.
KSRCS += $(wildcard arch/riscv/*.c) $(filter-out arch/riscv/bootimg.S,$(wildcard arch/riscv/*.S))
KLDS := arch/riscv/kernel.ld
