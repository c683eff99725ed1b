# make bench: the benchmark figures of issue 6, counted in guest instructions under QEMU -icount.
#   make bench    boots the benchmark kernel with manifest=bench.manifest, prints the table,
#                 writes $(B)/bench.json

# The benchmark kernel: the same sources and boot image, compiled again with
# -DPIER_BENCH so the kernel stamps interrupt and timer packets with instret
# (figures 6 and 7). Normal builds carry none of it. Figure 11 is the size
# of the normal kernel's .text, not of this one.
BENCHK := $(BB)/bench
BKOBJS := $(patsubst %,$(B)/kb/%.o,$(KSRCS))

$(B)/kb/%.c.o: %.c kernel/build.mk
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) $(kopt) -DPIER_BENCH -MMD -c $< -o $@

$(B)/kb/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -DPIER_BENCH -D__ASSEMBLY__ -MMD -c $< -o $@

$(BENCHK)/pier.elf: $(BKOBJS) $(BB)/bootimg.o $(KLDS)
	@mkdir -p $(dir $@)
	$(CC) $(LINKARCH) -T $(KLDS) $(KLIBS) -o $@ $(BKOBJS) $(BB)/bootimg.o -lc -lgcc

$(BENCHK)/Image: $(BENCHK)/pier.elf
	$(OBJCOPY) -O binary $< $@

# The bench-smoke case boots it too ({kdir}/bench/Image).
test qemu-test: $(BENCHK)/Image

.PHONY: bench
bench: $(BENCHK)/Image $(BB)/pier.elf
	$(PYTHON) scripts/bench.py --qemu $(QEMU) --kernel $(BENCHK)/Image \
		--elf $(BB)/pier.elf --size $(CROSS)size --json $(B)/bench.json \
		--log $(B)/bench.log
