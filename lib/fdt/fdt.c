/* Flattened device tree (DTB v17) reader: bounds-checked, no allocation, no globals. */
#include <string.h>
#include "fdt.h"
#include "fdt_raw.h"


uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	/* Byte by byte: the blob may sit at any alignment and is big-endian. */
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

uint64_t fdt_be64(const uint8_t *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

/* Length of the string at p, or max if no NUL within max bytes. */
uint32_t fdt_slen(const uint8_t *p, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && p[n] != 0)
		n++;
	return n;
}

static bool fdt_block_ok(uint32_t off, uint32_t size, uint32_t total)
{
	return off >= FDT_HDR_SIZE && off <= total && size <= total - off;
}

/*
 * Decode the token at structure offset off: returns the token, with *next
 * set to the aligned offset after it, or FDT_E_STRUCT if the token or
 * anything it refers to (name, value, property name) leaves its block.
 */
int fdt_tag(const struct fdt *f, int off, int *next)
{
	const uint8_t *s = f->blob + f->off_struct;
	const uint8_t *str = f->blob + f->off_strings;
	uint32_t n = f->size_struct, o = (uint32_t)off, t, len, nameoff;
	int tag;

	if (off < 0 || o % 4 || o > n || n - o < 4)
		return FDT_E_STRUCT;
	t = fdt_be32(s + o);
	if (t != FDT_TOK_BEGIN && t != FDT_TOK_END_NODE && t != FDT_TOK_PROP &&
	    t != FDT_TOK_NOP && t != FDT_TOK_END)
		return FDT_E_STRUCT;
	tag = (int)t;
	o += 4;
	if (tag == FDT_TOK_BEGIN) {
		len = fdt_slen(s + o, n - o);
		if (len == n - o)
			return FDT_E_STRUCT;
		o += len + 1;
	} else if (tag == FDT_TOK_PROP) {
		if (n - o < 8)
			return FDT_E_STRUCT;
		len = fdt_be32(s + o);
		nameoff = fdt_be32(s + o + 4);
		o += 8;
		if (len > n - o || nameoff >= f->size_strings ||
		    fdt_slen(str + nameoff, f->size_strings - nameoff) ==
		    f->size_strings - nameoff)
			return FDT_E_STRUCT;
		o += len;
	}
	/* o <= n < FDT_MAX_SIZE, so neither this nor the int can overflow. */
	*next = (int)((o + 3) & ~3u);
	return tag;
}

/* One pass over the structure: balanced nodes, one root, an END token. */
static int fdt_check_struct(struct fdt *f)
{
	int off = 0, next, tag, depth = 0;

	f->root = -1;
	for (;;) {
		tag = fdt_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_TOK_BEGIN) {
			if (depth == 0 && f->root >= 0)
				return FDT_E_STRUCT;
			if (f->root < 0)
				f->root = off;
			if (++depth > FDT_MAX_DEPTH)
				return FDT_E_DEPTH;
		} else if (tag == FDT_TOK_END_NODE) {
			if (depth-- == 0)
				return FDT_E_STRUCT;
		} else if (tag == FDT_TOK_PROP && depth == 0) {
			return FDT_E_STRUCT;
		} else if (tag == FDT_TOK_END) {
			return depth == 0 && f->root >= 0 ? 0 : FDT_E_STRUCT;
		}
		off = next;
	}
}

int fdt_init(struct fdt *f, const void *blob, size_t len)
{
	const uint8_t *h = blob;
	uint32_t off;

	memset(f, 0, sizeof(*f));
	f->root = -1;
	if (h == NULL || len < FDT_HDR_SIZE)
		return FDT_E_TRUNCATED;
	if (fdt_be32(h) != FDT_MAGIC_WORD)
		return FDT_E_MAGIC;
	/* Version 17 readers can read anything whose last_comp_version <= 17. */
	if (fdt_be32(h + 20) < 17 || fdt_be32(h + 24) > 17)
		return FDT_E_VERSION;
	f->totalsize = fdt_be32(h + 4);
	f->off_struct = fdt_be32(h + 8);
	f->off_strings = fdt_be32(h + 12);
	f->off_rsv = fdt_be32(h + 16);
	f->size_strings = fdt_be32(h + 32);
	f->size_struct = fdt_be32(h + 36);
	if (f->totalsize < FDT_HDR_SIZE || f->totalsize > len)
		return FDT_E_TRUNCATED;
	if (f->totalsize > FDT_MAX_SIZE)
		return FDT_E_LAYOUT;
	if (!fdt_block_ok(f->off_struct, f->size_struct, f->totalsize) ||
	    !fdt_block_ok(f->off_strings, f->size_strings, f->totalsize) ||
	    !fdt_block_ok(f->off_rsv, 0, f->totalsize))
		return FDT_E_TRUNCATED;
	if (f->off_struct % 4 || f->off_rsv % 8)
		return FDT_E_LAYOUT;
	/* The memreserve list ends with an all-zero entry inside the blob. */
	for (off = f->off_rsv;; off += 16, f->nrsv++) {
		if (f->totalsize - off < 16)
			return FDT_E_TRUNCATED;
		if (fdt_be64(h + off) == 0 && fdt_be64(h + off + 8) == 0)
			break;
	}
	f->blob = h;
	return fdt_check_struct(f);
}

