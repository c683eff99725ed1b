# Third-party programs built from their own released sources (ports/README.md).
#
# ports/NAME/port.mk says which of the unpacked sources (ports/.src/NAME/,
# made by scripts/fetch-ports.sh) make the program and with which flags:
#   NAME_SRCS    the C files, relative to ports/.src/NAME/
#   NAME_CFLAGS  what the program's own build would pass (defines, -std)
#   NAME_LDFLAGS link flags, e.g. -Wl,-z,stack-size=N for its main stack
# It becomes build/apps/NAME, in the boot image like any other program.
# Nothing of the sources is changed and nothing is added to them: what a
# program needs of the system comes from libpier and picolibc.
PORTS_SRC := ports/.src
PORT_NAMES := $(patsubst ports/%/port.mk,%,$(wildcard ports/*/port.mk))
include $(wildcard ports/*/port.mk)

# The runtime's flags, less -Werror and -std (the program's own build
# picks its standard; its warnings are its authors' business) and less
# libpier's include paths (a port includes only the C library).
PORT_UCFLAGS := $(filter-out -Werror -std=% -I%,$(UCFLAGS))

define port_rule
$(B)/u/$(PORTS_SRC)/$(1)/%.c.o: UCFLAGS := $(PORT_UCFLAGS) $($(1)_CFLAGS)
$(B)/apps/$(1): $(patsubst %,$(B)/u/$(PORTS_SRC)/$(1)/%.o,$($(1)_SRCS)) $$(UPROG_DEPS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(UPROG_LDFLAGS) $($(1)_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(UPROG_LIBS)
endef
$(foreach n,$(PORT_NAMES),$(eval $(call port_rule,$(n))))

# A source that is not there was never fetched: say how to get it.
$(PORTS_SRC)/%.c:
	@echo "$@ is missing: run scripts/fetch-ports.sh (scripts/setup.sh does)" >&2
	@exit 1

UPROG_NAMES += $(PORT_NAMES)
UPROGS += $(patsubst %,$(B)/apps/%,$(PORT_NAMES))
