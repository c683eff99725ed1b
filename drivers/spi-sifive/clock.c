/* spi-sifive: the controller's input clock, from its node's "clocks" in the device tree. */
#include <fdt/fdt.h>
#include "spiclock.h"

/*
 * A fixed clock (or any clock node with "clock-frequency") gives its
 * rate. The SiFive PRCI's outputs (FU540 tlclk, FU740 pclk) depend on
 * PLLs the firmware set, and Pier has no PRCI driver to read them: for
 * those we take SPI_CLOCK_BOUND_HZ, an upper bound of both, so the SCK we
 * compute is never faster than asked, only slower (on an Unmatched, whose
 * pclk runs near 130 MHz, about a quarter of the rate asked). QEMU's
 * sifive_u tree names the PRCI too; its SPI model has no clock at all.
 */
int spi_clock_hz(const struct fdt *f, int node, uint64_t *hz)
{
	const void *v;
	uint32_t len, ph;
	uint64_t freq;
	int clk;

	if (fdt_prop(f, node, "clocks", &v, &len) < 0 || len < 4)
		return -1;
	ph = fdt_be32(v);
	if ((clk = fdt_by_phandle(f, ph)) < 0)
		return -1;
	if (fdt_prop_num(f, clk, "clock-frequency", &freq) == 0 && freq) {
		*hz = freq;
		return 0;
	}
	if (fdt_compatible(f, clk, "sifive,fu540-c000-prci") ||
	    fdt_compatible(f, clk, "sifive,fu740-c000-prci")) {
		*hz = SPI_CLOCK_BOUND_HZ;
		return 1;
	}
	return -1;
}
