/* Board discovery: memory, console UART, PLIC, CLINT and harts, read from the device tree. */
#include <string.h>
#include "board.h"
#include "board_dt.h"

/*
 * Runs before the MMU is on: everything goes through the caller's struct,
 * and the only strings are literals passed straight to calls, or
 * clint_compat, an array of characters: all reached PC-relative.
 */

int board_node(const struct fdt *f, const char *path)
{
	return fdt_find(f, path, strlen(path));
}

/* Copy a string property into dst; absent gives "". */
int board_str(const struct fdt *f, int node, const char *name, char *dst, size_t cap)
{
	const char *s;
	size_t l;
	int rc = fdt_prop_str(f, node, name, &s);

	dst[0] = 0;
	if (rc == FDT_E_NOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	l = strlen(s);
	if (l >= cap)
		return FDT_E_NOSPACE;
	memcpy(dst, s, l + 1);
	return 0;
}

/* A 32-bit property that has a default when absent. */
static int board_u32(const struct fdt *f, int node, const char *name, uint32_t def, uint32_t *out)
{
	int rc = fdt_prop_u32(f, node, name, out);

	if (rc == FDT_E_NOTFOUND) {
		*out = def;
		return 0;
	}
	return rc;
}

/* Append every non-empty (base, size) of node's reg, in its parent's cells. */
static int board_regs(const struct fdt *f, int parent, int node,
		      struct board_range *r, uint32_t max, uint32_t *n)
{
	const void *v;
	uint32_t len, pos = 0;
	uint64_t base, size;
	int ac = fdt_acells(f, parent), sc = fdt_scells(f, parent), rc;

	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	rc = fdt_prop(f, node, "reg", &v, &len);
	if (rc < 0)
		return rc == FDT_E_NOTFOUND ? BOARD_E_MISSING : rc;
	if (ac + sc == 0 || len % (4 * (uint32_t)(ac + sc)))
		return FDT_E_VALUE;
	while (pos < len / 4) {
		if ((rc = fdt_cells(v, len, &pos, (uint32_t)ac, &base)) < 0 ||
		    (rc = fdt_cells(v, len, &pos, (uint32_t)sc, &size)) < 0)
			return rc;
		if (size == 0)
			continue;
		if (*n == max)
			return BOARD_E_TOO_MANY;
		r[*n].base = base;
		r[(*n)++].size = size;
	}
	return 0;
}

/* The first reg entry of node, for devices. */
int board_reg0(const struct fdt *f, int node, uint64_t *base, uint64_t *size)
{
	struct board_range r[1];
	uint32_t n = 0;
	int parent = fdt_parent(f, node), rc;

	if (parent < 0)
		return parent;
	rc = board_regs(f, parent, node, r, 1, &n);
	if (rc == BOARD_E_TOO_MANY || (rc == 0 && n == 1)) {
		*base = r[0].base;
		*size = r[0].size;
		return 0;
	}
	return rc == 0 ? BOARD_E_MISSING : rc;
}

static bool board_is_memory(const struct fdt *f, int node)
{
	const char *s, *nm = fdt_name(f, node);

	if (fdt_prop_str(f, node, "device_type", &s) == 0)
		return strcmp(s, "memory") == 0;
	return nm && strncmp(nm, "memory", 6) == 0 && (nm[6] == 0 || nm[6] == '@');
}

static int board_memory(const struct fdt *f, struct board *b)
{
	uint64_t addr, size;
	uint32_t i;
	int n, rm, rc;

	for (n = fdt_child(f, f->root); n >= 0; n = fdt_sibling(f, n)) {
		if (board_is_memory(f, n) && fdt_okay(f, n) &&
		    (rc = board_regs(f, f->root, n, b->mem, BOARD_MAX_MEM, &b->nmem)) < 0)
			return rc;
	}
	if (n != FDT_E_NOTFOUND)
		return n;
	if (b->nmem == 0)
		return BOARD_E_MISSING;

	/* Reserved: /reserved-memory children with reg (dynamic ones have none), then memreserve. */
	rm = board_node(f, "/reserved-memory");
	for (n = rm >= 0 ? fdt_child(f, rm) : rm; n >= 0; n = fdt_sibling(f, n)) {
		if (fdt_okay(f, n) && fdt_prop(f, n, "reg", NULL, NULL) == 0 &&
		    (rc = board_regs(f, rm, n, b->reserved, BOARD_MAX_RESERVED, &b->nreserved)) < 0)
			return rc;
	}
	if (n != FDT_E_NOTFOUND)
		return n;
	for (i = 0; fdt_rsv(f, i, &addr, &size) == 0; i++) {
		if (b->nreserved == BOARD_MAX_RESERVED)
			return BOARD_E_TOO_MANY;
		b->reserved[b->nreserved].base = addr;
		b->reserved[b->nreserved++].size = size;
	}
	return 0;
}

static int board_uart(const struct fdt *f, int node, struct board_uart *u)
{
	const void *v;
	uint32_t len;
	int rc;

	if ((rc = fdt_path(f, node, u->path, sizeof(u->path))) < 0 ||
	    (rc = board_str(f, node, "compatible", u->compatible, sizeof(u->compatible))) < 0 ||
	    (rc = board_reg0(f, node, &u->base, &u->size)) < 0 ||
	    (rc = board_u32(f, node, "reg-shift", 0, &u->reg_shift)) < 0 ||
	    (rc = board_u32(f, node, "reg-io-width", 1, &u->reg_io_width)) < 0)
		return rc;
	if (fdt_prop(f, node, "compatible", &v, &len) == 0) {
		if (len > sizeof(u->compat_list))
			return FDT_E_NOSPACE;
		memcpy(u->compat_list, v, len);
		u->compat_len = len;
	}
	/* interrupts = <irq ...>, or interrupts-extended = <&parent irq ...>. */
	if (fdt_prop(f, node, "interrupts", &v, &len) == 0 && len >= 4)
		u->irq = fdt_be32(v);
	else if (fdt_prop(f, node, "interrupts-extended", &v, &len) == 0 && len >= 8)
		u->irq = fdt_be32((const uint8_t *)v + 4);
	rc = fdt_prop_num(f, node, "clock-frequency", &u->clock_hz);
	u->present = true;
	return rc == FDT_E_NOTFOUND ? 0 : rc;
}

/* /chosen: bootargs, and stdout-path = "path-or-alias[:options]". */
static int board_chosen(const struct fdt *f, struct board *b)
{
	const char *sp;
	size_t len;
	int ch = board_node(f, "/chosen"), rc, node;

	if (ch < 0)
		return ch == FDT_E_NOTFOUND ? 0 : ch;
	if ((rc = board_str(f, ch, "bootargs", b->bootargs, sizeof(b->bootargs))) < 0)
		return rc;
	rc = fdt_prop_str(f, ch, "stdout-path", &sp);
	if (rc == FDT_E_NOTFOUND)
		rc = fdt_prop_str(f, ch, "linux,stdout-path", &sp);
	if (rc < 0)
		return rc == FDT_E_NOTFOUND ? 0 : rc;
	for (len = 0; sp[len] && sp[len] != ':'; len++)
		;
	node = fdt_find(f, sp, len);
	if (node < 0)
		return node == FDT_E_NOTFOUND ? BOARD_E_STDOUT : node;
	return board_uart(f, node, &b->uart);
}

/*
 * PLIC context i is entry i of the PLIC's interrupts-extended: <&intc cause>
 * with intc a hart's riscv,cpu-intc. Cause 9 marks that hart's S-mode
 * context; M-mode (11) and unrouted (-1) entries still take a number.
 */
static int board_contexts(const struct fdt *f, int plic, struct board *b)
{
	const void *v;
	uint32_t len, pos = 0, ncells, i;
	uint64_t ph, cause;
	int32_t ctx;
	int rc, ic;

	rc = fdt_prop(f, plic, "interrupts-extended", &v, &len);
	if (rc < 0)
		return rc == FDT_E_NOTFOUND ? 0 : rc;
	for (ctx = 0; pos < len / 4; ctx++) {
		if ((rc = fdt_cells(v, len, &pos, 1, &ph)) < 0 ||
		    (ic = fdt_by_phandle(f, (uint32_t)ph)) < 0 ||
		    (rc = board_u32(f, ic, "#interrupt-cells", 1, &ncells)) < 0)
			return rc < 0 ? rc : FDT_E_VALUE;
		/* The cause is the first of the controller's #interrupt-cells. */
		if (ncells == 0 || ncells > len / 4 - pos ||
		    fdt_cells(v, len, &pos, 1, &cause) < 0)
			return FDT_E_VALUE;
		pos += ncells - 1;
		for (i = 0; cause == BOARD_IRQ_S_EXT && i < b->nharts; i++)
			if (b->harts[i].intc_phandle == ph && b->harts[i].plic_s_ctx < 0)
				b->harts[i].plic_s_ctx = ctx;
	}
	return len % 4 ? FDT_E_VALUE : 0;
}

static int board_plic(const struct fdt *f, struct board *b)
{
	struct board_plic *p = &b->plic;
	const void *v;
	uint32_t len;
	int n, rc;

	for (n = f->root; n >= 0; n = fdt_walk(f, n, NULL))
		if (fdt_prop(f, n, "compatible", &v, &len) == 0 && fdt_okay(f, n) &&
		    (fdt_strlist_has(v, len, "riscv,plic0") ||
		     fdt_strlist_has(v, len, "sifive,plic-1.0.0")))
			break;
	if (n < 0)
		return n == FDT_E_NOTFOUND ? 0 : n;
	p->present = true;
	p->phandle = fdt_phandle_of(f, n);
	if ((rc = fdt_path(f, n, p->path, sizeof(p->path))) < 0 ||
	    (rc = board_reg0(f, n, &p->base, &p->size)) < 0)
		return rc;
	rc = fdt_prop_u32(f, n, "riscv,ndev", &p->ndev);
	if (rc < 0)
		return rc == FDT_E_NOTFOUND ? BOARD_E_MISSING : rc;
	return board_contexts(f, n, b);
}

/* One string after another: characters, not pointers, so usable before the MMU is on. */
static const char clint_compat[] = "riscv,clint0\0sifive,clint0\0riscv,aclint-mswi\0"
	"riscv,aclint-sswi\0riscv,aclint-mtimer";

static bool board_is_clint(const void *v, uint32_t len)
{
	for (const char *c = clint_compat; c < clint_compat + sizeof(clint_compat); c += strlen(c) + 1)
		if (fdt_strlist_has(v, len, c))
			return true;
	return false;
}

/* Every reg range of every CLINT or ACLINT node, whatever its status. */
static int board_clint(const struct fdt *f, struct board *b)
{
	const void *v;
	uint32_t len;
	int n, parent, rc;

	for (n = f->root; n >= 0; n = fdt_walk(f, n, NULL)) {
		if (fdt_prop(f, n, "compatible", &v, &len) < 0 || !board_is_clint(v, len))
			continue;
		if ((parent = fdt_parent(f, n)) < 0)
			return parent;
		if ((rc = board_regs(f, parent, n, b->clint, BOARD_MAX_CLINT, &b->nclint)) < 0)
			return rc;
	}
	return n == FDT_E_NOTFOUND ? 0 : n;
}

static int board_parse(const void *blob, size_t len, struct board *b)
{
	struct fdt f;
	int rc;

	if ((rc = fdt_init(&f, blob, len)) < 0 ||
	    (rc = board_str(&f, f.root, "model", b->model, sizeof(b->model))) < 0 ||
	    (rc = board_memory(&f, b)) < 0 ||
	    (rc = board_chosen(&f, b)) < 0 ||
	    (rc = board_clint(&f, b)) < 0 ||
	    (rc = board_harts(&f, b)) < 0 ||
	    (rc = board_ccache(&f, b)) < 0)
		return rc;
	/* After the harts: the PLIC's contexts are matched to them. */
	return board_plic(&f, b);
}

int board_from_fdt(const void *fdt, size_t len_limit, struct board *b)
{
	int rc;

	memset(b, 0, sizeof(*b));
	rc = board_parse(fdt, len_limit, b);
	/* Nothing half-filled: on error the caller sees an empty board. */
	if (rc < 0)
		memset(b, 0, sizeof(*b));
	return rc;
}
