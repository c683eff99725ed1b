/* Host tests of the device tree reader and board discovery, on real board blobs and broken ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>     /* an independent reader and a tree builder */

#include "fdt.h"
#include "board.h"

/*
 * PIER_DTB_DIR names the directory of the six board blobs and their facts
 * (shared/dtb/README.md). The fixtures compiled from tests/host/dts/ are
 * found in dts/ next to this binary, or in PIER_TEST_DTB_DIR.
 */
static char fixture_dir[4096];

/* Read a file into a buffer of exactly its size, so ASan sees any overread. */
static uint8_t *load_file(const char *dir, const char *name, size_t *len)
{
	char path[8192];
	FILE *fp;
	long n;
	uint8_t *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "rb");
	if (fp == NULL)
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

static uint8_t *load_board(const char *name, size_t *len)
{
	const char *dir = getenv("PIER_DTB_DIR");

	if (dir == NULL || dir[0] == 0)
		fail_msg("PIER_DTB_DIR is not set: it must name the directory of the board .dtb files");
	return load_file(dir, name, len);
}

/* ---- the six board blobs against the facts in shared/dtb/README.md ---- */

struct hart_fact {
	bool okay, usable;
	int32_t sctx;
};

struct facts {
	const char *file, *model;
	uint64_t timebase, mem_base, mem_size;
	const char *uart_path, *compat0, *compat1;
	uint64_t uart_base, uart_size, uart_clock;
	uint32_t shift, width, irq;
	uint64_t plic_size;
	uint32_t ndev, nharts;
	struct hart_fact h[5];
	bool sstc;
	uint64_t clint_size;    /* one CLINT at 0x2000000, or (0) none in the tree */
};

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define U54 { true, true, 0 }   /* sctx filled in below: 2h */

static const struct facts boards[] = {
	{ "qemu-virt.dtb", "riscv-virtio,qemu", 10000000, 0x80000000, 128 * MIB,
	  "/soc/serial@10000000", "ns16550a", NULL, 0x10000000, 0x100, 3686400, 0, 1, 10,
	  0x600000, 96, 1, { { true, true, 1 } }, true, 0x10000 },
	{ "qemu-virt-smp4.dtb", "riscv-virtio,qemu", 10000000, 0x80000000, 128 * MIB,
	  "/soc/serial@10000000", "ns16550a", NULL, 0x10000000, 0x100, 3686400, 0, 1, 10,
	  0x600000, 96, 4,
	  { { true, true, 1 }, { true, true, 3 }, { true, true, 5 }, { true, true, 7 } }, true,
	  0x10000 },
	{ "qemu-sifive_u.dtb", "SiFive HiFive Unleashed A00", 1000000, 0x80000000, 128 * MIB,
	  "/soc/serial@10010000", "sifive,uart0", NULL, 0x10010000, 0x1000, 0, 0, 1, 4,
	  0x4000000, 53, 2, { { true, false, -1 }, { true, true, 2 } }, false, 0x10000 },
	{ "visionfive2.dtb", "StarFive VisionFive 2 v1.3B", 4000000, 0x40000000, 4 * GIB,
	  "/soc/serial@10000000", "starfive,jh7110-uart", "snps,dw-apb-uart", 0x10000000,
	  0x10000, 0, 2, 4, 32, 0x4000000, 136, 5,
	  { { false, false, -1 }, { true, true, 2 }, { true, true, 4 }, { true, true, 6 },
	    { true, true, 8 } }, false, 0x10000 },
	{ "hifive-unmatched.dtb", "SiFive HiFive Unmatched A00", 1000000, 0x80000000, 16 * GIB,
	  "/soc/serial@10010000", "sifive,fu740-c000-uart", "sifive,uart0", 0x10010000,
	  0x1000, 0, 0, 1, 39, 0x4000000, 69, 5,
	  { { false, false, -1 }, { true, true, 2 }, { true, true, 4 }, { true, true, 6 },
	    { true, true, 8 } }, false, 0 },
	{ "hifive-unleashed.dtb", "SiFive HiFive Unleashed A00", 1000000, 0x80000000, 8 * GIB,
	  "/soc/serial@10010000", "sifive,fu540-c000-uart", "sifive,uart0", 0x10010000,
	  0x1000, 0, 0, 1, 4, 0x4000000, 53, 5,
	  { { false, false, -1 }, { true, true, 2 }, { true, true, 4 }, { true, true, 6 },
	    { true, true, 8 } }, false, 0 },
};
#define NBOARDS (sizeof(boards) / sizeof(boards[0]))

