# StarFive VisionFive 2 (JH7110): a real board, booted by its U-Boot with booti; no QEMU model.
# make BOARD=visionfive2 gives build/visionfive2/deploy/: Image, boot.scr, boot.scr.uimg.
all: deploy
