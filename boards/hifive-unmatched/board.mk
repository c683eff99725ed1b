# SiFive HiFive Unmatched (FU740): a real board, booted by its U-Boot with booti; no QEMU model.
# make BOARD=hifive-unmatched gives build/hifive-unmatched/deploy/: Image, boot.scr, boot.scr.uimg.
all: deploy
