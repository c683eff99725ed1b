# make test: host unit tests and QEMU system tests through one runner, one summary line.
#   make test K=prio        only tests whose name matches the regex
#   make test TEST_JOBS=1   one QEMU at a time (the default runs two)
TEST_JOBS ?= 2
TESTRUN := $(PYTHON) scripts/testrun.py --qemu $(QEMU) --dtb-dir $(DTB_DIR) \
	--logs $(B)/test-logs --cases tests/qemu/cases.py -j $(TEST_JOBS) \
	$(if $(K),-k '$(K)')

# One recipe, not host-test and qemu-test as prerequisites: under make -j
# those would run side by side and print two summaries. The prerequisites
# (kernel and host binaries) do build in parallel.
test: $(BB)/Image $(HOST_BINS)
	$(TESTRUN) --kernel $(BB)/Image $(HOST_BINS)

qemu-test: $(BB)/Image
	$(TESTRUN) --kernel $(BB)/Image

host-test: $(HOST_BINS)
	$(TESTRUN) $(HOST_BINS)
