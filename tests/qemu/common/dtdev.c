/* For test programs that make device handles: the device tree, and nodes by compatible. */
#include <string.h>
#include <libpier.h>
#include "dtdev.h"

const struct fdt *dtp;
struct dtboard board;

static const char *const clints[] = { "riscv,clint0", "sifive,clint0", "riscv,aclint-mswi",
				      "riscv,aclint-sswi", "riscv,aclint-mtimer" };

/* Every range of a CLINT node, whatever its status. */
static void clint_ranges(int n)
{
	struct board_range r;

	for (size_t k = 0; k < sizeof(clints) / sizeof(clints[0]); k++) {
		if (!fdt_compatible(dtp, n, clints[k]))
			continue;
		for (uint32_t i = 0; board.nclint < DTDEV_CLINT_MAX &&
		     fdt_reg(dtp, n, i, &r.base, &r.size) == 0; i++)
			board.clint[board.nclint++] = r;
		return;
	}
}

int dt_load(void)
{
	int rc, n, mem = -1, plic = -1;

	if ((rc = dt_get(&dtp)) != PIER_OK)
		return rc;
	for (n = dtp->root; n >= 0; n = fdt_walk(dtp, n, NULL)) {
		if (plic < 0 && fdt_okay(dtp, n) && (fdt_compatible(dtp, n, "riscv,plic0") ||
						     fdt_compatible(dtp, n, "sifive,plic-1.0.0")))
			plic = n;
		if (strncmp(fdt_name(dtp, n), "memory", 6) == 0 && fdt_okay(dtp, n)) {
			mem = n;
			for (uint32_t i = 0; board.nmem < DTDEV_MEM_MAX &&
			     fdt_reg(dtp, n, i, &board.mem[board.nmem].base,
				     &board.mem[board.nmem].size) == 0; i++)
				board.nmem++;
		}
		clint_ranges(n);
	}
	if (plic < 0 || mem < 0 || (n = fdt_stdout(dtp)) < 0)
		return FDT_E_NOTFOUND;
	board.plic.present = true;
	if ((rc = fdt_reg(dtp, plic, 0, &board.plic.base, &board.plic.size)) < 0 ||
	    (rc = fdt_prop_u32(dtp, plic, "riscv,ndev", &board.plic.ndev)) < 0 ||
	    (rc = fdt_reg(dtp, n, 0, &board.uart.base, &board.uart.size)) < 0 ||
	    (rc = fdt_irq(dtp, n, 0, &board.uart.irq, NULL)) < 0)
		return rc;
	return 0;
}

int dt_devices(const char *compat, struct dtdev *out, int max)
{
	int n = 0;

	for (int node = dtp->root; node >= 0 && n < max; node = fdt_walk(dtp, node, NULL)) {
		if (!fdt_compatible(dtp, node, compat))
			continue;
		out[n] = (struct dtdev){ .node = node };
		if (fdt_reg(dtp, node, 0, &out[n].base, &out[n].size) < 0 ||
		    fdt_irq(dtp, node, 0, &out[n].irq, NULL) < 0)
			continue;
		n++;
	}
	return n;
}
