/* Who gets a console's input: the reader, the Ctrl-C port, and the foreground the controlling shell names. */
#ifndef CONINPUT_H
#define CONINPUT_H

#include <stdint.h>
#include <libpier.h>

/*
 * One per console driver, written by its console port only; the IRQ
 * port reads reader and intr (atomically) to pass input on. Handles are
 * this driver's, taken from the granting packets and dropped when
 * replaced. Lifetimes: a handle lives until the next registration of its
 * kind replaces it or coninput_reset; the port behind it may be gone
 * sooner (sends to it then fail and input waits in the driver).
 *
 * The controller is the space that registered the Ctrl-C port (a shell).
 * While there is one, only it and the space it names as foreground may
 * become the reader: a program in the background that reads stdin is
 * refused (PIER_E_RIGHTS: its read fails with EIO) instead of taking the
 * keyboard from the shell. With no controller anyone may read (a program
 * started alone, as the tests do). This guards against mistakes, not
 * against a program bent on the console: any space may register a
 * Ctrl-C port and become the controller, as the last one to ask.
 */
struct coninput {
	uint32_t reader;        /* where input goes, or 0 */
	uint64_t reader_space;  /* its space (the registering packet's badge) */
	uint32_t intr;          /* where Ctrl-C goes while there is no reader, or 0 */
	uint64_t controller;    /* the space that registered intr, or 0 */
	uint64_t foreground;    /* the space the controller named, or 0 */
};

/* PIER_CONSOLE_READER, _INTR or _FOREGROUND (pier/console.h): the status to answer. */
int coninput_msg(struct coninput *c, const struct pier_packet *pkt);
/* May space `who` be the reader now? */
int coninput_may_read(const struct coninput *c, uint64_t who);

#endif
