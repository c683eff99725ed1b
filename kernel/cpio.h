/* Reader of the boot image: a cpio "newc" archive held in memory. */
#ifndef CPIO_H
#define CPIO_H

#include <stddef.h>
#include <stdint.h>

#include <pier/status.h>

/*
 * The archive is malformed or truncated. Kernel-internal, so it sits below
 * the ABI's PIER_E_ codes; callers report PIER_E_NOENT or PIER_E_BADELF
 * to user space, never this.
 */
#define CPIO_E_FORMAT (-64)

struct cpio_entry {
	const char *name;	/* as stored (maybe with "./"), NUL-terminated */
	size_t namelen;		/* without the NUL */
	const void *data;	/* inside the archive; only 4-byte aligned */
	size_t size;
	uint32_t mode;		/* file type and permission bits, as in st_mode */
};

/*
 * Find the regular file called name (namelen bytes, no NUL needed); a
 * leading "./" on either side is ignored. Returns PIER_OK with *data and
 * *size set, PIER_E_NOENT, or CPIO_E_FORMAT if the archive breaks before
 * the file is found.
 */
int cpio_find(const void *archive, size_t len, const char *name, size_t namelen,
	      const void **data, size_t *size);

/*
 * List the archive: start with *offset = 0. Returns PIER_OK with *e filled
 * and *offset moved past the entry, PIER_E_NOENT at the trailer, or
 * CPIO_E_FORMAT (leaving *offset alone).
 */
int cpio_next(const void *archive, size_t len, size_t *offset, struct cpio_entry *e);

#endif