static void check_board(const struct facts *x)
{
	size_t len;
	uint8_t *blob = load_board(x->file, &len);
	struct board *b = malloc(sizeof(*b));
	char list[BOARD_COMPAT_MAX];
	size_t l0 = strlen(x->compat0) + 1, l1 = x->compat1 ? strlen(x->compat1) + 1 : 0;

	print_message("  %s\n", x->file);
	assert_int_equal(board_from_fdt(blob, len, b), 0);
	assert_string_equal(b->model, x->model);
	assert_int_equal(b->timebase_hz, x->timebase);
	assert_int_equal(b->nmem, 1);
	assert_int_equal(b->mem[0].base, x->mem_base);
	assert_int_equal(b->mem[0].size, x->mem_size);
	assert_int_equal(b->nreserved, 0);
	assert_string_equal(b->bootargs, "");

	assert_true(b->uart.present);
	assert_string_equal(b->uart.path, x->uart_path);
	assert_string_equal(b->uart.compatible, x->compat0);
	memcpy(list, x->compat0, l0);
	if (x->compat1)
		memcpy(list + l0, x->compat1, l1);
	assert_int_equal(b->uart.compat_len, l0 + l1);
	assert_memory_equal(b->uart.compat_list, list, l0 + l1);
	assert_int_equal(b->uart.base, x->uart_base);
	assert_int_equal(b->uart.size, x->uart_size);
	assert_int_equal(b->uart.reg_shift, x->shift);
	assert_int_equal(b->uart.reg_io_width, x->width);
	assert_int_equal(b->uart.irq, x->irq);
	assert_int_equal(b->uart.clock_hz, x->uart_clock);

	assert_true(b->plic.present);
	assert_int_equal(b->plic.base, 0xc000000);
	assert_int_equal(b->plic.size, x->plic_size);
	assert_int_equal(b->plic.ndev, x->ndev);
	assert_int_not_equal(b->plic.phandle, 0);
	/* The Linux trees of the HiFive boards leave the CLINT to the firmware. */
	assert_int_equal(b->nclint, x->clint_size ? 1 : 0);
	if (x->clint_size) {
		assert_int_equal(b->clint[0].base, 0x2000000);
		assert_int_equal(b->clint[0].size, x->clint_size);
	}

	assert_int_equal(b->nharts, x->nharts);
	for (uint32_t h = 0; h < b->nharts; h++) {
		const struct board_hart *bh = &b->harts[h];

		assert_int_equal(bh->hartid, h);
		assert_int_equal(bh->okay, x->h[h].okay);
		assert_int_equal(bh->usable, x->h[h].usable);
		assert_int_equal(bh->plic_s_ctx, x->h[h].sctx);
		assert_int_equal(bh->sstc, x->sstc);
		assert_true(strncmp(bh->isa, "rv64ima", 7) == 0);
		assert_int_not_equal(bh->intc_phandle, 0);
		if (bh->usable)
			assert_true(strcmp(bh->mmu_type, "riscv,sv39") == 0 ||
				    strcmp(bh->mmu_type, "riscv,sv48") == 0);
	}

	/* The blob may sit at any address: an odd one must read the same. */
	uint8_t *odd = malloc(len + 1);
	struct board *b2 = malloc(sizeof(*b2));

	memcpy(odd + 1, blob, len);
	assert_int_equal(board_from_fdt(odd + 1, len, b2), 0);
	assert_memory_equal(b, b2, sizeof(*b));
	free(b2);
	free(odd);
	free(b);
	free(blob);
}

static void test_boards(void **state)
{
	(void)state;
	for (size_t i = 0; i < NBOARDS; i++)
		check_board(&boards[i]);
}

/* ---- our reader against libfdt, node by node and property by property ---- */

static void oracle(const uint8_t *blob, size_t len)
{
	struct fdt f;
	char want[1024], got[1024];
	int node, prop;

	assert_int_equal(fdt_check_header(blob), 0);
	assert_int_equal(fdt_init(&f, blob, len), 0);
	assert_int_equal(f.root, 0);
	assert_int_equal(f.nrsv, fdt_num_mem_rsv(blob));
	for (node = 0; node >= 0; node = fdt_next_node(blob, node, NULL)) {
		assert_int_equal(fdt_get_path(blob, node, want, sizeof(want)), 0);
		assert_int_equal(fdt_path(&f, node, got, sizeof(got)), 0);
		assert_string_equal(got, want);
		assert_int_equal(fdt_find(&f, want, strlen(want)), node);
		assert_string_equal(fdt_name(&f, node), fdt_get_name(blob, node, NULL));
		assert_int_equal(fdt_parent(&f, node),
				 node ? fdt_parent_offset(blob, node) : FDT_E_NOTFOUND);
		assert_int_equal(fdt_child(&f, node), fdt_first_subnode(blob, node) < 0 ?
				 FDT_E_NOTFOUND : fdt_first_subnode(blob, node));
		if (node)
			assert_int_equal(fdt_sibling(&f, node), fdt_next_subnode(blob, node) < 0 ?
					 FDT_E_NOTFOUND : fdt_next_subnode(blob, node));
		if (fdt_get_phandle(blob, node)) {
			assert_int_equal(fdt_phandle_of(&f, node), fdt_get_phandle(blob, node));
			assert_int_equal(fdt_by_phandle(&f, fdt_get_phandle(blob, node)), node);
		}
		fdt_for_each_property_offset(prop, blob, node) {
			const char *name;
			int plen;
			const void *want_v = fdt_getprop_by_offset(blob, prop, &name, &plen);
			const void *v;
			uint32_t l;

			assert_int_equal(fdt_prop(&f, node, name, &v, &l), 0);
			assert_ptr_equal(v, want_v);
			assert_int_equal(l, plen);
		}
		assert_int_equal(fdt_prop(&f, node, "no-such-property", NULL, NULL), FDT_E_NOTFOUND);
	}
	assert_int_equal(node, -FDT_ERR_NOTFOUND);
}

