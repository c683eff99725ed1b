# User programs (apps/<name>/, drivers/<name>/, tests/qemu/progs/<name>/) and the boot image holding them.

# A program is a directory with C files; its ELF is $(B)/apps/<name>.
# drivers/common/ is not a program: code the drivers share, listed below.
UPROG_SRCDIRS := $(filter-out drivers/common/,$(sort $(dir $(wildcard apps/*/*.c drivers/*/*.c tests/qemu/progs/*/*.c))))
UPROG_NAMES := $(foreach d,$(UPROG_SRCDIRS),$(notdir $(d:%/=%)))
ifneq ($(words $(UPROG_NAMES)),$(words $(sort $(UPROG_NAMES))))
$(error two program directories share a name: $(UPROG_SRCDIRS))
endif
UPROGS := $(patsubst %,$(B)/apps/%,$(UPROG_NAMES))

# Sources a program takes from elsewhere. No program compiles kernel
# sources: the device tree reader is in libpier (lib/fdt/, lib/dt.c).
# The tests that make device handles share a helper over it.
UPROG_EXTRA_devrange := tests/qemu/common/dtdev.c
UPROG_EXTRA_lazystack := tests/qemu/common/dtdev.c
# Those that count free pages load their whole image first.
UPROG_EXTRA_share := tests/qemu/common/image_touch.c
UPROG_EXTRA_mem := tests/qemu/common/image_touch.c
UPROG_EXTRA_lend := tests/qemu/common/image_touch.c
UPROG_EXTRA_multidev := $(UPROG_EXTRA_devrange)
UPROG_EXTRA_dma := $(UPROG_EXTRA_devrange)
$(B)/u/tests/qemu/progs/%.c.o $(B)/u/tests/qemu/common/%.c.o: UCFLAGS += -iquote tests/qemu/common
# The UART drivers share their console server.
UPROG_EXTRA_uart-ns16550 := drivers/common/uartcon.c drivers/common/coninput.c
UPROG_EXTRA_uart-sifive := drivers/common/uartcon.c drivers/common/coninput.c
# virtio drivers share the transport.
VIRTIO_SRCS := drivers/common/virtio.c drivers/common/virtq.c drivers/common/virtio_mmio.c \
	drivers/common/virtio_main.c
UPROG_EXTRA_virtio-rng := $(VIRTIO_SRCS)
# Block drivers share the block protocol's server side.
BLKSRV_SRCS := drivers/common/blksrv.c drivers/common/blkcheck.c
UPROG_EXTRA_virtio-blk := $(VIRTIO_SRCS) $(BLKSRV_SRCS)
UPROG_EXTRA_sd-spi := $(BLKSRV_SRCS)
$(B)/u/drivers/%.c.o: UCFLAGS += -iquote drivers/common
# init's name-port entry stub is assembly, under arch/.
UPROG_EXTRA_init := arch/riscv/user/names_entry.S
# The benchmark's handler entry stubs are assembly, under arch/.
UPROG_EXTRA_bench := arch/riscv/user/bench_stubs.S
# Link flags of one program: the main stack its note asks (lib/user.ld).
UPROG_LDFLAGS_stacknote := -Wl,--defsym=__pier_stack_size=2097152
UPROG_LDFLAGS_stackbig := -Wl,--defsym=__pier_stack_size=8392704

# $(1) = name, $(2) = its source directory (with a trailing slash).
define uprog_rule
$(B)/apps/$(1): $(patsubst %,$(B)/u/%.o,$(wildcard $(2)*.c $(2)*.S) $(UPROG_EXTRA_$(1))) $$(UPROG_DEPS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(UPROG_LDFLAGS) $$(UPROG_LDFLAGS_$(1)) -o $$@ $$(filter %.o,$$^) $$(UPROG_LIBS)
endef
$(foreach d,$(UPROG_SRCDIRS),$(eval $(call uprog_rule,$(notdir $(d:%/=%)),$(d))))

# Third-party programs (ports/) join the programs here, before the boot
# image's rule names them all.
include ports/build.mk

.PHONY: apps
apps: $(UPROGS)

# The boot image: a cpio (newc) archive of the programs, without debug
# info, and the board's manifest, all at top level in sorted order. Fixed
# modes and times make the archive depend only on its contents.
# Not named *.d: the top Makefile includes every such path as dependencies.
BOOTIMG_DIR := $(BB)/bootimg-files
# Test manifests (tests/qemu/manifests/*.manifest) go in too: init reads
# one instead of the board's with manifest=NAME.
TEST_MANIFESTS := $(wildcard tests/qemu/manifests/*.manifest)
# Files the test programs read (tests/qemu/files/: Lua scripts, say).
TEST_FILES := $(wildcard tests/qemu/files/*)
$(BB)/bootimg.cpio: $(UPROGS) boards/$(BOARD)/manifest $(TEST_MANIFESTS) $(TEST_FILES) apps/build.mk
	rm -rf $(BOOTIMG_DIR)
	mkdir -p $(BOOTIMG_DIR)
	$(foreach p,$(UPROGS),$(OBJCOPY) --strip-debug $(p) $(BOOTIMG_DIR)/$(notdir $(p)) &&) true
	cp boards/$(BOARD)/manifest $(TEST_MANIFESTS) $(TEST_FILES) $(BOOTIMG_DIR)/
	chmod 644 $(BOOTIMG_DIR)/*
	chmod 755 $(addprefix $(BOOTIMG_DIR)/,$(UPROG_NAMES))
	touch -d @0 $(BOOTIMG_DIR)/*
	cd $(BOOTIMG_DIR) && ls | LC_ALL=C sort | \
		cpio -o -H newc --reproducible --quiet > $(abspath $@).tmp
	mv $@.tmp $@
