/* uart-ns16550: interrupt-driven console driver for 16550-compatible UARTs; the glue between uart16550.c and the console server. */

/*
 * The layout (reg-shift, reg-io-width, clock-frequency) comes from the
 * device's node; the console port, the rings and the held writers are
 * drivers/common/uartcon.c.
 */
#include <libpier.h>
#include "uart16550.h"
#include "uartcon.h"

#define BAUD 115200

static struct uart16550 uart;

static int init(volatile void *regs, const struct uartcon_cfg *c)
{
	if (uart16550_init(&uart, (uintptr_t)regs, c->shift, c->width, c->clock, BAUD) != 0)
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