static void test_libfdt_oracle(void **state)
{
	const char *aliases[] = { "serial0", "serial1", "i2c0", "ethernet0", "spi0", "gpio0" };

	(void)state;
	for (size_t i = 0; i < NBOARDS; i++) {
		size_t len;
		uint8_t *blob = load_board(boards[i].file, &len);
		struct fdt f;

		oracle(blob, len);
		fdt_init(&f, blob, len);
		for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++) {
			const char *want = fdt_get_alias(blob, aliases[a]), *got;

			if (want == NULL) {
				assert_int_equal(fdt_alias(&f, aliases[a], strlen(aliases[a]), &got),
						 FDT_E_NOTFOUND);
				continue;
			}
			assert_int_equal(fdt_alias(&f, aliases[a], strlen(aliases[a]), &got), 0);
			assert_string_equal(got, want);
			assert_int_equal(fdt_find(&f, aliases[a], strlen(aliases[a])),
					 fdt_path_offset(blob, want));
		}
		free(blob);
	}
}

/* ---- the fixture: /reserved-memory, memreserve, bootargs and corner cases ---- */

static uint8_t *load_fixture(const char *name, size_t *len)
{
	return load_file(fixture_dir, name, len);
}

static void test_fixture(void **state)
{
	size_t len;
	uint8_t *blob = load_fixture("fdt-reserved.dtb", &len);
	struct board *b = malloc(sizeof(*b));
	struct fdt f;
	const int32_t sctx[5] = { -1, 2, 3, -1, 6 };
	const uint64_t ids[5] = { 0, 1, 2, 3, 7 };
	const bool usable[5] = { false, true, true, false, false };
	const bool sstc[5] = { false, true, false, true, false };

	(void)state;
	oracle(blob, len);
	assert_int_equal(board_from_fdt(blob, len, b), 0);
	assert_string_equal(b->model, "Pier test board");
	assert_string_equal(b->bootargs, "console=ttyS0 pier.debug=1");
	assert_int_equal(b->timebase_hz, 25000000);
	assert_int_equal(b->nmem, 3);
	assert_int_equal(b->mem[0].base, 0x80000000);
	assert_int_equal(b->mem[0].size, 0x4000000);
	assert_int_equal(b->mem[1].base, 0x90000000);
	assert_int_equal(b->mem[1].size, 0x1000000);
	assert_int_equal(b->mem[2].base, 0x100000000);
	assert_int_equal(b->mem[2].size, 0x10000000);
	assert_int_equal(b->nreserved, 5);
	assert_int_equal(b->reserved[0].base, 0x80000000);
	assert_int_equal(b->reserved[0].size, 0x40000);
	assert_int_equal(b->reserved[1].base, 0x88000000);
	assert_int_equal(b->reserved[1].size, 0x100000);
	assert_int_equal(b->reserved[2].base, 0x89000000);
	assert_int_equal(b->reserved[2].size, 0x2000);
	assert_int_equal(b->reserved[3].base, 0x80000000);  /* memreserve block */
	assert_int_equal(b->reserved[3].size, 0x20000);
	assert_int_equal(b->reserved[4].base, 0x87f00000);
	assert_int_equal(b->reserved[4].size, 0x1000);

	assert_string_equal(b->uart.path, "/soc/uart@10000000");
	assert_string_equal(b->uart.compatible, "pier,uart");
	assert_int_equal(b->uart.compat_len, sizeof("pier,uart") + sizeof("ns16550a"));
	assert_int_equal(b->uart.base, 0x10000000);
	assert_int_equal(b->uart.size, 0x100);
	assert_int_equal(b->uart.reg_shift, 2);
	assert_int_equal(b->uart.reg_io_width, 4);
	assert_int_equal(b->uart.irq, 7);               /* from interrupts-extended */
	assert_int_equal(b->uart.clock_hz, 1843200);
	assert_string_equal(b->plic.path, "/soc/interrupt-controller@c000000");
	assert_int_equal(b->plic.base, 0xc000000);
	assert_int_equal(b->plic.ndev, 31);
	/* ACLINT: every range of every node, the disabled SSWI's too. */
	assert_int_equal(b->nclint, 4);
	assert_int_equal(b->clint[0].base, 0x2000000);
	assert_int_equal(b->clint[0].size, 0x4000);
	assert_int_equal(b->clint[1].base, 0x200bff8);
	assert_int_equal(b->clint[1].size, 0x8);
	assert_int_equal(b->clint[2].base, 0x2004000);
	assert_int_equal(b->clint[2].size, 0x7ff8);
	assert_int_equal(b->clint[3].base, 0x2f00000);
	assert_int_equal(b->clint[3].size, 0x4000);

	assert_int_equal(b->nharts, 5);                 /* cpu-map is not a hart */
	for (int h = 0; h < 5; h++) {
		assert_int_equal(b->harts[h].hartid, ids[h]);
		assert_int_equal(b->harts[h].usable, usable[h]);
		assert_int_equal(b->harts[h].sstc, sstc[h]);
		assert_int_equal(b->harts[h].plic_s_ctx, sctx[h]);
	}
	assert_string_equal(b->harts[0].mmu_type, "");
	assert_string_equal(b->harts[1].mmu_type, "riscv,sv57");

	/* Path forms: unit address optional, alias with a sub-path, bad ones. */
	assert_int_equal(fdt_init(&f, blob, len), 0);
	assert_int_equal(fdt_find(&f, "/soc/uart", 9), fdt_path_offset(blob, "/soc/uart@10000000"));
	assert_int_equal(fdt_find(&f, "console/uart@10000000", 21),
			 fdt_path_offset(blob, "/soc/uart@10000000"));
	assert_int_equal(fdt_find(&f, "/soc/uart@1", 11), FDT_E_NOTFOUND);
	assert_int_equal(fdt_find(&f, "/soc/uart@10000000x", 18), fdt_path_offset(blob, "/soc/uart@10000000"));
	assert_int_equal(fdt_find(&f, "nosuchalias", 11), FDT_E_NOTFOUND);
	assert_int_equal(fdt_find(&f, "", 0), FDT_E_NOTFOUND);
	assert_int_equal(fdt_find(&f, "/", 1), 0);
	assert_int_equal(fdt_by_phandle(&f, 0xffffffff), FDT_E_NOTFOUND);
	assert_int_equal(fdt_by_phandle(&f, 0x7777), FDT_E_NOTFOUND);
	free(b);
	free(blob);
}

