# QEMU virt: Debian's OpenSBI fw_dynamic (QEMU's default -bios) loads Pier at 0x80200000.
QEMU_BOARD_ARGS := -machine virt -smp 1 -m 128M -nographic -bios default
