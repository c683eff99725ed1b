# Host test of the 16550 driver's hardware part against a simulated register file.
HOST_TESTS += uart16550
HOST_SRCS_uart16550 := tests/host/test_uart16550.c drivers/uart-ns16550/uart16550.c
# UART16550_SIM sends every register access to the test's simulation.
$(B)/host/test_uart16550: HOSTCFLAGS += -DUART16550_SIM -Idrivers/uart-ns16550
$(B)/host/test_uart16550: drivers/uart-ns16550/uart16550.h
