# Host test of the device tree reader and board discovery, against the blobs in
# $(DTB_DIR) and fixtures compiled here from tests/host/dts/*.dts.
HOST_TESTS += fdt
HOST_SRCS_fdt := tests/host/test_fdt.c lib/fdt/fdt.c lib/fdt/fdt_prop.c lib/fdt/fdt_dev.c \
	kernel/board.c kernel/board_harts.c kernel/board_ccache.c
FDT_TEST_DTBS := $(patsubst tests/host/dts/%.dts,$(B)/host/dts/%.dtb,$(wildcard tests/host/dts/*.dts))

# The test finds these next to its binary, in $(B)/host/dts/. libfdt is an
# independent reader to check ours against (and to build odd trees).
$(B)/host/test_fdt: $(FDT_TEST_DTBS)
# libfdt.h includes <fdt.h>: lib/fdt/fdt.h must be found only by "fdt.h".
$(B)/host/test_fdt: HOSTLIBS += -lfdt
$(B)/host/test_fdt: HOSTCFLAGS := $(filter-out -Ikernel -Ilib/fdt,$(HOSTCFLAGS)) -iquote kernel -iquote lib/fdt

$(B)/host/dts/%.dtb: tests/host/dts/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<
