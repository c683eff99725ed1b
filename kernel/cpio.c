/* Reader of the boot image: a cpio "newc" archive held in memory. */
#include <stdbool.h>
#include <string.h>

#include "cpio.h"

/*
 * newc layout: a 110-byte header ("070701" then 13 fields of 8 ASCII hex
 * digits), the name with its NUL, padding to a multiple of 4 counted from
 * the start of the archive, the file data, padding to 4 again. The entry
 * named "TRAILER!!!" ends the archive. Every length comes from the archive,
 * so each is checked against len before use; all arithmetic is done as
 * "how much is left", which cannot overflow.
 */
#define HDR_SIZE 110
#define MAGIC "070701"
#define TRAILER "TRAILER!!!"
#define S_IFMT 0170000u
#define S_IFREG 0100000u

/* Field numbers in the header, after the magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

static bool hex_field(const char *hdr, int field, uint32_t *out)
{
	const char *p = hdr + 6 + 8 * field;
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* Move *off forward by n then to a multiple of 4; false if that passes len. */
static bool advance(size_t len, size_t *off, size_t n)
{
	if (n > len - *off)
		return false;
	*off += n;
	size_t pad = (4 - *off % 4) % 4;
	if (pad > len - *off)
		return false;
	*off += pad;
	return true;
}

int cpio_next(const void *archive, size_t len, size_t *offset, struct cpio_entry *e)
{
	const char *a = archive;
	size_t off = *offset;
	uint32_t f[F_CHECK + 1];

	if (off > len || len - off < HDR_SIZE)
		return CPIO_E_FORMAT;
	const char *hdr = a + off;
	if (memcmp(hdr, MAGIC, 6) != 0)
		return CPIO_E_FORMAT;
	for (int i = F_INO; i <= F_CHECK; i++)
		if (!hex_field(hdr, i, &f[i]))
			return CPIO_E_FORMAT;
	uint32_t namesize = f[F_NAMESIZE];

	off += HDR_SIZE;
	const char *name = a + off;
	if (namesize == 0 || !advance(len, &off, namesize) || name[namesize - 1] != '\0')
		return CPIO_E_FORMAT;
	if (namesize == sizeof(TRAILER) && memcmp(name, TRAILER, sizeof(TRAILER)) == 0)
		return PIER_E_NOENT;

	const char *data = a + off;
	if (!advance(len, &off, f[F_FILESIZE]))
		return CPIO_E_FORMAT;

	e->name = name;
	e->namelen = namesize - 1;
	e->data = data;
	e->size = f[F_FILESIZE];
	e->mode = f[F_MODE];
	*offset = off;
	return PIER_OK;
}

static void strip_dot_slash(const char **name, size_t *len)
{
	if (*len >= 2 && (*name)[0] == '.' && (*name)[1] == '/') {
		*name += 2;
		*len -= 2;
	}
}

int cpio_find(const void *archive, size_t len, const char *name, size_t namelen,
	      const void **data, size_t *size)
{
	struct cpio_entry e;
	size_t off = 0;
	int rc;

	strip_dot_slash(&name, &namelen);
	while ((rc = cpio_next(archive, len, &off, &e)) == PIER_OK) {
		const char *n = e.name;
		size_t nl = e.namelen;
		strip_dot_slash(&n, &nl);
		if ((e.mode & S_IFMT) == S_IFREG && nl == namelen &&
		    memcmp(n, name, nl) == 0) {
			*data = e.data;
			*size = e.size;
			return PIER_OK;
		}
	}
	return rc;
}
