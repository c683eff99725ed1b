# Pier's U-Boot boot script (mkimage -T script makes boot.scr of it).
# U-Boot's distro boot runs it from the partition it found it on; sourced by
# hand, set devtype, devnum and distro_bootpart first (docs/boards.md).
echo Pier: loading Image from ${devtype} ${devnum}:${distro_bootpart}
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} Image
# The device tree: pier.dtb beside the Image if there is one, else the one
# U-Boot itself runs on (the firmware has fixed its memory and reservations).
if test -e ${devtype} ${devnum}:${distro_bootpart} pier.dtb; then load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} pier.dtb; else fdt move ${fdtcontroladdr} ${fdt_addr_r}; fi
booti ${kernel_addr_r} - ${fdt_addr_r}