/* ---- broken blobs: every one must give an error, and never read outside ---- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return fdt_be32(p);
}

/* Run board_from_fdt on a private copy of exactly len bytes. */
static int parse_copy(const uint8_t *src, size_t len, struct board *b)
{
	uint8_t *c = malloc(len ? len : 1);
	int rc;

	memcpy(c, src, len);
	rc = board_from_fdt(c, len, b);
	free(c);
	return rc;
}

static void truncate_blob(const uint8_t *blob, size_t len)
{
	struct board *whole = malloc(sizeof(*whole)), *b = malloc(sizeof(*b));
	uint8_t *c = malloc(len);
	uint32_t total = get32(blob + 4);

	assert_int_equal(board_from_fdt(blob, len, whole), 0);
	/* Every length near the ends, where header and strings are; a stride between. */
	for (size_t cut = 0; cut < total; cut += cut < 2048 || total - cut < 512 ? 1 : 5) {
		/* The buffer ends before the blob does. */
		assert_true(parse_copy(blob, cut, b) < 0);
		if (cut < 40)
			continue;
		/* A header that agrees with the cut: blocks shrunk to fit inside it. */
		memcpy(c, blob, cut);
		put32(c + 4, (uint32_t)cut);
		for (int blk = 0; blk < 2; blk++) {
			uint32_t off = get32(c + (blk ? 12 : 8)), size = get32(c + (blk ? 32 : 36));

			if (off > cut)
				put32(c + (blk ? 12 : 8), off = (uint32_t)cut);
			if (size > cut - off)
				put32(c + (blk ? 32 : 36), (uint32_t)cut - off);
		}
		int rc = parse_copy(c, cut, b);
		/* If it parses at all, it must say what the whole blob says. */
		if (rc == 0)
			assert_memory_equal(b, whole, sizeof(*b));
		else
			assert_true(rc < 0);
	}
	free(c);
	free(b);
	free(whole);
}

static void test_truncated(void **state)
{
	(void)state;
	for (size_t i = 0; i <= NBOARDS; i++) {
		size_t len;
		uint8_t *blob = i < NBOARDS ? load_board(boards[i].file, &len)
					    : load_fixture("fdt-reserved.dtb", &len);

		truncate_blob(blob, len);
		free(blob);
	}
}

/* Header field at byte off set to v: board_from_fdt must answer want. */
static void corrupt(const uint8_t *blob, size_t len, size_t off, uint32_t v, int want)
{
	uint8_t *c = malloc(len);
	struct board b;

	memcpy(c, blob, len);
	put32(c + off, v);
	int rc = board_from_fdt(c, len, &b);
	if (rc != want)
		fail_msg("word at %zu = %#x: got %d, want %d", off, v, rc, want);
	free(c);
}

