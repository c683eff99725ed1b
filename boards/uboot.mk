# U-Boot: the boot scripts a real board needs, and qemu-virt booted through Debian's U-Boot as a board boots.
#   make bootscr          $(BB)/uboot/boot.scr and boot.scr.uimg (for SD card and TFTP)
#   make deploy           the Image and both scripts in $(BB)/deploy/, ready to copy
#   make run-uboot        qemu-virt: U-Boot finds boot.scr on a virtio disk and booti's the Image
#   make run-uboot-tftp   qemu-virt: U-Boot fetches boot.scr.uimg and the Image over TFTP
MKIMAGE ?= mkimage
UB := $(BB)/uboot

# A board.mk that can run U-Boot under QEMU sets QEMU_UBOOT_ARGS.
QEMU_UBOOT_ARGS ?=

$(UB)/boot.scr: boards/uboot/boot.cmd
	@mkdir -p $(dir $@)
	$(MKIMAGE) -A riscv -O linux -T script -C none -n "Pier boot" -d $< $@ >/dev/null

$(UB)/boot.scr.uimg: boards/uboot/tftp.cmd
	@mkdir -p $(dir $@)
	$(MKIMAGE) -A riscv -O linux -T script -C none -n "Pier TFTP boot" -d $< $@ >/dev/null

# What U-Boot's distro boot scans: an MBR, one bootable FAT partition, Image and boot.scr.
$(UB)/disk.img: $(BB)/Image $(UB)/boot.scr scripts/mkbootdisk.py
	$(PYTHON) scripts/mkbootdisk.py $@ $(BB)/Image $(UB)/boot.scr

# The TFTP server's directory (QEMU's -netdev user,tftp=...).
$(UB)/tftp/Image: $(BB)/Image
	@mkdir -p $(dir $@)
	cp $< $@
$(UB)/tftp/boot.scr.uimg: $(UB)/boot.scr.uimg
	@mkdir -p $(dir $@)
	cp $< $@

.PHONY: bootscr deploy run-uboot run-uboot-tftp uboot-check
bootscr: $(UB)/boot.scr $(UB)/boot.scr.uimg

deploy: $(BB)/Image bootscr
	rm -rf $(BB)/deploy
	mkdir -p $(BB)/deploy
	cp $(BB)/Image $(UB)/boot.scr $(UB)/boot.scr.uimg $(BB)/deploy/
	@echo "deploy: $(BB)/deploy/ holds Image, boot.scr (SD card) and boot.scr.uimg (TFTP); see boards/$(BOARD)/README.md"

uboot-check:
	@test -n "$(QEMU_UBOOT_ARGS)" || { echo "BOARD=$(BOARD) has no U-Boot under QEMU: use BOARD=qemu-virt" >&2; exit 1; }

run-uboot: uboot-check $(UB)/disk.img
	$(QEMU) $(QEMU_UBOOT_ARGS) -drive file=$(UB)/disk.img,format=raw,if=none,id=disk,readonly=on \
		-device virtio-blk-device,drive=disk $(QEMU_EXTRA)

run-uboot-tftp: uboot-check $(UB)/tftp/Image $(UB)/tftp/boot.scr.uimg
	$(QEMU) $(QEMU_UBOOT_ARGS) -netdev user,id=net,tftp=$(UB)/tftp \
		-device virtio-net-device,netdev=net $(QEMU_EXTRA)
