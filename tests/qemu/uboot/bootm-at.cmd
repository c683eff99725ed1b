# The two-load-address test: U-Boot's bootm copies a legacy uImage to the load address mkimage
# wrote in it (booti would move the Image to RAM base + text_offset) and enters with a0 = hart, a1 = tree.
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} pier.uimg
fdt move ${fdtcontroladdr} ${fdt_addr_r}
bootm ${kernel_addr_r} - ${fdt_addr_r}
