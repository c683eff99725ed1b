/* Checks a static RISC-V ELF64 executable and lists what the loader must map. */
#ifndef ELF_H
#define ELF_H

#include <stddef.h>
#include <stdint.h>

#include <pier/status.h>

#define ELF_MAX_SEGS 8		/* PT_LOAD segments a program may have */
#define ELF_USER_MIN 0x1000u	/* page 0 stays unmapped so NULL faults */

/* Segment permissions: the ELF p_flags bits. */
#define ELF_PF_X 0x1u
#define ELF_PF_W 0x2u
#define ELF_PF_R 0x4u

struct elf_segment {
	uint64_t vaddr;		/* where the segment starts in the user space */
	uint64_t memsz;		/* bytes in memory; beyond filesz they are zero */
	uint64_t offset;	/* where its bytes start in the file */
	uint64_t filesz;
	uint32_t flags;		/* ELF_PF_R/W/X; never both W and X */
};

struct elf_image {
	uint64_t entry;
	uint64_t stack_size;	/* the main stack its Pier note asks for, bytes; 0: none */
	int nsegs;
	struct elf_segment seg[ELF_MAX_SEGS];	/* in program header order */
};

/*
 * Check img (len bytes, any alignment) and fill *out; *out is untouched
 * unless PIER_OK is returned. Every segment lies inside [ELF_USER_MIN,
 * user_end) and inside the file, no two segments share a page (each page
 * gets one set of permissions), and the entry point is in an executable
 * segment. A PT_NOTE segment lies inside the file and its notes inside
 * it; a Pier stack note (pier/ports.h) asks at most PIER_STACK_PAGES_MAX
 * pages. Anything else is PIER_E_BADELF.
 */
int elf_parse(const void *img, size_t len, uint64_t user_end, struct elf_image *out);

#endif
