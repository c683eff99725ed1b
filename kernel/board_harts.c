/* Board discovery, the harts: each cpu node's hart id, MMU, extensions and interrupt controller. */
#include <string.h>
#include "board.h"
#include "board_dt.h"

/* Runs before the MMU is on, as board.c does (see there). */

/* Does the riscv,isa string name ext among its '_'-separated extensions? */
static bool board_isa_has(const char *isa, const char *ext)
{
	size_t l = strlen(ext), i;

	for (i = 0; isa[i]; i++)
		if (isa[i] == '_' && strncmp(isa + i + 1, ext, l) == 0 &&
		    (isa[i + 1 + l] == 0 || isa[i + 1 + l] == '_'))
			return true;
	return false;
}

static int board_hart(const struct fdt *f, int cpus, int node, struct board_hart *h)
{
	const void *v;
	uint32_t len, pos = 0;
	int ac = fdt_acells(f, cpus), rc, ic;

	if (ac < 0)
		return ac;
	if ((rc = fdt_prop(f, node, "reg", &v, &len)) < 0)
		return rc == FDT_E_NOTFOUND ? BOARD_E_MISSING : rc;
	if ((rc = fdt_cells(v, len, &pos, (uint32_t)ac, &h->hartid)) < 0 ||
	    (rc = board_str(f, node, "mmu-type", h->mmu_type, sizeof(h->mmu_type))) < 0 ||
	    (rc = board_str(f, node, "riscv,isa", h->isa, sizeof(h->isa))) < 0)
		return rc;
	h->okay = fdt_okay(f, node);
	h->usable = h->okay && (strcmp(h->mmu_type, "riscv,sv39") == 0 ||
				strcmp(h->mmu_type, "riscv,sv48") == 0 ||
				strcmp(h->mmu_type, "riscv,sv57") == 0);
	h->sstc = board_isa_has(h->isa, "sstc") ||
		  (fdt_prop(f, node, "riscv,isa-extensions", &v, &len) == 0 &&
		   fdt_strlist_has(v, len, "sstc"));
	h->plic_s_ctx = -1;
	for (ic = fdt_child(f, node); ic >= 0; ic = fdt_sibling(f, ic))
		if (fdt_prop(f, ic, "interrupt-controller", NULL, NULL) == 0)
			break;
	if (ic >= 0)
		h->intc_phandle = fdt_phandle_of(f, ic);
	return ic >= 0 || ic == FDT_E_NOTFOUND ? 0 : ic;
}

static bool board_is_cpu(const struct fdt *f, int node)
{
	const char *s, *nm = fdt_name(f, node);

	if (fdt_prop_str(f, node, "device_type", &s) == 0)
		return strcmp(s, "cpu") == 0;
	return nm && strncmp(nm, "cpu@", 4) == 0;
}

int board_harts(const struct fdt *f, struct board *b)
{
	int cpus = board_node(f, "/cpus"), n, rc;

	if (cpus < 0)
		return cpus == FDT_E_NOTFOUND ? BOARD_E_MISSING : cpus;
	for (n = fdt_child(f, cpus); n >= 0; n = fdt_sibling(f, n)) {
		if (!board_is_cpu(f, n))
			continue;
		if (b->nharts == BOARD_MAX_HARTS)
			return BOARD_E_TOO_MANY;
		if ((rc = board_hart(f, cpus, n, &b->harts[b->nharts++])) < 0)
			return rc;
		/* timebase-frequency may sit in each cpu node instead of /cpus. */
		if (b->timebase_hz == 0 &&
		    (rc = fdt_prop_num(f, n, "timebase-frequency", &b->timebase_hz)) < 0 &&
		    rc != FDT_E_NOTFOUND)
			return rc;
	}
	if (n != FDT_E_NOTFOUND)
		return n;
	rc = fdt_prop_num(f, cpus, "timebase-frequency", &b->timebase_hz);
	if (rc < 0 && rc != FDT_E_NOTFOUND)
		return rc;
	return b->timebase_hz && b->nharts ? 0 : BOARD_E_MISSING;
}
