/* Device nodes: stdout-path, compatible, reg in the parent's cells, interrupts by their parent's cells. */
#include <string.h>
#include "fdt.h"

/*
 * Shared by the kernel and programs, like the rest of the reader: no
 * globals, no pointer tables. Each lookup is bounded by the blob (fdt_init
 * checked it), so a hostile blob gives an error, never a long loop.
 */

int fdt_stdout(const struct fdt *f)
{
	const char *sp;
	size_t len;
	int ch = fdt_find(f, "/chosen", 7), rc;

	if (ch < 0)
		return ch;
	rc = fdt_prop_str(f, ch, "stdout-path", &sp);
	if (rc == FDT_E_NOTFOUND)
		rc = fdt_prop_str(f, ch, "linux,stdout-path", &sp);
	if (rc < 0)
		return rc;
	for (len = 0; sp[len] && sp[len] != ':'; len++)
		;
	return fdt_find(f, sp, len);
}

bool fdt_compatible(const struct fdt *f, int node, const char *s)
{
	const void *v;
	uint32_t len;

	return fdt_prop(f, node, "compatible", &v, &len) == 0 &&
	       fdt_strlist_has(v, len, s);
}

int fdt_reg(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size)
{
	const void *v;
	uint32_t len, pos, cells;
	int parent = fdt_parent(f, node), ac, sc, rc;

	if (parent < 0)
		return parent;
	ac = fdt_acells(f, parent);
	sc = fdt_scells(f, parent);
	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if ((rc = fdt_prop(f, node, "reg", &v, &len)) < 0)
		return rc;
	cells = (uint32_t)(ac + sc);
	if (cells == 0 || len % (4 * cells))
		return FDT_E_VALUE;
	if (index >= len / 4 / cells)
		return FDT_E_NOTFOUND;
	pos = index * cells;
	if ((rc = fdt_cells(v, len, &pos, (uint32_t)ac, base)) < 0)
		return rc;
	return fdt_cells(v, len, &pos, (uint32_t)sc, size);
}

/* The interrupt parent of node: its own interrupt-parent, or its nearest ancestor's. */
static int fdt_irq_parent(const struct fdt *f, int node)
{
	uint32_t ph;
	int rc;

	/* At most FDT_MAX_DEPTH steps up: fdt_init bounded the nesting. */
	for (int i = 0; node >= 0 && i <= FDT_MAX_DEPTH; i++) {
		rc = fdt_prop_u32(f, node, "interrupt-parent", &ph);
		if (rc == 0)
			return fdt_by_phandle(f, ph);
		if (rc != FDT_E_NOTFOUND)
			return rc;
		node = fdt_parent(f, node);
	}
	return node < 0 ? node : FDT_E_DEPTH;
}

/* #interrupt-cells of an interrupt controller: 1..4. */
static int fdt_irq_cells(const struct fdt *f, int ctl)
{
	uint32_t n;
	int rc = fdt_prop_u32(f, ctl, "#interrupt-cells", &n);

	if (rc < 0)
		return rc == FDT_E_NOTFOUND ? FDT_E_VALUE : rc;
	return n >= 1 && n <= 4 ? (int)n : FDT_E_VALUE;
}

int fdt_irq(const struct fdt *f, int node, uint32_t index, uint32_t *irq, int *ctlr)
{
	const void *v;
	uint32_t len, pos = 0, i;
	uint64_t cell;
	int rc, ctl, n;

	if (fdt_prop(f, node, "interrupts", &v, &len) == 0) {
		if ((ctl = fdt_irq_parent(f, node)) < 0)
			return ctl;
		if ((n = fdt_irq_cells(f, ctl)) < 0)
			return n;
		if (len % (4u * (uint32_t)n))
			return FDT_E_VALUE;
		if (index >= len / 4 / (uint32_t)n)
			return FDT_E_NOTFOUND;
		*irq = fdt_be32((const uint8_t *)v + 4 * index * (uint32_t)n);
		if (ctlr)
			*ctlr = ctl;
		return 0;
	}
	rc = fdt_prop(f, node, "interrupts-extended", &v, &len);
	if (rc < 0)
		return rc;
	/* Each entry is <phandle cell...>, its length its controller's: walk them.
	 * At most len / 8 entries, each a phandle lookup. */
	for (i = 0; pos < len / 4; i++) {
		if ((rc = fdt_cells(v, len, &pos, 1, &cell)) < 0)
			return rc;
		if ((ctl = fdt_by_phandle(f, (uint32_t)cell)) < 0)
			return ctl;
		if ((n = fdt_irq_cells(f, ctl)) < 0)
			return n;
		if ((rc = fdt_cells(v, len, &pos, 1, &cell)) < 0 ||
		    (uint32_t)n - 1 > len / 4 - pos)
			return FDT_E_VALUE;
		pos += (uint32_t)n - 1;
		if (i == index) {
			*irq = (uint32_t)cell;
			if (ctlr)
				*ctlr = ctl;
			return 0;
		}
	}
	return FDT_E_NOTFOUND;
}

int fdt_u32_or(const struct fdt *f, int node, const char *name, uint32_t def, uint32_t *out)
{
	int rc = fdt_prop_u32(f, node, name, out);

	if (rc == FDT_E_NOTFOUND) {
		*out = def;
		return 0;
	}
	return rc;
}
