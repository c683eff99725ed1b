/* Board discovery: a SiFive composable cache controller, for DMA of devices that do not snoop. */
#include <string.h>
#include "board_dt.h"

/* One string after another: characters, not pointers, so usable before the MMU is on. */
static const char ccache_compat[] = "sifive,ccache0\0sifive,fu540-c000-ccache\0"
	"sifive,fu740-c000-ccache\0starfive,jh7110-ccache";

static bool board_is_ccache(const void *v, uint32_t len)
{
	for (const char *c = ccache_compat; c < ccache_compat + sizeof(ccache_compat);
	     c += strlen(c) + 1)
		if (fdt_strlist_has(v, len, c))
			return true;
	return false;
}

/*
 * The first enabled one; its line is cache-block-size (a power of two),
 * 64 if absent. One the kernel cannot use (no reg, an odd line size) is
 * left out rather than failing the boot: its devices then get no DMA
 * unless their tree says they are coherent.
 */
int board_ccache(const struct fdt *f, struct board *b)
{
	struct board_ccache *c = &b->ccache;
	const void *v;
	uint32_t len;
	int n, rc;

	for (n = f->root; n >= 0; n = fdt_walk(f, n, NULL))   /* bounded by the blob */
		if (fdt_prop(f, n, "compatible", &v, &len) == 0 && fdt_okay(f, n) &&
		    board_is_ccache(v, len))
			break;
	if (n < 0)
		return n == FDT_E_NOTFOUND ? 0 : n;
	if (board_reg0(f, n, &c->base, &c->size) < 0)
		return 0;
	rc = fdt_prop_u32(f, n, "cache-block-size", &c->line);
	if (rc == FDT_E_NOTFOUND)
		c->line = 64;
	c->present = (rc == 0 || rc == FDT_E_NOTFOUND) && c->line >= 8 && c->line <= 4096 &&
		     !(c->line & (c->line - 1));
	return 0;
}