static void test_bad_header(void **state)
{
	(void)state;
	for (size_t i = 0; i < NBOARDS; i++) {
		size_t len;
		uint8_t *blob = load_board(boards[i].file, &len);
		uint32_t total = get32(blob + 4), ostruct = get32(blob + 8);
		uint32_t ostr = get32(blob + 12), sstr = get32(blob + 32), sstruct = get32(blob + 36);

		corrupt(blob, len, 0, 0xd00dfeee, FDT_E_MAGIC);
		corrupt(blob, len, 0, 0xedfe0dd0, FDT_E_MAGIC);
		corrupt(blob, len, 20, 16, FDT_E_VERSION);
		corrupt(blob, len, 24, 18, FDT_E_VERSION);
		corrupt(blob, len, 4, (uint32_t)len + 1, FDT_E_TRUNCATED);
		corrupt(blob, len, 4, 0xffffffff, FDT_E_TRUNCATED);
		corrupt(blob, len, 4, 39, FDT_E_TRUNCATED);
		corrupt(blob, len, 8, total, FDT_E_TRUNCATED);
		corrupt(blob, len, 8, 0xfffffff0, FDT_E_TRUNCATED);
		corrupt(blob, len, 8, 0, FDT_E_TRUNCATED);
		corrupt(blob, len, 36, total - ostruct + 4, FDT_E_TRUNCATED);
		corrupt(blob, len, 36, 0xfffffffc, FDT_E_TRUNCATED);
		corrupt(blob, len, 12, total - sstr + 1, FDT_E_TRUNCATED);
		corrupt(blob, len, 12, 0x80000000, FDT_E_TRUNCATED);
		corrupt(blob, len, 32, total - ostr + 1, FDT_E_TRUNCATED);
		corrupt(blob, len, 16, total & ~7u, FDT_E_TRUNCATED);  /* no room for the terminator */
		corrupt(blob, len, 16, 8, FDT_E_TRUNCATED);
		corrupt(blob, len, 16, 44, FDT_E_LAYOUT);
		corrupt(blob, len, 8, ostruct + 2, FDT_E_LAYOUT);
		/* Structure block: a bad first token, no END, a block cut short. */
		corrupt(blob, len, ostruct, 7, FDT_E_STRUCT);
		corrupt(blob, len, ostruct + sstruct - 4, 4, FDT_E_STRUCT);
		corrupt(blob, len, 36, sstruct - 4, FDT_E_STRUCT);
		corrupt(blob, len, 32, 0, FDT_E_STRUCT);
		free(blob);
	}
}

/* Find the first PROP token named name in the raw structure block. */
static size_t find_prop(const uint8_t *blob, const char *name)
{
	struct fdt f;
	const void *v;
	uint32_t l;
	int node;

	assert_int_equal(fdt_init(&f, blob, get32(blob + 4)), 0);
	for (node = 0; node >= 0; node = fdt_walk(&f, node, NULL))
		if (fdt_prop(&f, node, name, &v, &l) == 0)
			return (size_t)((const uint8_t *)v - blob) - 12;
	fail_msg("no property %s", name);
	return 0;
}

static void test_bad_props(void **state)
{
	size_t len, p;
	uint8_t *blob = load_board("qemu-virt.dtb", &len);

	(void)state;
	p = find_prop(blob, "reg");
	corrupt(blob, len, p + 4, 0x7ffffff0, FDT_E_STRUCT);       /* len past the block */
	corrupt(blob, len, p + 4, 0xfffffff8, FDT_E_STRUCT);       /* len that wraps around */
	corrupt(blob, len, p + 8, 0x7ffffff0, FDT_E_STRUCT);       /* nameoff past strings */
	corrupt(blob, len, p + 8, get32(blob + 32), FDT_E_STRUCT);
	p = find_prop(blob, "timebase-frequency");
	corrupt(blob, len, p + 4, 3, FDT_E_VALUE);                 /* tokens still line up */
	put32(blob + p + 4, 5);                                     /* ... and now they do not */
	assert_true(parse_copy(blob, len, &(struct board){ 0 }) < 0);
	put32(blob + p + 4, 4);
	p = find_prop(blob, "stdout-path");
	blob[p + 12 + get32(blob + p + 4) - 1] = 'x';               /* unterminated string */
	assert_int_equal(parse_copy(blob, len, &(struct board){ 0 }), FDT_E_VALUE);
	free(blob);
}

/* Random byte damage: any answer is fine, a read out of bounds is not. */
static void test_fuzz(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct board *b = malloc(sizeof(*b));
	int ok = 0, bad = 0;

	(void)state;
	for (size_t i = 0; i <= NBOARDS; i++) {
		size_t len;
		uint8_t *blob = i < NBOARDS ? load_board(boards[i].file, &len)
					    : load_fixture("fdt-reserved.dtb", &len);
		uint8_t *c = malloc(len);

		for (int iter = 0; iter < 3000; iter++) {
			memcpy(c, blob, len);
			for (int k = 0; k < 1 + iter % 4; k++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				/* Half the damage in the header, where it hurts most. */
				size_t at = (x >> 8) % (k & 1 ? 40 : len);
				c[at] = (uint8_t)(x >> 40);
			}
			if (board_from_fdt(c, len, b) == 0)
				ok++;
			else
				bad++;
		}
		free(c);
		free(blob);
	}
	print_message("  fuzz: %d parsed, %d rejected\n", ok, bad);
	free(b);
}

/* ---- trees built with libfdt, to reach every fixed limit ---- */

struct spec {
	int nharts, nmem, nrsv, depth;
	bool no_cpus, no_chosen;
	const char *bootargs, *stdout_path;
};

