# Host test of the Goldfish RTC's hardware part against simulated registers.
HOST_TESTS += goldfish
HOST_SRCS_goldfish := tests/host/test_goldfish.c drivers/rtc-goldfish/goldfish_rtc.c
# MMIO_SIM (drivers/common/mmio32.h) sends every register access to the test's simulation.
$(B)/host/test_goldfish: HOSTCFLAGS += -DMMIO_SIM -Idrivers/common -Idrivers/rtc-goldfish
$(B)/host/test_goldfish: drivers/rtc-goldfish/goldfish_rtc.h
