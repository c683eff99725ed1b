/* The boot image's files: an index made once at boot, so finding a program or a file reads no headers. */
#include <pier/status.h>
#include "cpio.h"
#include "cpio_index.h"
#include "program.h"
#include "page.h"
#include "physmap.h"
#include "log.h"

extern char bootimg_start[], bootimg_end[];

/*
 * Reading the archive's headers costs about 1,000 instructions a file
 * (13 hex fields each), so a search from the start cost a spawn or a
 * PIER_TASK_BOOTFILE read 70,000 with the tests' image, with interrupts
 * off. The index holds each regular file's name and bytes, in pages
 * taken once at boot and never given back (the image never changes);
 * the image is laid out in sorted order (apps/build.mk), so a lookup is
 * a binary search. An archive out of order is searched entry by entry.
 */
static struct cpio_index ix;

void bootimg_init(void)
{
	size_t len = (size_t)(bootimg_end - bootimg_start), n, pages;
	int rc = cpio_count(bootimg_start, len, &n);

	if (rc)
		kprintf("pier: boot image breaks after %lu files; only those are used\n",
			(unsigned long)n);
	pages = (n * sizeof(struct cpio_file) + PAGE_SIZE - 1) / PAGE_SIZE;
	if (!pages)
		return;
	uint64_t pa = page_alloc_n(pages);

	if (!pa)
		panic("no memory for the boot image's index of %lu files", (unsigned long)n);
	ix.files = pa_to_kva(pa);
	ix.max = n;
	cpio_index(bootimg_start, len, &ix);
	if (!ix.sorted)
		kprintf("pier: boot image not in name order; its files are searched one by one\n");
}

int bootimg_file(const char *name, size_t namelen, const void **data, size_t *size)
{
	return cpio_lookup(&ix, name, namelen, data, size);
}