static size_t build(uint8_t *buf, size_t cap, const struct spec *s)
{
	char name[32];
	fdt32_t reg[4 * 16];

	assert_int_equal(fdt_create(buf, (int)cap), 0);
	for (int i = 0; i < s->nrsv; i++)
		assert_int_equal(fdt_add_reservemap_entry(buf, 0x80000000ull + 0x1000ull * i, 0x1000), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	fdt_begin_node(buf, "");
	fdt_property_u32(buf, "#address-cells", 2);
	fdt_property_u32(buf, "#size-cells", 2);
	if (!s->no_chosen) {
		fdt_begin_node(buf, "chosen");
		if (s->bootargs)
			fdt_property_string(buf, "bootargs", s->bootargs);
		fdt_property_string(buf, "stdout-path", s->stdout_path ? s->stdout_path : "/serial@1000");
		fdt_end_node(buf);
	}
	fdt_begin_node(buf, "memory@80000000");
	fdt_property_string(buf, "device_type", "memory");
	for (int i = 0; i < s->nmem; i++) {
		reg[4 * i] = cpu_to_fdt32(0);
		reg[4 * i + 1] = cpu_to_fdt32(0x80000000u + 0x100000u * (uint32_t)i);
		reg[4 * i + 2] = cpu_to_fdt32(0);
		reg[4 * i + 3] = cpu_to_fdt32(0x100000);
	}
	fdt_property(buf, "reg", reg, 16 * s->nmem);
	fdt_end_node(buf);
	if (!s->no_cpus) {
		fdt_begin_node(buf, "cpus");
		fdt_property_u32(buf, "#address-cells", 1);
		fdt_property_u32(buf, "#size-cells", 0);
		fdt_property_u32(buf, "timebase-frequency", 1000000);
		for (int h = 0; h < s->nharts; h++) {
			snprintf(name, sizeof(name), "cpu@%d", h);
			fdt_begin_node(buf, name);
			fdt_property_string(buf, "device_type", "cpu");
			fdt_property_u32(buf, "reg", (uint32_t)h);
			fdt_property_string(buf, "mmu-type", "riscv,sv39");
			fdt_end_node(buf);
		}
		fdt_end_node(buf);
	}
	for (int d = 0; d < s->depth; d++)
		fdt_begin_node(buf, "deep");
	for (int d = 0; d < s->depth; d++)
		fdt_end_node(buf);
	fdt_begin_node(buf, "serial@1000");
	fdt_property_string(buf, "compatible", "ns16550a");
	reg[0] = 0, reg[1] = cpu_to_fdt32(0x1000), reg[2] = 0, reg[3] = cpu_to_fdt32(0x100);
	fdt_property(buf, "reg", reg, 16);
	fdt_end_node(buf);
	fdt_end_node(buf);
	assert_int_equal(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

static int parse_spec(struct spec s, struct board *b)
{
	static uint8_t buf[16384];
	size_t len;

	if (s.nharts == 0 && !s.no_cpus)
		s.nharts = 1;
	len = build(buf, sizeof(buf), &s);
	return parse_copy(buf, len, b);
}

static void test_limits(void **state)
{
	struct board *b = malloc(sizeof(*b));
	char args[BOARD_BOOTARGS_MAX + 1];

	(void)state;
	assert_int_equal(parse_spec((struct spec){ .nmem = 1 }, b), 0);
	assert_string_equal(b->uart.path, "/serial@1000");
	assert_int_equal(b->nharts, 1);
	assert_int_equal(parse_spec((struct spec){ .nmem = BOARD_MAX_MEM }, b), 0);
	assert_int_equal(b->nmem, BOARD_MAX_MEM);
	assert_int_equal(parse_spec((struct spec){ .nmem = BOARD_MAX_MEM + 1 }, b), BOARD_E_TOO_MANY);
	assert_int_equal(b->nmem, 0);   /* nothing half-filled */
	assert_int_equal(parse_spec((struct spec){ .nmem = 0 }, b), BOARD_E_MISSING);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .nharts = BOARD_MAX_HARTS }, b), 0);
	assert_int_equal(b->nharts, BOARD_MAX_HARTS);
	assert_int_equal(b->harts[7].hartid, 7);
	assert_int_equal(b->harts[7].plic_s_ctx, -1);
	assert_false(b->plic.present);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .nharts = BOARD_MAX_HARTS + 1 }, b),
			 BOARD_E_TOO_MANY);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .nrsv = BOARD_MAX_RESERVED }, b), 0);
	assert_int_equal(b->nreserved, BOARD_MAX_RESERVED);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .nrsv = BOARD_MAX_RESERVED + 1 }, b),
			 BOARD_E_TOO_MANY);
	memset(args, 'a', sizeof(args));
	args[BOARD_BOOTARGS_MAX - 1] = 0;
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .bootargs = args }, b), 0);
	assert_int_equal(strlen(b->bootargs), BOARD_BOOTARGS_MAX - 1);
	args[BOARD_BOOTARGS_MAX - 1] = 'a';
	args[BOARD_BOOTARGS_MAX] = 0;
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .bootargs = args }, b), FDT_E_NOSPACE);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .stdout_path = "/serial:9600" }, b), 0);
	assert_int_equal(b->uart.base, 0x1000);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .stdout_path = "/nope" }, b), BOARD_E_STDOUT);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .stdout_path = "serial0" }, b), BOARD_E_STDOUT);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .no_chosen = true }, b), 0);
	assert_false(b->uart.present);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .no_cpus = true }, b), BOARD_E_MISSING);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .depth = FDT_MAX_DEPTH - 1 }, b), 0);
	assert_int_equal(parse_spec((struct spec){ .nmem = 1, .depth = FDT_MAX_DEPTH }, b), FDT_E_DEPTH);
	free(b);
}

