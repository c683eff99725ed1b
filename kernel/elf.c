/* Checks a static RISC-V ELF64 executable and lists what the loader must map. */
#include <stdbool.h>
#include <string.h>

#include <pier/ports.h>
#include "elf.h"
#include "physmap.h"

/*
 * The image comes from the boot archive, where it is only 4-byte aligned,
 * so headers are copied out with memcpy rather than cast in place. Both
 * RISC-V and the hosts the tests run on are little endian, like the files.
 * Everything is checked before *out is written: the loader can then map
 * the segments without failing halfway on a bad file.
 */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "elf.c reads little-endian fields in place"
#endif

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;		/* program header table, file offset */
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 file header is 64 bytes");

struct elf64_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4

struct elf_note {
	uint32_t namesz;	/* the name's bytes, its NUL included */
	uint32_t descsz;
	uint32_t type;
};				/* then name and desc, each padded to 4 bytes */

static bool check_ehdr(const struct elf64_ehdr *eh, size_t len)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (memcmp(eh->ident, magic, 4) != 0 || eh->ident[EI_CLASS] != ELFCLASS64 ||
	    eh->ident[EI_DATA] != ELFDATA2LSB || eh->ident[EI_VERSION] != EV_CURRENT ||
	    eh->type != ET_EXEC || eh->machine != EM_RISCV)
		return false;
	if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > len)
		return false;
	return eh->phnum <= (len - eh->phoff) / sizeof(struct elf64_phdr);
}

/* One PT_LOAD on its own: inside the file, inside user space, W^X. */
static bool check_load(const struct elf64_phdr *ph, size_t len, uint64_t user_end)
{
	if (ph->offset > len || ph->filesz > len - ph->offset)
		return false;
	if (ph->filesz > ph->memsz)
		return false;
	if (ph->vaddr < ELF_USER_MIN || ph->vaddr > user_end ||
	    ph->memsz > user_end - ph->vaddr)
		return false;
	return !((ph->flags & ELF_PF_W) && (ph->flags & ELF_PF_X));
}

/*
 * The notes of one PT_NOTE segment: a Pier stack note sets *stack. A
 * note is at least 12 bytes, so the loop runs at most filesz / 12 times,
 * and filesz is inside the file.
 */
static bool read_notes(const uint8_t *file, size_t len, const struct elf64_phdr *ph,
		       uint64_t *stack)
{
	static const char name[] = PIER_NOTE_NAME;
	uint64_t at = 0, end;

	if (ph->offset > len || ph->filesz > len - ph->offset)
		return false;
	file += ph->offset;
	end = ph->filesz;
	while (end - at >= sizeof(struct elf_note)) {
		struct elf_note n;
		uint64_t name_at = at + sizeof(n), desc_at, next;

		memcpy(&n, file + at, sizeof(n));
		desc_at = name_at + (((uint64_t)n.namesz + 3) & ~3ull);
		next = desc_at + (((uint64_t)n.descsz + 3) & ~3ull);
		if (desc_at > end || next > end)
			return false;
		if (n.namesz == sizeof(name) && n.type == PIER_NOTE_STACK &&
		    !memcmp(file + name_at, name, sizeof(name))) {
			if (n.descsz != sizeof(*stack))
				return false;
			memcpy(stack, file + desc_at, sizeof(*stack));
			if (*stack > (uint64_t)PIER_STACK_PAGES_MAX * PAGE_SIZE)
				return false;
		}
		at = next;
	}
	return true;
}

/* Compare pages, not bytes: the loader maps pages, each with one permission. */
static bool overlaps(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a0 = a->vaddr / PAGE_SIZE, a1 = (a->vaddr + a->memsz - 1) / PAGE_SIZE;
	uint64_t b0 = b->vaddr / PAGE_SIZE, b1 = (b->vaddr + b->memsz - 1) / PAGE_SIZE;

	return a0 <= b1 && b0 <= a1;
}

int elf_parse(const void *img, size_t len, uint64_t user_end, struct elf_image *out)
{
	const uint8_t *file = img;
	struct elf64_ehdr eh;
	struct elf_image im = { 0 };

	if (len < sizeof(eh))
		return PIER_E_BADELF;
	memcpy(&eh, file, sizeof(eh));
	if (!check_ehdr(&eh, len))
		return PIER_E_BADELF;

	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, file + eh.phoff + i * sizeof(ph), sizeof(ph));
		/* Either would need a dynamic loader we do not have. */
		if (ph.type == PT_INTERP || ph.type == PT_DYNAMIC)
			return PIER_E_BADELF;
		if (ph.type == PT_NOTE && !read_notes(file, len, &ph, &im.stack_size))
			return PIER_E_BADELF;
		if (ph.type != PT_LOAD)
			continue;
		if (!check_load(&ph, len, user_end))
			return PIER_E_BADELF;
		if (ph.memsz == 0)
			continue;	/* maps nothing */
		if (im.nsegs == ELF_MAX_SEGS)
			return PIER_E_BADELF;
		struct elf_segment *s = &im.seg[im.nsegs];
		*s = (struct elf_segment){
			.vaddr = ph.vaddr, .memsz = ph.memsz, .offset = ph.offset,
			.filesz = ph.filesz, .flags = ph.flags & (ELF_PF_R | ELF_PF_W | ELF_PF_X),
		};
		for (int j = 0; j < im.nsegs; j++)
			if (overlaps(&im.seg[j], s))
				return PIER_E_BADELF;
		im.nsegs++;
	}

	bool entry_ok = false;
	for (int i = 0; i < im.nsegs; i++) {
		const struct elf_segment *s = &im.seg[i];
		if ((s->flags & ELF_PF_X) && eh.entry >= s->vaddr &&
		    eh.entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return PIER_E_BADELF;
	im.entry = eh.entry;
	*out = im;
	return PIER_OK;
}
