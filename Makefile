# Pier: one non-recursive Makefile. Each directory adds its part in a build.mk.
#   make            kernel Image with its boot image for $(BOARD)
#   make run        boot it under QEMU (Ctrl-A x quits)
#   make test       host unit tests, then QEMU system tests; one summary line
#   make run-uboot  boot it through U-Boot's booti, as on a real board (boards/uboot.mk)
#   make fuzz       a long run of the kernel fuzzer (tests/fuzz.mk)
BOARD ?= qemu-virt
B := build
BB := $(B)/$(BOARD)

CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
AR := $(CROSS)ar
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc
PYTHON ?= python3
QEMU ?= qemu-system-riscv64
SHARED ?= ../shared
DTB_DIR ?= $(SHARED)/dtb

WARN := -Wall -Wextra -Werror
ARCHFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# User programs have hardware floating point (the kernel lends the FPU
# lazily, arch/riscv/fpu.c; a hart without F and D faults their FP use).
UARCHFLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany
# GCC picks picolibc's multilib by the exact -march string: link as plain rv64imac.
LINKARCH := -march=rv64imac -mabi=lp64 -mcmodel=medany
# The kernel runs C before the MMU is on (arch/riscv/boot_mmu.c and the
# device tree reader), so it must not contain absolute code addresses:
# no jump tables. The linker relaxes (a call becomes one jal), but never
# to gp-relative addressing: see the ASSERT in arch/riscv/kernel.ld.
KCFLAGS := -std=c11 -O2 -g $(WARN) $(ARCHFLAGS) --specs=picolibc.specs -ffreestanding -fno-pie \
	-fno-jump-tables -fno-stack-protector -fno-common \
	-ffunction-sections -fdata-sections -Iinclude -Ikernel -Ilib/fdt -Iarch/riscv
UCFLAGS := -std=c11 -O2 -g $(WARN) $(UARCHFLAGS) --specs=picolibc.specs \
	-fno-pie -fno-stack-protector -mno-relax -ffunction-sections \
	-fdata-sections -Iinclude -Ilib -Iarch/riscv/user
HOSTCFLAGS := -std=c11 -O1 -g $(WARN) -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -DPIER_HOST \
	-Iinclude -Ikernel -Ilib/fdt -Itests/host
HOSTLIBS := -lcmocka

.PHONY: all run test host-test qemu-test clean
all: $(BB)/Image

include boards/$(BOARD)/board.mk
include boards/uboot.mk
include arch/riscv/build.mk
include kernel/build.mk
include lib/build.mk
include apps/build.mk
include tests/host/build.mk
include tests/qemu/build.mk
include tests/bench/build.mk
include tests/fuzz.mk

run: $(BB)/Image
	@test -n "$(QEMU_BOARD_ARGS)" || { echo "BOARD=$(BOARD) is a real board: boot it as boards/$(BOARD)/README.md says" >&2; exit 1; }
	$(QEMU) $(QEMU_BOARD_ARGS) -kernel $(BB)/Image $(QEMU_EXTRA)

clean:
	rm -rf $(B)

-include $(shell find $(B) -type f -name '*.d' 2>/dev/null)