static void test_values(void **state)
{
	const uint8_t cells[12] = { 0, 0, 0, 1, 0x80, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef };
	uint32_t pos = 0;
	uint64_t v;

	(void)state;
	assert_int_equal(fdt_cells(cells, 12, &pos, 2, &v), 0);
	assert_int_equal(v, 0x180000000ull);
	assert_int_equal(fdt_cells(cells, 12, &pos, 1, &v), 0);
	assert_int_equal(v, 0xdeadbeef);
	assert_int_equal(fdt_cells(cells, 12, &pos, 1, &v), FDT_E_VALUE);
	assert_int_equal(fdt_cells(cells, 12, &pos, 0, &v), 0);
	pos = 0;
	assert_int_equal(fdt_cells(cells, 12, &pos, 3, &v), FDT_E_VALUE);
	pos = 0xffffffff;
	assert_int_equal(fdt_cells(cells, 12, &pos, 1, &v), FDT_E_VALUE);
	assert_true(fdt_strlist_has("a\0bc\0", 5, "bc"));
	assert_false(fdt_strlist_has("a\0bc\0", 5, "b"));
	assert_false(fdt_strlist_has("a\0bc", 4, "bc"));      /* unterminated */
	assert_false(fdt_strlist_has("", 0, ""));
	assert_int_equal(board_from_fdt(NULL, 0, &(struct board){ 0 }), FDT_E_TRUNCATED);
}

/* ---- device helpers (fdt_dev.c): what init and the drivers read of a node ---- */

/* Every node's reg entries, each against libfdt's view of the same cells. */
static void check_regs(const uint8_t *blob, size_t len)
{
	struct fdt f;
	int n, parent, ac, sc, plen;
	uint64_t base, size;
	uint32_t i, cells;
	const fdt32_t *raw;

	assert_int_equal(fdt_init(&f, blob, len), 0);
	for (n = f.root; n >= 0; n = fdt_walk(&f, n, NULL)) {
		raw = fdt_getprop(blob, n, "reg", &plen);
		parent = fdt_parent_offset(blob, n);
		if (raw == NULL || parent < 0) {
			assert_int_equal(fdt_reg(&f, n, 0, &base, &size),
					 parent < 0 ? FDT_E_NOTFOUND : FDT_E_NOTFOUND);
			continue;
		}
		ac = fdt_address_cells(blob, parent);
		sc = fdt_size_cells(blob, parent);
		cells = (uint32_t)(ac + sc);
		if (ac > 2 || sc > 2 || cells == 0)
			continue;
		for (i = 0; i < (uint32_t)plen / 4 / cells; i++) {
			uint64_t wb = 0, ws = 0;

			for (int k = 0; k < ac; k++)
				wb = wb << 32 | fdt32_to_cpu(raw[i * cells + (uint32_t)k]);
			for (int k = 0; k < sc; k++)
				ws = ws << 32 | fdt32_to_cpu(raw[i * cells + (uint32_t)(ac + k)]);
			assert_int_equal(fdt_reg(&f, n, i, &base, &size), 0);
			assert_int_equal(base, wb);
			assert_int_equal(size, ws);
		}
		assert_int_equal(fdt_reg(&f, n, i, &base, &size), FDT_E_NOTFOUND);
	}
}

