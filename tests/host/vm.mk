# Host tests of the Sv39 page tables (arch/riscv/vm.c), of pages shared
# between spaces, of the free-run search, of teardown in steps and of
# pages mapped on touch, over the real page allocator.
HOST_TESTS += vm vmshare vmfind vmreap vmlazy
VM_HOST_SRCS := tests/host/vm_fixture.c arch/riscv/vm.c arch/riscv/vm_find.c arch/riscv/vm_fault.c \
	kernel/page.c kernel/page_init.c kernel/page_ref.c
HOST_SRCS_vm := tests/host/test_vm.c $(VM_HOST_SRCS)
HOST_SRCS_vmshare := tests/host/test_vmshare.c $(VM_HOST_SRCS)
HOST_SRCS_vmfind := tests/host/test_vmfind.c $(VM_HOST_SRCS)
HOST_SRCS_vmreap := tests/host/test_vmreap.c $(VM_HOST_SRCS)
HOST_SRCS_vmlazy := tests/host/test_vmlazy.c $(VM_HOST_SRCS)

# vm.c's quoted includes look in arch/riscv/ before any -I directory, so
# the host stand-ins in tests/host/stubs/ (CSRs as variables, no ASIDs,
# kernel_root the test's) are included first, and their include guards
# keep the real headers out.
VM_STUBS := $(foreach h,csr boot asid,-include tests/host/stubs/$(h).h)
VM_HOST_BINS := $(addprefix $(B)/host/test_,vm vmshare vmfind vmreap vmlazy)
$(VM_HOST_BINS): HOSTCFLAGS += $(VM_STUBS) -Iarch/riscv
$(VM_HOST_BINS): $(wildcard tests/host/stubs/*.h arch/riscv/*.h)
