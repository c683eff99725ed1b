# The user runtime: build/lib/libpier.a, and how to link a program against it.
# It holds the device tree reader (lib/fdt/, shared with the kernel) too:
# programs include <fdt/fdt.h>.
ULIB := $(B)/lib/libpier.a
# The entry stubs and the system call are RISC-V assembly: arch/riscv/user.
ULIB_SRCS := $(wildcard lib/*.c lib/fdt/*.c) arch/riscv/user/entry.S arch/riscv/user/ecall.S
ULIB_OBJS := $(patsubst %,$(B)/u/%.o,$(ULIB_SRCS))
ULDS := lib/user.ld
# The runtime has a monotonic clock (lib/time.c, from the timer port),
# a process CPU-time clock, nanosleep and clock_nanosleep (lib/posix_*.c);
# picolibc's <time.h> declares them only when the platform says so. With
# _POSIX_TIMERS it declares timer_create and the like too, which answer
# ENOSYS (lib/posix_timer.c). docs/programs.md lists these flags for
# programs built outside this tree.
PIER_POSIX_FLAGS := -D_POSIX_MONOTONIC_CLOCK=200809L -D_POSIX_TIMERS=200809L \
	-D_POSIX_CPUTIME=200809L -D_POSIX_CLOCK_SELECTION=200809L
UCFLAGS += $(PIER_POSIX_FLAGS)

# A stamp named after the user compile flags: objects built with other
# flags (an older ABI, say soft float) are rebuilt, not linked together.
UFLAGS_STAMP := $(B)/u/flags-$(shell echo '$(UCFLAGS)' | cksum | cut -d' ' -f1)
$(UFLAGS_STAMP):
	@mkdir -p $(dir $@)
	rm -f $(B)/u/flags-*
	touch $@

$(B)/u/%.c.o: %.c $(UFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(B)/u/%.S.o: %.S $(UFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(ULIB): $(ULIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

# Link a program: $(CC) $(UPROG_LDFLAGS) -o prog objs... $(UPROG_LIBS).
# No picolibc crt0 (entry.S is ours); --no-relax as in the kernel, so
# nothing is relaxed to gp. libpier and libc are one group because each
# needs the other (printf wants our stdout, our code wants memcpy).
# GCC picks the multilib by exact -march string: rv64imafdc_zicsr_zifencei
# (UARCHFLAGS) would select no multilib and fail to link, so the link
# names picolibc's plain rv64imafdc/lp64d one.
ULINK_ARCH := -march=rv64imafdc -mabi=lp64d -mcmodel=medany
UPROG_LDFLAGS := $(ULINK_ARCH) --specs=picolibc.specs -nostartfiles -static \
	-T $(ULDS) -Wl,--gc-sections -Wl,--no-relax -Wl,-z,max-page-size=4096 \
	-Wl,--build-id=none
UPROG_LIBS := -Wl,--start-group $(ULIB) -lc -lgcc -Wl,--end-group
UPROG_DEPS := $(ULIB) $(ULDS)
