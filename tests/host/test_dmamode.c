/* Host test: how each device's DMA is kept coherent, per node of the real device trees and a fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "board.h"
#include "dma_coherent.h"

/*
 * The decision the kernel makes at PIER_TASK_DEVICE (kernel/device.c):
 * dma_mode() of the node init names, given whether board discovery found
 * a cache controller (kernel/board_ccache.c). QEMU virt has no controller
 * and its virtio-mmio nodes say nothing: coherent (the RISC-V default),
 * as are fw-cfg and PCI, which say so. The SiFive boards and the
 * VisionFive 2 have a composable cache: their devices flush through it,
 * except where the tree says dma-coherent (the Unmatched's PCIe).
 */
struct node_mode {
	const char *path;
	enum dma_mode mode;
};

struct tree {
	const char *file;
	int ccache;                 /* a controller found */
	uint64_t ccache_base;
	uint32_t line;
	struct node_mode nodes[6];
};

static const struct tree trees[] = {
	{ "qemu-virt.dtb", 0, 0, 0, {
		{ "/soc/virtio_mmio@10008000", DMA_COHERENT },
		{ "/soc/virtio_mmio@10001000", DMA_COHERENT },
		{ "/soc/pci@30000000", DMA_COHERENT },
		{ "/fw-cfg@10100000", DMA_COHERENT },
		{ "/soc/serial@10000000", DMA_COHERENT },
		{ "/", DMA_COHERENT } } },
	{ "visionfive2.dtb", 1, 0x2010000, 64, {
		{ "/soc/serial@10000000", DMA_FLUSH },
		{ "/soc/ethernet@16030000", DMA_FLUSH },
		{ "/soc/mmc@16010000", DMA_FLUSH },
		{ "/soc/usb@10100000", DMA_FLUSH },
		{ "/", DMA_FLUSH } } },
	{ "hifive-unmatched.dtb", 1, 0x2010000, 64, {
		{ "/soc/pcie@e00000000", DMA_COHERENT },
		{ "/soc/ethernet@10090000", DMA_FLUSH },
		{ "/soc/serial@10010000", DMA_FLUSH } } },
	{ "hifive-unleashed.dtb", 1, 0x2010000, 64, {
		{ "/soc/ethernet@10090000", DMA_FLUSH },
		{ "/soc/serial@10010000", DMA_FLUSH } } },
	{ "qemu-sifive_u.dtb", 1, 0x2010000, 64, {
		{ "/soc/ethernet@10090000", DMA_FLUSH } } },
};

static uint8_t *load(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	FILE *fp;
	uint8_t *buf;
	long n;

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

static int node(const struct fdt *f, const char *path)
{
	int n = fdt_find(f, path, strlen(path));

	if (n < 0)
		fail_msg("no node %s", path);
	return n;
}

static void real_trees(void **state)
{
	const char *dir = getenv("PIER_DTB_DIR");

	(void)state;
	if (dir == NULL || dir[0] == 0)
		fail_msg("PIER_DTB_DIR is not set: it must name the directory of the board .dtb files");
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		const struct tree *t = &trees[i];
		size_t len;
		uint8_t *blob = load(dir, t->file, &len);
		struct board *b = calloc(1, sizeof(*b));
		struct fdt f;

		print_message("  %s\n", t->file);
		assert_non_null(b);
		assert_int_equal(board_from_fdt(blob, len, b), 0);
		assert_int_equal(b->ccache.present, t->ccache);
		if (t->ccache) {
			assert_int_equal(b->ccache.base, t->ccache_base);
			assert_int_equal(b->ccache.line, t->line);
			assert_true(b->ccache.size >= 0x208);   /* Flush64 is inside */
		}
		assert_int_equal(fdt_init(&f, blob, len), 0);
		for (int j = 0; j < 6 && t->nodes[j].path; j++) {
			int n = node(&f, t->nodes[j].path);

			print_message("    %s\n", t->nodes[j].path);
			assert_int_equal(dma_mode(&f, n, b->ccache.present), t->nodes[j].mode);
		}
		free(b);
		free(blob);
	}
}

static char fixture_dir[4096];

static void fixture(void **state)
{
	static const struct { const char *path; enum dma_mode without, with; } cases[] = {
		{ "/", DMA_COHERENT, DMA_FLUSH },
		{ "/plain@1000", DMA_COHERENT, DMA_FLUSH },
		{ "/bus-nc/dev@2000", DMA_NONE, DMA_FLUSH },
		{ "/bus-nc/island/dev@3000", DMA_COHERENT, DMA_COHERENT },
		{ "/bus-c/dev@4000", DMA_COHERENT, DMA_COHERENT },
		{ "/bus-c/inner/dev@5000", DMA_NONE, DMA_FLUSH },
	};
	size_t len;
	uint8_t *blob = load(fixture_dir, "dma-coherence.dtb", &len);
	struct board *b = calloc(1, sizeof(*b));
	struct fdt f;

	(void)state;
	assert_non_null(b);
	assert_int_equal(board_from_fdt(blob, len, b), 0);
	assert_true(b->ccache.present);         /* found by its second compatible */
	assert_int_equal(b->ccache.base, 0x2010000);
	assert_int_equal(b->ccache.line, 128);
	assert_int_equal(fdt_init(&f, blob, len), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = node(&f, cases[i].path);

		assert_int_equal(dma_mode(&f, n, false), cases[i].without);
		assert_int_equal(dma_mode(&f, n, true), cases[i].with);
	}
	/* Not a node: inside one, past the blob, negative. */
	assert_int_equal(dma_mode(&f, node(&f, "/plain@1000") + 4, true), DMA_NONE);
	assert_int_equal(dma_mode(&f, 0x7fffff00, true), DMA_NONE);
	assert_int_equal(dma_mode(&f, -1, false), DMA_NONE);
	assert_true(dma_coherent(&f, 3) < 0);
	free(b);
	free(blob);
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_trees),
		cmocka_unit_test(fixture),
	};

	(void)argc;
	snprintf(fixture_dir, sizeof(fixture_dir), "%.*s/dts",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
