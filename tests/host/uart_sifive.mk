# Host test of the SiFive UART driver's hardware part against a simulated register file.
HOST_TESTS += uart_sifive
HOST_SRCS_uart_sifive := tests/host/test_uart_sifive.c drivers/uart-sifive/uartsifive.c
# MMIO_SIM (drivers/common/mmio32.h) sends every register access to the test's simulation.
$(B)/host/test_uart_sifive: HOSTCFLAGS += -DMMIO_SIM -Idrivers/common -Idrivers/uart-sifive
$(B)/host/test_uart_sifive: drivers/uart-sifive/uartsifive.h
