# Host test of handler stacks mapped on first touch (kernel/port_stack.c)
# and of kernel copies into them from outside the space (kernel/uaccess.c's
# table walk), over the real page tables and page allocator (vm.mk, read
# after this file: hence the deferred expansions).
HOST_TESTS += stackgrow
HOST_SRCS_stackgrow = tests/host/test_stackgrow.c kernel/port_stack.c kernel/uaccess.c kernel/image.c \
	$(VM_HOST_SRCS)
$(B)/host/test_stackgrow: HOSTCFLAGS += $(foreach h,csr boot asid,-include tests/host/stubs/$(h).h) -include tests/host/stubs/uaccess_leaf.h \
	-Iarch/riscv
$(B)/host/test_stackgrow: $(wildcard tests/host/stubs/*.h arch/riscv/*.h)
