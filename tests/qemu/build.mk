# make test: host unit tests and QEMU system tests through one runner, one summary line.
#   make test K=prio        only tests whose name matches the regex
#   make test TEST_JOBS=1   one QEMU at a time (the default runs two)
TEST_JOBS ?= 2
TESTRUN := $(PYTHON) scripts/testrun.py --qemu $(QEMU) --dtb-dir $(DTB_DIR) \
	--logs $(B)/test-logs --cases tests/qemu/cases.py -j $(TEST_JOBS) \
	$(if $(K),-k '$(K)')

# What the U-Boot cases boot (boards/uboot.mk): the booti disk and TFTP
# directory, and a disk whose uImage bootm puts at QEMU_TEST_ALT_ADDR, a
# second load address in another GiB of RAM (the case runs with 2 GiB).
QEMU_TEST_ALT_ADDR := 0xc0200000
QEMU_TEST_FILES := $(UB)/disk.img $(UB)/tftp/Image $(UB)/tftp/boot.scr.uimg $(UB)/at-disk.img

$(UB)/pier.uimg: $(BB)/Image
	@mkdir -p $(dir $@)
	$(MKIMAGE) -A riscv -O linux -T kernel -C none -a $(QEMU_TEST_ALT_ADDR) \
		-e $(QEMU_TEST_ALT_ADDR) -n "Pier at $(QEMU_TEST_ALT_ADDR)" -d $< $@ >/dev/null
$(UB)/at/boot.scr: tests/qemu/uboot/bootm-at.cmd
	@mkdir -p $(dir $@)
	$(MKIMAGE) -A riscv -O linux -T script -C none -n "Pier bootm" -d $< $@ >/dev/null
$(UB)/at-disk.img: $(UB)/pier.uimg $(UB)/at/boot.scr scripts/mkbootdisk.py
	$(PYTHON) scripts/mkbootdisk.py $@ $(UB)/pier.uimg $(UB)/at/boot.scr

# One recipe, not host-test and qemu-test as prerequisites: under make -j
# those would run side by side and print two summaries. The prerequisites
# (kernel and host binaries) do build in parallel.
test: $(BB)/Image $(QEMU_TEST_FILES) $(HOST_BINS)
	$(TESTRUN) --kernel $(BB)/Image $(HOST_BINS)

qemu-test: $(BB)/Image $(QEMU_TEST_FILES)
	$(TESTRUN) --kernel $(BB)/Image

host-test: $(HOST_BINS)
	$(TESTRUN) $(HOST_BINS)
