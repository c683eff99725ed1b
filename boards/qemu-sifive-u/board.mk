# QEMU sifive_u (a HiFive Unleashed model): hart 0 is an E51 without an MMU, so -smp 2 gives one U54, hart 1, which boots.
# Debian's OpenSBI fw_dynamic (-bios default) loads Pier at 0x80200000; the console is the SiFive UART.
QEMU_BOARD_ARGS := -machine sifive_u -smp 2 -m 128M -nographic -bios default
# make run BOARD=qemu-sifive-u DISK=path.img: the image as the SD card in the slot under the second
# SPI controller; init starts spi-sifive and sd-spi for it ("blk0"). QEMU wants a power-of-two size.
ifneq ($(DISK),)
QEMU_BOARD_ARGS += -drive file=$(DISK),format=raw,if=sd
endif