int fdt_walk(const struct fdt *f, int node, int *depth)
{
	int off, next, tag;

	tag = fdt_tag(f, node, &next);
	if (tag != FDT_TOK_BEGIN)
		return tag < 0 ? tag : FDT_E_STRUCT;
	for (;;) {
		off = next;
		tag = fdt_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_TOK_BEGIN) {
			if (depth)
				(*depth)++;
			return off;
		}
		if (tag == FDT_TOK_END_NODE && depth && --(*depth) < 0)
			return FDT_E_NOTFOUND;
		if (tag == FDT_TOK_END)
			return FDT_E_NOTFOUND;
	}
}

int fdt_child(const struct fdt *f, int node)
{
	int d = 0, off = fdt_walk(f, node, &d);

	return off >= 0 && d != 1 ? FDT_E_NOTFOUND : off;
}

int fdt_sibling(const struct fdt *f, int node)
{
	int d = 1, off = node;

	/* Depth 1 is node's level: deeper are its descendants, 0 its parent's end. */
	do {
		off = fdt_walk(f, off, &d);
	} while (off >= 0 && d > 1);
	return off;
}

const char *fdt_name(const struct fdt *f, int node)
{
	int next;

	if (fdt_tag(f, node, &next) != FDT_TOK_BEGIN)
		return NULL;
	return (const char *)f->blob + f->off_struct + node + 4;
}

/* Fill up[0..*n-1] with the path from the root down to node (node last). */
static int fdt_ancestry(const struct fdt *f, int node, int *up, int *n)
{
	int off = f->root, d = 0;

	while (off >= 0) {
		if (d < 0 || d >= FDT_MAX_DEPTH)
			return FDT_E_DEPTH;
		up[d] = off;
		if (off == node) {
			*n = d + 1;
			return 0;
		}
		off = fdt_walk(f, off, &d);
	}
	return off;
}

int fdt_parent(const struct fdt *f, int node)
{
	int up[FDT_MAX_DEPTH], n, rc = fdt_ancestry(f, node, up, &n);

	if (rc < 0)
		return rc;
	return n > 1 ? up[n - 2] : FDT_E_NOTFOUND;
}

int fdt_path(const struct fdt *f, int node, char *buf, size_t cap)
{
	int up[FDT_MAX_DEPTH], n, i, rc = fdt_ancestry(f, node, up, &n);
	size_t len = 0, l;
	const char *nm;

	if (rc < 0)
		return rc;
	if (cap < 2)
		return FDT_E_NOSPACE;
	buf[len++] = '/';
	for (i = 1; i < n; i++) {
		nm = fdt_name(f, up[i]);
		l = strlen(nm);
		if (l + (i > 1) >= cap - len)
			return FDT_E_NOSPACE;
		if (i > 1)
			buf[len++] = '/';
		memcpy(buf + len, nm, l);
		len += l;
	}
	buf[len] = 0;
	return 0;
}

/* The child of node named name[0..n): "uart" also matches "uart@1000". */
static int fdt_subnode(const struct fdt *f, int node, const char *name, size_t n)
{
	bool unit = false;
	const char *nm;
	size_t i, l;

	for (i = 0; i < n; i++)
		unit |= name[i] == '@';
	for (node = fdt_child(f, node); node >= 0; node = fdt_sibling(f, node)) {
		nm = fdt_name(f, node);
		l = strlen(nm);
		if (l >= n && memcmp(nm, name, n) == 0 &&
		    (l == n || (nm[n] == '@' && !unit)))
			return node;
	}
	return node;
}

static int fdt_descend(const struct fdt *f, int node, const char *p, const char *end)
{
	const char *q;

	while (node >= 0 && p < end) {
		if (*p == '/') {
			p++;
			continue;
		}
		for (q = p; q < end && *q != '/'; q++)
			;
		node = fdt_subnode(f, node, p, (size_t)(q - p));
		p = q;
	}
	return node;
}

int fdt_find(const struct fdt *f, const char *path, size_t len)
{
	const char *end = path + len, *q, *ap;
	int node, rc;

	if (len == 0)
		return FDT_E_NOTFOUND;
	if (path[0] == '/')
		return fdt_descend(f, f->root, path, end);
	for (q = path; q < end && *q != '/'; q++)
		;
	rc = fdt_alias(f, path, (size_t)(q - path), &ap);
	if (rc < 0)
		return rc;
	node = fdt_descend(f, f->root, ap, ap + strlen(ap));
	return fdt_descend(f, node, q, end);
}

int fdt_alias(const struct fdt *f, const char *name, size_t len, const char **path)
{
	char key[64];
	int aliases = fdt_subnode(f, f->root, "aliases", 7), rc;

	if (aliases < 0)
		return aliases;
	if (len == 0 || len >= sizeof(key))
		return FDT_E_NOTFOUND;
	memcpy(key, name, len);
	key[len] = 0;
	rc = fdt_prop_str(f, aliases, key, path);
	/* An alias must hold a full path: that also rules out alias loops. */
	if (rc == 0 && (*path)[0] != '/')
		return FDT_E_VALUE;
	return rc;
}

uint32_t fdt_phandle_of(const struct fdt *f, int node)
{
	uint32_t ph;

	if (fdt_prop_u32(f, node, "phandle", &ph) == 0 ||
	    fdt_prop_u32(f, node, "linux,phandle", &ph) == 0)
		return ph;
	return 0;
}

int fdt_by_phandle(const struct fdt *f, uint32_t phandle)
{
	int node;

	if (phandle == 0 || phandle == 0xffffffffu)
		return FDT_E_NOTFOUND;
	for (node = f->root; node >= 0; node = fdt_walk(f, node, NULL))
		if (fdt_phandle_of(f, node) == phandle)
			return node;
	return node;
}
