/* Host test: on each of the six real device trees, what Pier would do at boot — console driver, interrupts, harts, memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "board.h"
#include "drivers_table.h"

/*
 * The facts table of shared/dtb/README.md, one row a board, read the way
 * the system reads it: board_from_fdt() as the kernel and init call it,
 * then init's driver table (apps/init/drivers_table.c) choosing the
 * console driver and its command line. test_fdt.c checks the reader
 * property by property; this checks the decisions.
 */
#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define MAXH 5

struct facts {
	const char *file;
	const char *cmdline;        /* what init spawns for the console */
	const char *compat;         /* the string that chose the driver */
	uint64_t uart_base;
	uint32_t stride, width, irq;
	uint64_t timebase, mem_base, mem_size;
	uint64_t usable[MAXH];      /* usable harts, in order; the rest are parked */
	int32_t sctx[MAXH];         /* their PLIC S-mode contexts */
	uint32_t nusable;
};

static const struct facts boards[] = {
	{ "qemu-virt.dtb", "uart-ns16550 shift=0 width=1 clock=3686400", "ns16550a",
	  0x10000000, 1, 1, 10, 10000000, 0x80000000, 128 * MIB, { 0 }, { 1 }, 1 },
	{ "qemu-virt-smp4.dtb", "uart-ns16550 shift=0 width=1 clock=3686400", "ns16550a",
	  0x10000000, 1, 1, 10, 10000000, 0x80000000, 128 * MIB,
	  { 0, 1, 2, 3 }, { 1, 3, 5, 7 }, 4 },
	{ "qemu-sifive_u.dtb", "uart-sifive shift=0 width=1 clock=0", "sifive,uart0",
	  0x10010000, 1, 1, 4, 1000000, 0x80000000, 128 * MIB, { 1 }, { 2 }, 1 },
	{ "visionfive2.dtb", "uart-ns16550 shift=2 width=4 clock=0", "snps,dw-apb-uart",
	  0x10000000, 4, 4, 32, 4000000, 0x40000000, 4 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4 },
	{ "hifive-unmatched.dtb", "uart-sifive shift=0 width=1 clock=0", "sifive,uart0",
	  0x10010000, 1, 1, 39, 1000000, 0x80000000, 16 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4 },
	{ "hifive-unleashed.dtb", "uart-sifive shift=0 width=1 clock=0", "sifive,uart0",
	  0x10010000, 1, 1, 4, 1000000, 0x80000000, 8 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4 },
};

static uint8_t *load_board(const char *name, size_t *len)
{
	const char *dir = getenv("PIER_DTB_DIR");
	char path[4096];
	FILE *fp;
	uint8_t *buf;
	long n;

	if (dir == NULL || dir[0] == 0)
		fail_msg("PIER_DTB_DIR is not set: it must name the directory of the board .dtb files");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void check(const struct facts *x)
{
	size_t len;
	uint8_t *blob = load_board(x->file, &len);
	struct board *b = malloc(sizeof(*b));
	const char *compat = NULL, *driver;
	char cmd[128];
	uint32_t n = 0;

	print_message("  %s\n", x->file);
	assert_non_null(b);
	assert_int_equal(board_from_fdt(blob, len, b), 0);

	driver = drivers_table_uart(&b->uart, &compat, cmd, sizeof(cmd));
	assert_non_null(driver);
	assert_string_equal(cmd, x->cmdline);
	assert_int_equal(strncmp(cmd, driver, strlen(driver)), 0);
	assert_string_equal(compat, x->compat);
	assert_int_equal(b->uart.base, x->uart_base);
	assert_int_equal(1u << b->uart.reg_shift, x->stride);
	assert_int_equal(b->uart.reg_io_width, x->width);
	assert_int_equal(b->uart.irq, x->irq);
	assert_true(x->irq <= b->plic.ndev);

	assert_int_equal(b->timebase_hz, x->timebase);
	assert_int_equal(b->nmem, 1);
	assert_int_equal(b->mem[0].base, x->mem_base);
	assert_int_equal(b->mem[0].size, x->mem_size);
	/* One image for all: 2 MiB above RAM base is where booti puts it. */
	assert_int_equal(b->mem[0].base % (2 * MIB), 0);

	for (uint32_t i = 0; i < b->nharts; i++) {
		const struct board_hart *h = &b->harts[i];

		if (!h->usable)
			continue;
		assert_true(n < x->nusable);
		assert_int_equal(h->hartid, x->usable[n]);
		assert_int_equal(h->plic_s_ctx, x->sctx[n]);
		n++;
	}
	assert_int_equal(n, x->nusable);
	free(b);
	free(blob);
}

static void test_boards(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++)
		check(&boards[i]);
}

/* A UART no driver serves is named by its first compatible string. */
static void test_unknown_uart(void **state)
{
	struct board_uart u = { .present = true };
	const char *compat = NULL;
	char cmd[64] = "untouched";

	(void)state;
	memcpy(u.compatible, "acme,uart", 10);
	memcpy(u.compat_list, "acme,uart\0acme,uart-old", 24);
	u.compat_len = 24;
	assert_null(drivers_table_uart(&u, &compat, cmd, sizeof(cmd)));
	assert_string_equal(compat, "acme,uart");
	assert_string_equal(cmd, "untouched");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boards),
		cmocka_unit_test(test_unknown_uart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
