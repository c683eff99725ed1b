# The kernel: generic C in kernel/, arch code in arch/riscv/, the boot image linked in.
# The device tree reader is a library the kernel and programs share
# (lib/fdt/): the kernel builds it with its own flags.
KSRCS += $(wildcard kernel/*.c) $(wildcard lib/fdt/*.c)
KOBJS := $(patsubst %,$(B)/k/%.o,$(KSRCS))
KLIBS := --specs=picolibc.specs -nostartfiles -Wl,--gc-sections \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=none

# Code that runs once or rarely (boot, the device tree, loading programs,
# the task port's bookkeeping and the log), code whose cost is not in
# instructions but in what it does (the space port, which maps and clears
# pages; the careful user copies that walk page tables; the PLIC and timer
# register accessors) and the slow path's kernel-port requests are built
# for size, so the hot paths keep -O2 and .text stays under 32 KiB. Not
# boot_mmu.c: it runs before the MMU is on, and is kept exactly as tested.
KCOLD := kernel/board.c kernel/board_harts.c lib/fdt/fdt.c lib/fdt/fdt_prop.c lib/fdt/fdt_dev.c kernel/cpio.c \
	kernel/elf.c kernel/program.c kernel/task_port.c kernel/task_info.c kernel/dma.c kernel/dma_coherent.c kernel/ccache.c \
	kernel/log.c kernel/main.c kernel/space.c kernel/port.c kernel/port_held.c \
	kernel/port_lend.c kernel/task_lend.c kernel/space_ended.c kernel/watch.c kernel/kmem.c kernel/page_init.c \
	kernel/uaccess.c kernel/space_port.c kernel/kcall.c kernel/device_range.c kernel/board_ccache.c \
	arch/riscv/vm_find.c arch/riscv/vm_fault.c \
	arch/riscv/setup.c \
	arch/riscv/kio.c arch/riscv/dma_cache.c arch/riscv/sbi.c arch/riscv/asid.c arch/riscv/timer.c
kopt = $(if $(filter $<,$(KCOLD)),-Os -msave-restore)

$(B)/k/%.c.o: %.c kernel/build.mk
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) $(kopt) -MMD -MP -c $< -o $@

$(B)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# The boot image (a cpio archive of programs, built in apps/build.mk) is
# linked into the kernel, so one file carries the whole system.
$(BB)/bootimg.o: arch/riscv/bootimg.S $(BB)/bootimg.cpio
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -D__ASSEMBLY__ -DBOOTIMG_PATH='"$(BB)/bootimg.cpio"' -c $< -o $@

$(BB)/pier.elf: $(KOBJS) $(BB)/bootimg.o $(KLDS)
	$(CC) $(LINKARCH) -T $(KLDS) $(KLIBS) -o $@ $(KOBJS) $(BB)/bootimg.o -lc -lgcc

# The Image: raw bytes from the load address, starting with the RISC-V
# "Image" header so both QEMU -kernel and U-Boot booti take it.
$(BB)/Image: $(BB)/pier.elf
	$(OBJCOPY) -O binary $< $@
