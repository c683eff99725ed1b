/* uart-sifive: interrupt-driven console driver for the SiFive UART; the glue between uartsifive.c and the console server. */

/*
 * The layout of this UART is fixed, so it needs nothing from its node
 * but the registers. The console port, the rings and the held writers are
 * drivers/common/uartcon.c, shared with uart-ns16550.
 */
#include <libpier.h>
#include "uartsifive.h"
#include "uartcon.h"

static struct uartsifive uart;

static int init(volatile void *regs, const struct uartcon_cfg *c)
{
	(void)c;
	uartsifive_init(&uart, (uintptr_t)regs);
	return PIER_OK;
}

static uint32_t rx(uint8_t *buf, uint32_t max)
{
	return uartsifive_rx(&uart, buf, max);
}

static uint32_t tx(const uint8_t *buf, uint32_t n)
{
	return uartsifive_tx(&uart, buf, n);
}

static void tx_irq(bool on)
{
	uartsifive_tx_irq(&uart, on);
}

static void rearm(void)
{
	uartsifive_rearm(&uart);
}

static const struct uartcon_ops ops = {
	.name = "uart-sifive", .init = init, .rx = rx, .tx = tx,
	.tx_irq = tx_irq, .rearm = rearm,
};

int main(int argc, char **argv)
{
	return uartcon_main(&ops, argc, argv);
}
