# Host test of which physical ranges a device handle may cover (kernel/device_range.c).
HOST_TESTS += devrange
HOST_SRCS_devrange := tests/host/test_devrange.c kernel/device_range.c
# pte.h (PTE_PA_END) includes csr.h: the host stand-in comes first (see vm.mk).
$(B)/host/test_devrange: HOSTCFLAGS += -include tests/host/stubs/csr.h -Iarch/riscv
$(B)/host/test_devrange: $(wildcard tests/host/stubs/*.h arch/riscv/*.h)
