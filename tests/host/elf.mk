# Host test of the ELF checker. It parses a real program too: a tiny one built
# here by the cross compiler and embedded in the test binary with .incbin.
HOST_TESTS += elf
HOST_SRCS_elf := tests/host/test_elf.c kernel/elf.c
ELF_SAMPLE := $(B)/host/elf_sample.elf

# Text, read-only data, initialized data and bss: an R+X and an R+W segment.
$(ELF_SAMPLE): tests/host/elf.mk
	@mkdir -p $(dir $@)
	printf 'int counter = 1;\nconst char msg[] = "pier";\nint zeroed[64];\nvoid _start(void)\n{\n\tfor (;;)\n\t\tcounter += msg[counter & 3] + zeroed[counter & 63];\n}\n' | \
	$(CC) $(ARCHFLAGS) -O2 -nostdlib -static -Wl,-Ttext=0x10000 -x c - -o $@

$(B)/host/test_elf: $(ELF_SAMPLE)
$(B)/host/test_elf: HOSTCFLAGS += -DELF_SAMPLE_PATH='"$(ELF_SAMPLE)"'
