/* A program's image loaded on first touch: which page of which segment, its bytes, its permissions. */
#include <stdbool.h>
#include <pier/status.h>
#include <pier/space.h>
#include "image.h"
#include "physmap.h"

/*
 * Starting a program used to map and fill every page of every segment in
 * the spawn request, with interrupts off: about 242,800 instructions for
 * Lua's 230 KiB, more for a bigger program. Now the request only records
 * the segments (program.c), and each page is made when it is first
 * touched, by the program (a load, store or fetch page fault: arch trap
 * code) or by a kernel copy (uaccess.c): one page per fault, its cost
 * bounded by a page's zeroing and copying.
 */

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Bound: ELF_MAX_SEGS segments. Pages, not bytes: the loader maps pages. */
const struct elf_segment *image_segment(const struct image *im, uint64_t va)
{
	for (int i = 0; i < im->nsegs; i++) {
		const struct elf_segment *g = &im->seg[i];
		/* memsz >= 1 and vaddr + memsz <= user_end (elf.c): no overflow. */
		uint64_t lo = page_down(g->vaddr), hi = page_down(g->vaddr + g->memsz - 1) + PAGE_SIZE;

		if (va >= lo && va < hi)        /* the whole of its last page too */
			return g;
	}
	return NULL;
}

int image_page(const struct image *im, uint64_t va, unsigned need, struct image_page *out)
{
	const struct elf_segment *g = image_segment(im, va);
	uint64_t page = page_down(va), lo, hi;
	unsigned perm;

	if (!g)
		return PIER_E_UNMAPPED;
	/* W comes with R: a PTE with W and not R is reserved in RISC-V. */
	perm = (g->flags & ELF_PF_R ? VM_R : 0) | (g->flags & ELF_PF_W ? VM_W | VM_R : 0) |
	       (g->flags & ELF_PF_X ? VM_X : 0);
	if ((perm & need) != need)
		return PIER_E_UNMAPPED;
	out->va = page;
	out->perm = perm;
	/* The file's bytes are [vaddr, vaddr + filesz); the page's share of them. */
	lo = page > g->vaddr ? page : g->vaddr;
	hi = page + PAGE_SIZE < g->vaddr + g->filesz ? page + PAGE_SIZE : g->vaddr + g->filesz;
	out->at = lo - page;
	out->n = hi > lo ? hi - lo : 0;
	out->src = out->n ? im->file + g->offset + (lo - g->vaddr) : NULL;
	return PIER_OK;
}

/*
 * Load one page: it, and any table it needs, come out of what the spawn
 * reserved for the image (vm->reserved, while some is left): with the
 * reservation set aside for the load, the quota has room for them, and
 * what the load took moves from reserved to mapped.
 */
static int load_reserved(struct vm *vm, const struct image_page *p, unsigned need)
{
	size_t kept = vm->reserved, pages = vm->pages, tables = vm->table_pages, took;
	int rc;

	vm->reserved = 0;
	rc = vm_fault_load(vm, p->va, p->perm, need, p->src, p->at, p->n);
	took = (vm->pages - pages) + (vm->table_pages - tables);
	vm->reserved = kept > took ? kept - took : 0;
	return rc;
}

int image_fault(struct vm *vm, const struct image *im, uint64_t va, unsigned need)
{
	struct image_page p;
	int rc = image_page(im, va, need, &p);


	if (rc)
		return rc;
	return load_reserved(vm, &p, need);
}

size_t image_reserve(const struct image *im)
{
	size_t n = 0;
	uint64_t last2m = ~0ull, last1g = ~0ull;

	/* In address order, as ELF lays them out; out of order, a table may
	 * be counted twice, never missed. */
	for (int i = 0; i < im->nsegs; i++) {
		const struct elf_segment *g = &im->seg[i];
		uint64_t lo = page_down(g->vaddr), hi = page_down(g->vaddr + g->memsz - 1);
		uint64_t a2 = lo >> 21, b2 = hi >> 21, a1 = lo >> 30, b1 = hi >> 30;

		n += (hi - lo) / PAGE_SIZE + 1;
		n += b2 - a2 + 1 - (a2 == last2m);
		n += b1 - a1 + 1 - (a1 == last1g);
		last2m = b2;
		last1g = b1;
	}
	return n;
}

/*
 * Bound: ELF_MAX_SEGS segments; none for a range from PIER_HEAP_BASE up,
 * where every "anywhere" map goes (no segment lies there: program.c).
 */
bool image_overlaps(const struct image *im, uint64_t va, uint64_t len)
{
	if (va >= PIER_HEAP_BASE)
		return false;
	for (int i = 0; len && i < im->nsegs; i++) {
		const struct elf_segment *g = &im->seg[i];
		uint64_t lo = page_down(g->vaddr), hi = page_down(g->vaddr + g->memsz - 1) + PAGE_SIZE;

		/* Written so that nothing overflows, whatever va and len. */
		if (va < hi && (va >= lo || lo - va < len))
			return true;
	}
	return false;
}

/*
 * Bound: pages, which the space port keeps to PIER_SPACE_PAGES_MAX (a
 * walk each, and a page's load for those not loaded yet: no more than
 * mapping them would cost); nothing at all for a range that holds no
 * page of the image, the common case.
 */
int image_load_range(struct vm *vm, const struct image *im, uint64_t va, size_t pages)
{
	if (!image_overlaps(im, va, (uint64_t)pages * PAGE_SIZE))
		return PIER_OK;
	for (size_t i = 0; i < pages; i++) {
		uint64_t a = va + i * PAGE_SIZE, pa;
		unsigned have;
		struct image_page p;
		int rc;

		if (!vm_query(vm, a, &pa, &have) || image_page(im, a, 0, &p))
			continue;       /* there already, or no image page */
		if ((rc = load_reserved(vm, &p, 0)))
			return rc;
	}
	return PIER_OK;
}
