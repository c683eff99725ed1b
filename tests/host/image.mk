# Host test of a program's image loaded on first touch (kernel/image.c):
# which page of which segment, the bytes to copy and zero, the access
# check, and the pages it maps over the real page tables (vm.mk, read
# after this file: hence the deferred expansion).
HOST_TESTS += image
HOST_SRCS_image = tests/host/test_image.c kernel/image.c $(VM_HOST_SRCS)
$(B)/host/test_image: HOSTCFLAGS += $(foreach h,csr boot asid,-include tests/host/stubs/$(h).h) -Iarch/riscv
$(B)/host/test_image: $(wildcard tests/host/stubs/*.h arch/riscv/*.h)
