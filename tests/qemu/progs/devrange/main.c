/* devrange: no device handle over the PLIC, a CLINT, RAM, or physical addresses past 2^56. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <dt.h>

/*
 * Started with super (PIER_TASK_DEVICE needs PIER_R_SUPER). The PLIC,
 * CLINT and RAM ranges come from the device tree, read with the shared
 * reader (lib/fdt/) as init reads it. Every refused request must be PIER_E_ARG;
 * the console UART's range must still be given (with irq 0: its
 * interrupt belongs to init's device for the driver).
 */
#define PA_END (1ull << 56)     /* a PTE holds 44 bits of page number */

struct range {
	uint64_t base, size;
};

#define CLINT_MAX 8
static struct {
	struct range plic, mem, uart, clint[CLINT_MAX];
	uint32_t nclint, uart_irq;
	int plic_ok;
} board;
static int fails;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("devrange: PASS %s\n", what);
	} else {
		printf("devrange: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static const char *const clints[] = { "riscv,clint0", "sifive,clint0", "riscv,aclint-mswi",
				      "riscv,aclint-sswi", "riscv,aclint-mtimer" };

/* Every range of every CLINT node, whatever its status. */
static void clint_ranges(const struct fdt *f, int n)
{
	struct range r;

	for (size_t k = 0; k < sizeof(clints) / sizeof(clints[0]); k++) {
		if (!fdt_compatible(f, n, clints[k]))
			continue;
		for (uint32_t i = 0; board.nclint < CLINT_MAX &&
		     fdt_reg(f, n, i, &r.base, &r.size) == 0; i++)
			board.clint[board.nclint++] = r;
		return;
	}
}

static int dt_load(void)
{
	const struct fdt *f;
	int rc, n, mem = -1, plic = -1;

	if ((rc = dt_get(&f)) != PIER_OK)
		return rc;
	for (n = f->root; n >= 0; n = fdt_walk(f, n, NULL)) {
		const char *nm = fdt_name(f, n);

		if (plic < 0 && fdt_okay(f, n) && (fdt_compatible(f, n, "riscv,plic0") ||
						   fdt_compatible(f, n, "sifive,plic-1.0.0")))
			plic = n;
		if (mem < 0 && strncmp(nm, "memory", 6) == 0)
			mem = n;
		clint_ranges(f, n);
	}
	board.plic_ok = plic >= 0;
	if (plic < 0 || mem < 0 || (n = fdt_stdout(f)) < 0)
		return FDT_E_NOTFOUND;
	if ((rc = fdt_reg(f, plic, 0, &board.plic.base, &board.plic.size)) < 0 ||
	    (rc = fdt_reg(f, mem, 0, &board.mem.base, &board.mem.size)) < 0 ||
	    (rc = fdt_reg(f, n, 0, &board.uart.base, &board.uart.size)) < 0 ||
	    (rc = fdt_irq(f, n, 0, &board.uart_irq, NULL)) < 0)
		return rc;
	return 0;
}

static void refused(const char *what, uint64_t base, uint64_t size)
{
	char line[96];
	uint32_t h;

	snprintf(line, sizeof(line), "refused: %s [0x%llx, +0x%llx)", what,
		 (unsigned long long)base, (unsigned long long)size);
	check(line, pier_device_create(base, size, 0, &h), PIER_E_ARG);
}

int main(void)
{
	const struct range *c, *u = &board.uart;
	struct pier_device d;
	uint64_t p, ps;
	uint32_t h, h2;

	check("read the device tree", dt_load(), 0);
	check("it has a PLIC", board.plic_ok, 1);
	check("it has a CLINT", board.nclint > 0, 1);
	p = board.plic.base, ps = board.plic.size;
	refused("the PLIC", p, ps);
	refused("the PLIC's last byte", p + ps - 1, 1);
	refused("a range reaching into the PLIC", p - 0x1000, 0x1001);
	for (uint32_t i = 0; i < board.nclint; i++) {
		c = &board.clint[i];
		refused("a CLINT range", c->base, c->size);
		refused("a word inside it", c->base + (c->size / 2 & ~7ull), 4);
	}
	refused("RAM", board.mem.base, 0x1000);
	refused("from 2^56", PA_END, 0x1000);
	refused("across 2^56", PA_END - 0x1000, 0x2000);
	refused("the UART with bit 56 set", u->base | PA_END, u->size);
	refused("a kernel address", 0xffffffc000000000ull + u->base, u->size);
	refused("a range that wraps", ~0ull - 0xfff, 0x2000);
	refused("an empty range", u->base, 0);

	/* Still given: a device's own registers. */
	check("the console UART's range, irq 0", pier_device_create(u->base, u->size, 0, &h), PIER_OK);
	check("its info", pier_dev_info(h, &d), PIER_OK);
	check("its base", (long)d.base, (long)u->base);
	check("its size", (long)d.size, (long)u->size);
	check("its irq still init's", pier_device_create(u->base, u->size, board.uart_irq, &h2), PIER_E_STATE);
	printf("devrange: done\n");
	return fails;
}
