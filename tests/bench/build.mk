# make bench: the benchmark figures of issue 6, counted in guest instructions under QEMU -icount.
#   make bench    boots run=bench, prints the table, writes $(B)/bench.json
.PHONY: bench
bench: $(BB)/Image
	$(PYTHON) scripts/bench.py --qemu $(QEMU) --kernel $(BB)/Image \
		--elf $(BB)/pier.elf --size $(CROSS)size --json $(B)/bench.json \
		--log $(B)/bench.log
