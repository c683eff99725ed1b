/* uart-ns16550: interrupt-driven console driver for 16550-compatible UARTs; the glue between uart16550.c and the console server. */

/*
 * init starts it as "uart-ns16550 shift=N width=N clock=N" from the
 * device tree's reg-shift, reg-io-width and clock-frequency; the console
 * port, the rings and the held writers are drivers/common/uartcon.c.
 */
#include <libpier.h>
#include "uart16550.h"
#include "uartcon.h"

#define BAUD 115200

static struct uart16550 uart;

static int init(volatile void *regs, int argc, char **argv)
{
	if (uart16550_init(&uart, (uintptr_t)regs, uartcon_arg(argc, argv, "shift", 0),
			   uartcon_arg(argc, argv, "width", 1),
			   uartcon_arg(argc, argv, "clock", 0), BAUD) != 0)
		return PIER_E_ARG;
	return PIER_OK;
}

static void causes(void)
{
	(void)uart16550_causes(&uart);
}

static uint32_t rx(uint8_t *buf, uint32_t max)
{
	return uart16550_rx(&uart, buf, max);
}

static uint32_t tx(const uint8_t *buf, uint32_t n)
{
	return uart16550_tx(&uart, buf, n);
}

static void tx_irq(bool on)
{
	uart16550_tx_irq(&uart, on);
}

static const struct uartcon_ops ops = {
	.name = "uart-ns16550", .init = init, .causes = causes,
	.rx = rx, .tx = tx, .tx_irq = tx_irq,
};

int main(int argc, char **argv)
{
	return uartcon_main(&ops, argc, argv);
}
