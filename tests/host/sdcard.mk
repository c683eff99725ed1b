# Host test of the SD-over-SPI logic (drivers/sd-spi/sdcard.c) against a simulated SPI-mode card.
HOST_TESTS += sdcard
HOST_SRCS_sdcard := tests/host/test_sdcard.c tests/host/sd_card_sim.c drivers/sd-spi/sdcard.c drivers/sd-spi/sdcrc.c
$(B)/host/test_sdcard: HOSTCFLAGS += -Idrivers/sd-spi -Itests/host
$(B)/host/test_sdcard: drivers/sd-spi/sdcard.h tests/host/sd_card_sim.h
