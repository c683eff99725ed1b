/* The console server every UART driver shares: rings, held writers, the two ports. The hardware comes as ops. */
#ifndef UARTCON_H
#define UARTCON_H

#include <stdbool.h>
#include <stdint.h>

/*
 * What a UART driver supplies (docs/drivers.md). Every op but init runs in
 * the IRQ port's handler only, so the hardware part needs no locks.
 */
struct uartcon_ops {
	const char *name;      /* the program's name, for messages */
	/* Set the device up, its registers mapped at regs; argc/argv are the
	 * program's, for its options (uartcon_arg). Returns a PIER_ status. */
	int (*init)(volatile void *regs, int argc, char **argv);
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

/* The number after "key=" among the arguments, or def. */
uint64_t uartcon_arg(int argc, char **argv, const char *key, uint64_t def);

/* A driver's main: get the device from init, set up, serve. */
int uartcon_main(const struct uartcon_ops *ops, int argc, char **argv);

#endif
