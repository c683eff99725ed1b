# SiFive HiFive Unleashed (FU540): a real board, booted by its U-Boot with booti (QEMU's model of it is qemu-sifive-u).
# make BOARD=hifive-unleashed gives build/hifive-unleashed/deploy/: Image, boot.scr, boot.scr.uimg.
all: deploy
