/* spi-sifive: the controller's input clock from the device tree. */
#ifndef SPICLOCK_H
#define SPICLOCK_H

#include <stdint.h>
#include <fdt/fdt.h>

#define SPI_CLOCK_BOUND_HZ 500000000ull   /* FU540 tlclk at a 1 GHz core clock; above FU740 pclk */

/* 0: *hz is the clock's rate; 1: an upper bound (a PRCI output); -1: no usable clock. */
int spi_clock_hz(const struct fdt *f, int node, uint64_t *hz);

#endif
