# QEMU virt: Debian's OpenSBI fw_dynamic (QEMU's default -bios) loads Pier at 0x80200000.
# A virtio entropy device in one of the virtio-mmio slots: init starts virtio-rng for it ("rng0").
QEMU_BOARD_ARGS := -machine virt -smp 1 -m 128M -nographic -bios default \
	-device virtio-rng-device
# make run-uboot: Debian's U-Boot (u-boot-qemu) in S-mode as OpenSBI's payload, as on a real
# board. 256 MiB: its scriptaddr and fdt_addr_r lie above 128 MiB.
QEMU_UBOOT_ARGS := -machine virt -smp 1 -m 256M -nographic -bios default \
	-kernel /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
# make run DISK=path.img: a raw disk image as a virtio block device; init starts virtio-blk for it ("blk0").
ifneq ($(DISK),)
QEMU_BOARD_ARGS += -drive file=$(DISK),format=raw,if=none,id=disk0 -device virtio-blk-device,drive=disk0
endif
