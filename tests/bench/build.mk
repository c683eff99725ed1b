# make bench: the benchmark figures of issue 6, counted in guest instructions under QEMU -icount.
#   make bench    boots the benchmark kernel with manifest=bench.manifest, prints the table,
#                 writes $(B)/bench.json

# The benchmark kernel: the same sources and boot image, compiled again with
# -DPIER_BENCH so the kernel stamps interrupt and timer packets with instret
# (figures 6 and 7). Normal builds carry none of it. Figure 11 is the size
# of the normal kernel's .text, not of this one.
BENCHK := $(BB)/bench
# The interrupts-off kernel: the benchmark kernel with -DPIER_IRQOFF too,
# which stamps every kernel entry and exit to find the longest stretch with
# interrupts off (figure 12). Those stamps cost instructions on every path,
# so the other figures come from the kernel without them.
IRQOFFK := $(BB)/bench-irqoff

# $(1): object directory under $(B), $(2): where pier.elf and Image go, $(3): flags.
define bench_kernel
$(B)/$(1)/%.c.o: %.c kernel/build.mk
	@mkdir -p $$(dir $$@)
	$$(CC) $$(KCFLAGS) $$(kopt) $(3) -MMD -MP -c $$< -o $$@

$(B)/$(1)/%.S.o: %.S
	@mkdir -p $$(dir $$@)
	$$(CC) $$(KCFLAGS) $(3) -D__ASSEMBLY__ -MMD -MP -c $$< -o $$@

$(2)/pier.elf: $$(patsubst %,$(B)/$(1)/%.o,$$(KSRCS)) $$(BB)/bootimg.o $$(KLDS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LINKARCH) -T $$(KLDS) $$(KLIBS) -o $$@ $$(filter %.o,$$^) -lc -lgcc

$(2)/Image: $(2)/pier.elf
	$$(OBJCOPY) -O binary $$< $$@
endef
$(eval $(call bench_kernel,kb,$(BENCHK),-DPIER_BENCH))
$(eval $(call bench_kernel,ki,$(IRQOFFK),-DPIER_BENCH -DPIER_IRQOFF))

# The bench-smoke case boots the interrupts-off kernel ({kdir}/bench-irqoff/Image),
# which prints every line; the other is built so that it cannot rot.
test qemu-test: $(BENCHK)/Image $(IRQOFFK)/Image

.PHONY: bench
bench: $(BENCHK)/Image $(IRQOFFK)/Image $(BB)/pier.elf
	$(PYTHON) scripts/bench.py --qemu $(QEMU) --kernel $(BENCHK)/Image \
		--irqoff-kernel $(IRQOFFK)/Image \
		--elf $(BB)/pier.elf --size $(CROSS)size --json $(B)/bench.json \
		--log $(B)/bench.log
