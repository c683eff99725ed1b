# Pier's U-Boot script for network boot (mkimage -T script makes boot.scr.uimg of it).
# U-Boot's "dhcp" boot target fetches boot.scr.uimg from the TFTP server and runs it.
echo Pier: loading Image over TFTP from ${serverip}
tftpboot ${kernel_addr_r} Image
# As boot.cmd: pier.dtb from the server if it has one, else U-Boot's own tree.
if tftpboot ${fdt_addr_r} pier.dtb; then echo Pier: using pier.dtb; else fdt move ${fdtcontroladdr} ${fdt_addr_r}; fi
booti ${kernel_addr_r} - ${fdt_addr_r}
