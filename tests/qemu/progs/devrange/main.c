/* devrange: no device handle over the PLIC, a CLINT, RAM, or physical addresses past 2^56. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include "dtdev.h"

/*
 * Started with super (PIER_TASK_DEVICE needs PIER_R_SUPER). The PLIC,
 * CLINT and RAM ranges come from the device tree, read with the shared
 * reader (lib/fdt/) as init reads it. Every refused request must be PIER_E_ARG;
 * the console UART's range must still be given (with irq 0: its
 * interrupt belongs to init's device for the driver).
 */
#define PA_END (1ull << 56)     /* a PTE holds 44 bits of page number */

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
	const struct board_range *c;
	const struct board_uart *u = &board.uart;
	struct pier_device_info d;
	uint64_t p, ps;
	uint32_t h, h2;

	check("read the device tree", dt_load(), 0);
	check("it has a PLIC", board.plic.present, 1);
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
	refused("RAM", board.mem[0].base, 0x1000);
	refused("from 2^56", PA_END, 0x1000);
	refused("across 2^56", PA_END - 0x1000, 0x2000);
	refused("the UART with bit 56 set", u->base | PA_END, u->size);
	refused("a kernel address", 0xffffffc000000000ull + u->base, u->size);
	refused("a range that wraps", ~0ull - 0xfff, 0x2000);
	refused("an empty range", u->base, 0);

	/* Still given: a device's own registers. */
	check("the console UART's range, irq 0", pier_device_create(u->base, u->size, 0, &h), PIER_OK);
	check("its info", pier_dev_info_all(h, &d), PIER_OK);
	check("one range", (long)d.nranges, 1);
	check("no interrupt", (long)d.nirqs, 0);
	check("its base", (long)d.range[0].base, (long)u->base);
	check("its size", (long)d.range[0].size, (long)u->size);
	check("no DMA right", (long)(d.flags & PIER_DEVINFO_DMA), 0);
	check("its irq still init's", pier_device_create(u->base, u->size, u->irq, &h2), PIER_E_STATE);
	printf("devrange: done\n");
	return fails;
}
