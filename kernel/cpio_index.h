/* An index of a cpio archive's regular files, so a lookup reads no headers. */
#ifndef CPIO_INDEX_H
#define CPIO_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One regular file: its name without a leading "./", and its bytes. */
struct cpio_file {
	const char *name;       /* inside the archive, which outlives the index */
	size_t namelen;
	const void *data;
	size_t size;
};

struct cpio_index {
	struct cpio_file *files;        /* the caller's array of max entries */
	size_t max, n;
	bool sorted;                    /* names strictly increasing: binary search */
};

/*
 * Count the archive's regular files (*n), reading each header once: to
 * size the array. PIER_OK, or CPIO_E_FORMAT where it breaks (*n counts
 * the files before).
 */
int cpio_count(const void *archive, size_t len, size_t *n);

/*
 * Fill ix->files (ix->max entries) with the archive's regular files in
 * archive order, and see whether their names are strictly increasing
 * (byte order, as `LC_ALL=C sort` lays the boot image out). PIER_OK, or
 * CPIO_E_FORMAT where the archive breaks (the files before it are in).
 */
int cpio_index(const void *archive, size_t len, struct cpio_index *ix);

/*
 * The file called name (namelen bytes; a leading "./" ignored):
 * O(log n) name comparisons if sorted, else n. PIER_OK or PIER_E_NOENT.
 */
int cpio_lookup(const struct cpio_index *ix, const char *name, size_t namelen,
		const void **data, size_t *size);

#endif
