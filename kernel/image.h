/* A program's image: its ELF segments, each page loaded from the boot image when first touched. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "elf.h"
#include "vm.h"

/*
 * The segments elf_parse checked, kept in the space for its whole life
 * (set once by program_spawn before the space runs, never changed after).
 * file points into the boot image, which lives for ever: nothing to
 * release. No two segments share a page, all lie below PIER_HEAP_BASE
 * (program.c asks elf_parse for that), so a page belongs to one segment
 * at most. nsegs 0 (file NULL): a space with no image, e.g. in host
 * tests.
 */
struct image {
	const uint8_t *file;    /* the ELF file in the boot image; its bytes never change */
	int nsegs;
	struct elf_segment seg[ELF_MAX_SEGS];
};

/* What one page of the image holds: bytes [at, at + n) come from src, the rest is zero. */
struct image_page {
	uint64_t va;            /* the page */
	unsigned perm;          /* VM_R/W/X, as the segment says (W never with X: elf.c) */
	const uint8_t *src;
	size_t at, n;
};

/* The segment whose pages hold va, or NULL (at most ELF_MAX_SEGS looked at). */
const struct elf_segment *image_segment(const struct image *im, uint64_t va);
/*
 * The page at va if it is in a segment that allows need (VM_R, VM_W or
 * VM_X: a load, a store, a fetch; 0: any): PIER_OK and *out, else
 * PIER_E_UNMAPPED.
 */
int image_page(const struct image *im, uint64_t va, unsigned need, struct image_page *out);
/*
 * A touch of va (an access needing need) where nothing is mapped, by the
 * program or a kernel copy: one page of the image mapped there (arch
 * vm_fault_load), charged to vm like any page of it, out of what the
 * spawn reserved for the image while some is left (vm->reserved): PIER_OK,
 * PIER_E_UNMAPPED (no segment there, or it does not allow need),
 * PIER_E_QUOTA or PIER_E_NOMEM.
 */
int image_fault(struct vm *vm, const struct image *im, uint64_t va, unsigned need);
/*
 * The pages to keep for the image against the space's quota at spawn: its
 * pages and the page tables they will need (a leaf table per 2 MiB and a
 * middle one per 1 GiB the segments touch), so that loading it never
 * fails on the quota: a program that fills its quota still runs its own
 * code. At most ELF_MAX_SEGS steps.
 */
size_t image_reserve(const struct image *im);
/* Does [va, va + len) hold a page of a segment? (All lie below PIER_HEAP_BASE.) */
bool image_overlaps(const struct image *im, uint64_t va, uint64_t len);
/*
 * Load every page of [va, va + pages pages) that is in the image and not
 * loaded yet, as touches would (before a protect or a share, which work
 * on pages that are there): PIER_OK, PIER_E_QUOTA or PIER_E_NOMEM (the
 * pages loaded so far stay, as after the program's own touches).
 */
int image_load_range(struct vm *vm, const struct image *im, uint64_t va, size_t pages);

#endif
