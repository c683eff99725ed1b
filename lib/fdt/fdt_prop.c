/* Device tree properties: lookup, numbers, strings, cells, and the memreserve block. */
#include <string.h>
#include "fdt.h"
#include "fdt_raw.h"

int fdt_prop(const struct fdt *f, int node, const char *name,
	     const void **val, uint32_t *len)
{
	const uint8_t *p;
	int off, next, tag;

	tag = fdt_tag(f, node, &next);
	if (tag != FDT_TOK_BEGIN)
		return tag < 0 ? tag : FDT_E_STRUCT;
	/* Properties come first in a node; the first child or END_NODE ends them. */
	for (;;) {
		off = next;
		tag = fdt_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_TOK_NOP)
			continue;
		if (tag != FDT_TOK_PROP)
			return FDT_E_NOTFOUND;
		p = f->blob + f->off_struct + off + 4;
		if (strcmp((const char *)f->blob + f->off_strings + fdt_be32(p + 4), name) == 0) {
			if (val)
				*val = p + 8;
			if (len)
				*len = fdt_be32(p);
			return 0;
		}
	}
}

int fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	const void *v;
	uint32_t len;
	int rc = fdt_prop(f, node, name, &v, &len);

	if (rc == 0 && len != 4)
		return FDT_E_VALUE;
	if (rc == 0)
		*out = fdt_be32(v);
	return rc;
}

/* A number of one or two cells, as timebase-frequency may be. */
int fdt_prop_num(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	const void *v;
	uint32_t len, pos = 0;
	int rc = fdt_prop(f, node, name, &v, &len);

	if (rc < 0)
		return rc;
	if (len != 4 && len != 8)
		return FDT_E_VALUE;
	return fdt_cells(v, len, &pos, len / 4, out);
}

int fdt_prop_str(const struct fdt *f, int node, const char *name, const char **s)
{
	const void *v;
	uint32_t len;
	int rc = fdt_prop(f, node, name, &v, &len);

	if (rc == 0 && (len == 0 || ((const char *)v)[len - 1] != 0))
		return FDT_E_VALUE;
	if (rc == 0)
		*s = v;
	return rc;
}

bool fdt_okay(const struct fdt *f, int node)
{
	const char *s;
	int rc = fdt_prop_str(f, node, "status", &s);

	if (rc == FDT_E_NOTFOUND)
		return true;    /* no status means okay */
	return rc == 0 && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

static int fdt_ncells(const struct fdt *f, int node, const char *name, uint32_t def)
{
	uint32_t v = def;
	int rc = fdt_prop_u32(f, node, name, &v);

	if (rc < 0 && rc != FDT_E_NOTFOUND)
		return rc;
	return v > 4 ? FDT_E_VALUE : (int)v;
}

/* Cells of the reg entries of node's children; defaults from the spec. */
int fdt_acells(const struct fdt *f, int node)
{
	return fdt_ncells(f, node, "#address-cells", 2);
}

int fdt_scells(const struct fdt *f, int node)
{
	return fdt_ncells(f, node, "#size-cells", 1);
}

int fdt_cells(const void *val, uint32_t len, uint32_t *pos, uint32_t n, uint64_t *out)
{
	const uint8_t *p = val;
	uint64_t v = 0;
	uint32_t i;

	if (n > 2 || *pos > len / 4 || n > len / 4 - *pos)
		return FDT_E_VALUE;
	for (i = 0; i < n; i++)
		v = v << 32 | fdt_be32(p + 4 * (*pos + i));
	*pos += n;
	*out = v;
	return 0;
}

bool fdt_strlist_has(const void *val, uint32_t len, const char *s)
{
	const uint8_t *p = val;
	uint32_t i = 0, l, want = (uint32_t)strlen(s);

	while (i < len) {
		l = fdt_slen(p + i, len - i);
		if (l == len - i)
			return false;   /* unterminated tail */
		if (l == want && memcmp(p + i, s, l) == 0)
			return true;
		i += l + 1;
	}
	return false;
}

int fdt_rsv(const struct fdt *f, uint32_t i, uint64_t *addr, uint64_t *size)
{
	const uint8_t *e;

	if (i >= f->nrsv)
		return FDT_E_NOTFOUND;
	e = f->blob + f->off_rsv + 16 * i;
	*addr = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return 0;
}