static void test_devices(void **state)
{
	size_t len;
	uint8_t *blob;
	struct fdt f;
	uint32_t irq, v;
	uint64_t base, size;
	int n, ctl;
	char path[64];

	(void)state;
	for (size_t i = 0; i < NBOARDS; i++) {
		blob = load_board(boards[i].file, &len);
		check_regs(blob, len);
		free(blob);
	}
	/* qemu virt: the RTC, a virtio slot, the console; all through the PLIC. */
	blob = load_board("qemu-virt.dtb", &len);
	assert_int_equal(fdt_init(&f, blob, len), 0);
	n = fdt_stdout(&f);
	assert_int_equal(fdt_path(&f, n, path, sizeof(path)), 0);
	assert_string_equal(path, "/soc/serial@10000000");
	assert_true(fdt_compatible(&f, n, "ns16550a"));
	assert_false(fdt_compatible(&f, n, "ns16550"));
	assert_int_equal(fdt_irq(&f, n, 0, &irq, &ctl), 0);
	assert_int_equal(irq, 10);
	assert_true(fdt_compatible(&f, ctl, "riscv,plic0"));
	assert_int_equal(fdt_irq(&f, n, 1, &irq, NULL), FDT_E_NOTFOUND);
	assert_int_equal(fdt_u32_or(&f, n, "reg-shift", 7, &v), 0);
	assert_int_equal(v, 7);                               /* absent: the default */
	assert_int_equal(fdt_u32_or(&f, n, "interrupts", 0, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(fdt_u32_or(&f, n, "compatible", 0, &v), FDT_E_VALUE);
	n = fdt_find(&f, "/soc/rtc@101000", 15);
	assert_true(fdt_compatible(&f, n, "google,goldfish-rtc"));
	assert_int_equal(fdt_reg(&f, n, 0, &base, &size), 0);
	assert_int_equal(base, 0x101000);
	assert_int_equal(size, 0x1000);
	assert_int_equal(fdt_irq(&f, n, 0, &irq, NULL), 0);
	assert_int_equal(irq, 11);
	n = fdt_find(&f, "/soc/virtio_mmio@10008000", 25);
	assert_int_equal(fdt_irq(&f, n, 0, &irq, NULL), 0);
	assert_int_equal(irq, 8);
	/* The CLINT's interrupts-extended name hart-local causes at each cpu's intc. */
	n = fdt_find(&f, "/soc/clint@2000000", 18);
	assert_int_equal(fdt_irq(&f, n, 0, &irq, &ctl), 0);
	assert_int_equal(irq, 3);
	assert_true(fdt_compatible(&f, ctl, "riscv,cpu-intc"));
	assert_int_equal(fdt_irq(&f, n, 1, &irq, NULL), 0);
	assert_int_equal(irq, 7);
	assert_int_equal(fdt_irq(&f, n, 2, &irq, NULL), FDT_E_NOTFOUND);
	/* The root has no parent, so no reg; the PLIC has no interrupts. */
	assert_int_equal(fdt_reg(&f, f.root, 0, &base, &size), FDT_E_NOTFOUND);
	free(blob);

	/* The fixture's console: interrupts-extended, options after the path. */
	blob = load_fixture("fdt-reserved.dtb", &len);
	assert_int_equal(fdt_init(&f, blob, len), 0);
	n = fdt_stdout(&f);
	assert_int_equal(n, fdt_path_offset(blob, "/soc/uart@10000000"));
	assert_int_equal(fdt_irq(&f, n, 0, &irq, NULL), 0);
	assert_int_equal(irq, 7);
	free(blob);
}

/* A tree made bad in each way the helpers must refuse; never a read outside. */
static void test_devices_bad(void **state)
{
	size_t len;
	uint8_t *blob = load_board("qemu-virt.dtb", &len), *w;
	struct fdt f;
	uint32_t irq;
	uint64_t base, size;
	int n, root;
	size_t cap = len + 4096;

	(void)state;
	w = malloc(cap);
	assert_non_null(w);
	assert_int_equal(fdt_open_into(blob, w, (int)cap), 0);
	n = fdt_path_offset(w, "/soc/rtc@101000");
	/* interrupts not a whole number of entries */
	assert_int_equal(fdt_setprop(w, n, "interrupts", "\0\0\0\x0b\0\0", 6), 0);
	/* reg not a whole number of (address, size) entries */
	assert_int_equal(fdt_setprop(w, n, "reg", "\0\0\0\0\0\0\0\0\0\0\0\0", 12), 0);
	n = fdt_path_offset(w, "/soc/virtio_mmio@10008000");
	/* an interrupt parent that does not exist */
	assert_int_equal(fdt_setprop_u32(w, n, "interrupt-parent", 0x4242), 0);
	n = fdt_path_offset(w, "/soc/virtio_mmio@10007000");
	/* interrupts-extended cut in the middle of an entry */
	assert_int_equal(fdt_delprop(w, n, "interrupts"), 0);
	assert_int_equal(fdt_setprop_u32(w, n, "interrupts-extended", 1), 0);
	/* no stdout-path at all */
	root = fdt_path_offset(w, "/chosen");
	assert_int_equal(fdt_delprop(w, root, "stdout-path"), 0);
	fdt_pack(w);

	assert_int_equal(fdt_init(&f, w, fdt_totalsize(w)), 0);
	n = fdt_find(&f, "/soc/rtc@101000", 15);
	assert_int_equal(fdt_irq(&f, n, 0, &irq, NULL), FDT_E_VALUE);
	assert_int_equal(fdt_reg(&f, n, 0, &base, &size), FDT_E_VALUE);
	n = fdt_find(&f, "/soc/virtio_mmio@10008000", 25);
	assert_int_equal(fdt_irq(&f, n, 0, &irq, NULL), FDT_E_NOTFOUND);
	n = fdt_find(&f, "/soc/virtio_mmio@10007000", 25);
	assert_true(fdt_irq(&f, n, 0, &irq, NULL) < 0);
	assert_int_equal(fdt_stdout(&f), FDT_E_NOTFOUND);
	/* Offsets that are no node. */
	assert_true(fdt_reg(&f, 2, 0, &base, &size) < 0);
	assert_true(fdt_irq(&f, 1 << 20, 0, &irq, NULL) < 0);
	assert_false(fdt_compatible(&f, -4, "ns16550a"));
	free(w);
	free(blob);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boards),
		cmocka_unit_test(test_libfdt_oracle),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_props),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_devices_bad),
	};
	const char *dir = getenv("PIER_TEST_DTB_DIR"), *slash;

	(void)argc;
	if (dir != NULL && dir[0] != 0) {
		snprintf(fixture_dir, sizeof(fixture_dir), "%s", dir);
	} else {
		slash = strrchr(argv[0], '/');
		snprintf(fixture_dir, sizeof(fixture_dir), "%.*s/dts",
			 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	}
	if (getenv("PIER_DTB_DIR") == NULL)
		fprintf(stderr, "test_fdt: PIER_DTB_DIR is not set; the board tests will fail\n");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
