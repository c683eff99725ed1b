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
#include "fdt.h"
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
	const char *driver;         /* what init spawns for the console */
	const char *compat;         /* the string that chose the driver */
	uint64_t uart_base;
	uint32_t stride, width, irq;
	uint64_t timebase, mem_base, mem_size;
	uint64_t usable[MAXH];      /* usable harts, in order; the rest are parked */
	int32_t sctx[MAXH];         /* their PLIC S-mode contexts */
	uint32_t nusable;
	uint32_t rtcs, virtio;      /* goldfish RTCs and virtio-mmio slots init binds or probes */
};

static const struct facts boards[] = {
	{ "qemu-virt.dtb", "uart-ns16550", "ns16550a",
	  0x10000000, 1, 1, 10, 10000000, 0x80000000, 128 * MIB, { 0 }, { 1 }, 1, 1, 8 },
	{ "qemu-virt-smp4.dtb", "uart-ns16550", "ns16550a",
	  0x10000000, 1, 1, 10, 10000000, 0x80000000, 128 * MIB,
	  { 0, 1, 2, 3 }, { 1, 3, 5, 7 }, 4, 1, 8 },
	{ "qemu-sifive_u.dtb", "uart-sifive", "sifive,uart0",
	  0x10010000, 1, 1, 4, 1000000, 0x80000000, 128 * MIB, { 1 }, { 2 }, 1, 0, 0 },
	{ "visionfive2.dtb", "uart-ns16550", "snps,dw-apb-uart",
	  0x10000000, 4, 4, 32, 4000000, 0x40000000, 4 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4, 0, 0 },
	{ "hifive-unmatched.dtb", "uart-sifive", "sifive,uart0",
	  0x10010000, 1, 1, 39, 1000000, 0x80000000, 16 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4, 0, 0 },
	{ "hifive-unleashed.dtb", "uart-sifive", "sifive,uart0",
	  0x10010000, 1, 1, 4, 1000000, 0x80000000, 8 * GIB,
	  { 1, 2, 3, 4 }, { 2, 4, 6, 8 }, 4, 0, 0 },
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

/* What init's table decides for every enabled node of the tree (apps/init/devices.c). */
static void decisions(const struct fdt *f, const struct facts *x)
{
	const struct driver *d;
	const void *v;
	uint32_t len, rtcs = 0, virtio = 0;
	int out = fdt_stdout(f), consoles = 0;

	for (int n = f->root; n >= 0; n = fdt_walk(f, n, NULL)) {
		if (!fdt_okay(f, n) || fdt_prop(f, n, "compatible", &v, &len) < 0 ||
		    (d = drivers_match(v, len, n == out)) == NULL)
			continue;
		consoles += strcmp(d->service ? d->service : "", "console") == 0;
		rtcs += d->program && strcmp(d->program, "rtc-goldfish") == 0;
		virtio += (d->flags & DRV_VIRTIO) != 0;
	}
	assert_int_equal(consoles, 1);
	assert_int_equal(rtcs, x->rtcs);
	assert_int_equal(virtio, x->virtio);
}

static void check(const struct facts *x)
{
	size_t len;
	uint8_t *blob = load_board(x->file, &len);
	struct board *b = malloc(sizeof(*b));
	const struct driver *d;
	struct fdt f;
	const void *v;
	uint32_t n = 0, vlen, shift, width, irq;
	uint64_t base, size;
	int out;

	print_message("  %s\n", x->file);
	assert_non_null(b);
	assert_int_equal(board_from_fdt(blob, len, b), 0);

	/* The console as init finds it: the stdout node, read with lib/fdt. */
	assert_int_equal(fdt_init(&f, blob, len), 0);
	out = fdt_stdout(&f);
	assert_true(out >= 0);
	assert_int_equal(fdt_prop(&f, out, "compatible", &v, &vlen), 0);
	d = drivers_match(v, vlen, true);
	assert_non_null(d);
	assert_string_equal(d->program, x->driver);
	assert_string_equal(d->compat, x->compat);
	assert_string_equal(d->service, "console");
	assert_null(drivers_match(v, vlen, false));	/* only the stdout UART */
	/* What the driver reads from its node (drivers/common/uartcon.c). */
	assert_int_equal(fdt_u32_or(&f, out, "reg-shift", 0, &shift), 0);
	assert_int_equal(fdt_u32_or(&f, out, "reg-io-width", 1, &width), 0);
	assert_int_equal(fdt_reg(&f, out, 0, &base, &size), 0);
	assert_int_equal(fdt_irq(&f, out, 0, &irq, NULL), 0);
	assert_int_equal(base, x->uart_base);
	assert_int_equal(base, b->uart.base);
	assert_int_equal(size, b->uart.size);
	assert_int_equal(1u << shift, x->stride);
	assert_int_equal(width, x->width);
	assert_int_equal(irq, x->irq);
	assert_int_equal(b->uart.irq, x->irq);
	assert_true(x->irq <= b->plic.ndev);
	decisions(&f, x);

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

/* A UART no driver serves; virtio by device ID, the empty slot driverless. */
static void test_table(void **state)
{
	const struct driver *d;

	(void)state;
	assert_null(drivers_match("acme,uart\0acme,uart-old", 24, true));
	assert_null(drivers_match("ns16550a", 8, true));	/* unterminated: not a list */
	d = drivers_match("google,goldfish-rtc", 20, false);
	assert_non_null(d);
	assert_string_equal(d->program, "rtc-goldfish");
	assert_string_equal(d->service, "rtc");
	assert_false(d->flags & DRV_DMA);
	d = drivers_match("virtio,mmio", 12, false);
	assert_non_null(d);
	assert_true(d->flags & DRV_VIRTIO);
	d = drivers_virtio(VIRTIO_ID_EMPTY);
	assert_non_null(d);
	assert_null(d->program);
	d = drivers_virtio(4);
	assert_string_equal(d->program, "virtio-rng");
	assert_string_equal(d->service, "rng");
	assert_true(d->flags & DRV_DMA);
	d = drivers_virtio(2);
	assert_string_equal(d->program, "virtio-blk");
	assert_string_equal(d->service, "blk");
	assert_int_equal(d->restart, RESTART_UPTO);	/* its own policy */
	assert_int_equal(d->restart_max, 5);
	assert_int_equal(drivers_virtio(4)->restart, RESTART_NEVER);	/* the default */
	assert_null(drivers_virtio(1));	/* no network driver yet */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boards),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
