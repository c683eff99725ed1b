# Host test of the SiFive SPI controller's hardware part against a simulated register file.
HOST_TESTS += spi_sifive
HOST_SRCS_spi_sifive := tests/host/test_spi_sifive.c drivers/spi-sifive/spisifive.c
# MMIO_SIM (drivers/common/mmio32.h) sends every register access to the test's simulation.
$(B)/host/test_spi_sifive: HOSTCFLAGS += -DMMIO_SIM -Idrivers/common -Idrivers/spi-sifive
$(B)/host/test_spi_sifive: drivers/spi-sifive/spisifive.h
