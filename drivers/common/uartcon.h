/* The console server every UART driver shares: rings, held writers, the two ports. The hardware comes as ops. */
#ifndef UARTCON_H
#define UARTCON_H

#include <stdbool.h>
#include <stdint.h>

/*
 * What a UART driver supplies (docs/drivers.md). Every op but init runs in
 * the IRQ port's handler only, so the hardware part needs no locks.
 */
/*
 * The register layout and clock, from the device's node (reg-shift,
 * reg-io-width, clock-frequency, found through lib/dt.c), each overridden
 * by a "shift=N", "width=N" or "clock=N" argument if given: a board whose
 * tree leaves one out or gets it wrong can be put right from its manifest
 * (a dev= line) without a new tree.
 */
struct uartcon_cfg {
	uint32_t shift;        /* register stride is 1 << shift; default 0 */
	uint32_t width;        /* access width in bytes; default 1 */
	uint64_t clock;        /* Hz; 0 when the tree does not say */
};

struct uartcon_ops {
	const char *name;      /* the program's name, for messages */
	/* Set the device up, its registers mapped at regs. Returns a PIER_ status. */
	int (*init)(volatile void *regs, const struct uartcon_cfg *cfg);
	/* An interrupt came: clear the causes that reading clears. May be NULL. */
	void (*causes)(void);
	/* Read received bytes, at most max; returns how many. */
	uint32_t (*rx)(uint8_t *buf, uint32_t max);
	/* Write what the transmitter takes now, at most n; returns how many. */
	uint32_t (*tx)(const uint8_t *buf, uint32_t n);
	/* Ask for (or stop) the interrupt that says the transmitter has room. */
	void (*tx_irq)(bool on);
	/* After the acknowledge: make a cause still pending raise the line
	 * anew (QEMU 7.2's PLIC latches a source only as its line rises). May be NULL. */
	void (*rearm)(void);
};

/* A driver's main: get the device from init, set up, serve. */
int uartcon_main(const struct uartcon_ops *ops, int argc, char **argv);

#endif
