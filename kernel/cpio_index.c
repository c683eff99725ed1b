/* An index of a cpio archive's regular files (cpio_index.h): built once, looked up without reading headers. */
#include <string.h>
#include "cpio.h"
#include "cpio_index.h"

#define S_IFMT 0170000u
#define S_IFREG 0100000u

static void strip_dot_slash(const char **name, size_t *len)
{
	if (*len >= 2 && (*name)[0] == '.' && (*name)[1] == '/') {
		*name += 2;
		*len -= 2;
	}
}

/* <0, 0, >0 as a's name sorts before, equal to, after name. */
static int name_cmp(const struct cpio_file *a, const char *name, size_t len)
{
	size_t n = a->namelen < len ? a->namelen : len;
	int c = memcmp(a->name, name, n);

	return c ? c : (a->namelen > len) - (a->namelen < len);
}

/* Each step of these loops moves past one entry of the archive, which is
 * at least 110 bytes: at most len / 110 steps. */
int cpio_count(const void *archive, size_t len, size_t *n)
{
	struct cpio_entry e;
	size_t off = 0;
	int rc;

	*n = 0;
	while ((rc = cpio_next(archive, len, &off, &e)) == PIER_OK)
		if ((e.mode & S_IFMT) == S_IFREG)
			(*n)++;
	return rc == PIER_E_NOENT ? PIER_OK : rc;
}

int cpio_index(const void *archive, size_t len, struct cpio_index *ix)
{
	struct cpio_entry e;
	size_t off = 0;
	int rc = PIER_OK;

	ix->n = 0;
	ix->sorted = true;
	while (ix->n < ix->max && (rc = cpio_next(archive, len, &off, &e)) == PIER_OK) {
		struct cpio_file *f = &ix->files[ix->n];

		if ((e.mode & S_IFMT) != S_IFREG)
			continue;
		f->name = e.name;
		f->namelen = e.namelen;
		strip_dot_slash(&f->name, &f->namelen);
		f->data = e.data;
		f->size = e.size;
		if (ix->n && name_cmp(f - 1, f->name, f->namelen) >= 0)
			ix->sorted = false;
		ix->n++;
	}
	if (ix->n == ix->max)
		return PIER_OK;
	return rc == PIER_E_NOENT ? PIER_OK : rc;
}

int cpio_lookup(const struct cpio_index *ix, const char *name, size_t namelen,
		const void **data, size_t *size)
{
	size_t lo = 0, hi = ix->n;

	strip_dot_slash(&name, &namelen);
	if (!ix->sorted) {
		for (size_t i = 0; i < ix->n; i++)     /* at most n steps */
			if (name_cmp(&ix->files[i], name, namelen) == 0) {
				lo = i;
				goto found;
			}
		return PIER_E_NOENT;
	}
	while (lo < hi) {                               /* halves each step: log2(n) */
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(&ix->files[mid], name, namelen);

		if (c == 0) {
			lo = mid;
			goto found;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return PIER_E_NOENT;
found:
	*data = ix->files[lo].data;
	*size = ix->files[lo].size;
	return PIER_OK;
}
