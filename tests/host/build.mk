# Host unit tests: portable kernel logic built for the host with ASan and UBSan.
# Each tests/host/<name>.mk adds:  HOST_TESTS += <name>
#                                   HOST_SRCS_<name> := tests/host/test_<name>.c kernel/....c
HOST_TESTS :=
include $(filter-out tests/host/build.mk,$(wildcard tests/host/*.mk))

HOST_BINS := $(patsubst %,$(B)/host/test_%,$(HOST_TESTS))

define host_test_rule
$(B)/host/test_$(1): $$(HOST_SRCS_$(1)) $$(wildcard kernel/*.h lib/fdt/*.h include/pier/*.h tests/host/*.h)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $$(HOSTCFLAGS) -o $$@ $$(HOST_SRCS_$(1)) $$(HOSTLIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

host-build: $(HOST_BINS)
