/* Flattened device tree (DTB v17) reader: bounds-checked, no allocation, no globals. */
#ifndef PIER_FDT_H
#define PIER_FDT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * fdt_init() checks the header and walks the whole structure block once, so
 * later lookups can trust its shape; every read is still checked against the
 * block sizes, so a bad blob gives an error, never a read out of bounds.
 * A node is named by the offset of its BEGIN_NODE token in the structure
 * block (the same numbers libfdt uses); a negative int is an error below.
 * All code here runs before the MMU is on, at a physical address other than
 * its link address: no pointer tables, no writable globals.
 */
enum fdt_err {
	FDT_E_MAGIC = -1,     /* not a device tree: bad magic */
	FDT_E_VERSION = -2,   /* not readable as version 17 */
	FDT_E_TRUNCATED = -3, /* totalsize beyond the buffer, or a block beyond totalsize */
	FDT_E_LAYOUT = -4,    /* a block misaligned or absurdly large */
	FDT_E_STRUCT = -5,    /* structure block malformed: bad token, unterminated name, ... */
	FDT_E_NOTFOUND = -6,  /* no such node, property, alias or phandle */
	FDT_E_VALUE = -7,     /* a property has the wrong size or form */
	FDT_E_DEPTH = -8,     /* nodes nested deeper than FDT_MAX_DEPTH */
	FDT_E_NOSPACE = -9,   /* the caller's buffer is too small */
};

#define FDT_MAX_DEPTH 32      /* deepest nesting accepted (real trees use < 8) */
#define FDT_MAX_SIZE 0x1000000u /* largest blob accepted: 16 MiB keeps offsets in an int */

struct fdt {
	const uint8_t *blob;    /* start of the blob, as passed to fdt_init */
	uint32_t totalsize;     /* header totalsize, checked <= the buffer length */
	uint32_t off_struct;    /* structure block: offset and size in the blob */
	uint32_t size_struct;
	uint32_t off_strings;   /* strings block: offset and size in the blob */
	uint32_t size_strings;
	uint32_t off_rsv;       /* memreserve block: offset, and entries before the terminator */
	uint32_t nrsv;
	int root;               /* offset of the root node */
};

int fdt_init(struct fdt *f, const void *blob, size_t len);

/* Walking. fdt_walk: the next node in document order, *depth (if given)
 * moved by the nesting change; FDT_E_NOTFOUND once *depth would go below 0. */
int fdt_walk(const struct fdt *f, int node, int *depth);
int fdt_child(const struct fdt *f, int node);
int fdt_sibling(const struct fdt *f, int node);
int fdt_parent(const struct fdt *f, int node);
const char *fdt_name(const struct fdt *f, int node);
int fdt_path(const struct fdt *f, int node, char *buf, size_t cap);

/* Lookup. fdt_find takes "/a/b@1", "/a/b" (unit address optional) or an
 * alias "serial0" (optionally "serial0/child"); len bounds path. */
int fdt_find(const struct fdt *f, const char *path, size_t len);
int fdt_alias(const struct fdt *f, const char *name, size_t len, const char **path);
int fdt_by_phandle(const struct fdt *f, uint32_t phandle);
uint32_t fdt_phandle_of(const struct fdt *f, int node);

/* Properties. val points into the blob and holds len bytes. */
int fdt_prop(const struct fdt *f, int node, const char *name,
	     const void **val, uint32_t *len);
int fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
int fdt_prop_num(const struct fdt *f, int node, const char *name, uint64_t *out);
int fdt_prop_str(const struct fdt *f, int node, const char *name, const char **s);
bool fdt_okay(const struct fdt *f, int node);
int fdt_acells(const struct fdt *f, int node);
int fdt_scells(const struct fdt *f, int node);

/* Values. fdt_cells reads n (0..2) cells at cell index *pos and advances it. */
uint32_t fdt_be32(const void *p);
int fdt_cells(const void *val, uint32_t len, uint32_t *pos, uint32_t n, uint64_t *out);
bool fdt_strlist_has(const void *val, uint32_t len, const char *s);

/*
 * Devices (fdt_dev.c), what a driver or init asks of a node:
 * fdt_stdout: the node /chosen's stdout-path (or linux,stdout-path) names,
 * a path or an alias with ":options" cut off.
 * fdt_compatible: node's compatible list has s.
 * fdt_reg: the index-th (base, size) of node's reg, in its parent's
 * #address-cells and #size-cells; FDT_E_NOTFOUND past the last.
 * fdt_irq: the index-th interrupt of node, the first cell of each entry of
 * interrupts (in its interrupt parent's #interrupt-cells) or of
 * interrupts-extended (<&parent cells...>); FDT_E_NOTFOUND past the last.
 * *ctlr (may be NULL) gets its interrupt controller's node.
 * fdt_u32_or: a one-cell property, def when absent.
 */
int fdt_stdout(const struct fdt *f);
bool fdt_compatible(const struct fdt *f, int node, const char *s);
int fdt_reg(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size);
int fdt_irq(const struct fdt *f, int node, uint32_t index, uint32_t *irq, int *ctlr);
int fdt_u32_or(const struct fdt *f, int node, const char *name, uint32_t def, uint32_t *out);

/* Memreserve entry i, 0 <= i < f->nrsv. */
int fdt_rsv(const struct fdt *f, uint32_t i, uint64_t *addr, uint64_t *size);

#endif
