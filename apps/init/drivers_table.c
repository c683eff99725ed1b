/* init's table of console drivers: compatible string to program; a new UART is a line here and a driver. */
#include <stdio.h>
#include "drivers_table.h"

/* First match wins: most specific first, as the device tree lists them. */
static const struct { const char *compat, *driver; } uart_drivers[] = {
	{ "ns16550a", "uart-ns16550" },
	{ "snps,dw-apb-uart", "uart-ns16550" },	/* VisionFive 2: shift 2, width 4 */
	{ "sifive,uart0", "uart-sifive" },	/* HiFive Unleashed and Unmatched */
};

const char *drivers_table_uart(const struct board_uart *u, const char **compat,
			       char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(uart_drivers) / sizeof(uart_drivers[0]); i++) {
		if (fdt_strlist_has(u->compat_list, u->compat_len, uart_drivers[i].compat)) {
			*compat = uart_drivers[i].compat;
			snprintf(buf, len, "%s shift=%u width=%u clock=%llu",
				 uart_drivers[i].driver, (unsigned)u->reg_shift,
				 (unsigned)u->reg_io_width,
				 (unsigned long long)u->clock_hz);
			return uart_drivers[i].driver;
		}
	}
	*compat = u->compatible;
	return NULL;
}
