# make fuzz: one long run of the kernel fuzzer (tests/qemu/progs/fuzz) in QEMU, judged by scripts/fuzzrun.py.
#   make fuzz                       100000 frames from a random seed, which it prints
#   make fuzz SEED=7 FRAMES=20000   that seed again, that many frames
#   make fuzz SMP=4                 on four harts
#   make fuzz AVOID=known           without the bug classes fixed since (docs/testing.md)
#   make fuzz TRACE=5000            every frame main makes from step 5000 on
# It fails, naming the seed, on a kernel panic, a FAIL line, the fuzzer
# faulting or ending badly, or FUZZ_HANG seconds without a progress line.
FRAMES ?= 100000
SMP ?= 1
FUZZ_QUOTA ?= 1000
FUZZ_HANG ?= 60

.PHONY: fuzz
fuzz: $(BB)/Image
	$(PYTHON) scripts/fuzzrun.py --qemu $(QEMU) --kernel $(BB)/Image --logs $(B)/fuzz-logs \
		--frames $(FRAMES) --smp $(SMP) --quota $(FUZZ_QUOTA) --hang $(FUZZ_HANG) \
		$(if $(SEED),--seed $(SEED)) $(if $(AVOID),--avoid $(AVOID)) \
		$(if $(TRACE),--trace $(TRACE))
