/* bench: figure 12, the kernel's longest stretch with interrupts off, and the part of the run it fell in. */
#include <stdio.h>
#include "figures.h"

/*
 * Only the interrupts-off kernel (-DPIER_IRQOFF) measures it; the
 * figures' kernel answers PIER_E_TYPE and nothing is printed. The kernel
 * says when the longest stretch began (instret at its entry), and main.c
 * marks where each part of the run begins, so the report can name the
 * part: a figure's key, a step between figures, or "startup" (init
 * starting the drivers and the bench, before main).
 */
#define PHASES_MAX 48

static struct {
	const char *name;
	uint64_t at;
} phases[PHASES_MAX];
static unsigned nphases;

void phase(const char *name)
{
	if (nphases < PHASES_MAX) {
		phases[nphases].name = name;
		phases[nphases++].at = instret();
	}
}

static const char *phase_at(uint64_t stamp)
{
	const char *name = "startup";

	for (unsigned i = 0; i < nphases && phases[i].at <= stamp; i++)
		name = phases[i].name;
	return name;
}

/* "ecall", "irq9" (an interrupt and its code), "fault13", or "idle" (a wake from wfi). */
static void cause_name(uint64_t cause, char *buf, size_t n)
{
	if (cause == PIER_IRQOFF_IDLE)
		snprintf(buf, n, "idle");
	else if (cause >> 63)
		snprintf(buf, n, "irq%u", (unsigned)(cause & 0xff));
	else if (cause == 8)
		snprintf(buf, n, "ecall");
	else
		snprintf(buf, n, "fault%u", (unsigned)cause);
}

int irqoff_report(void)
{
	struct pier_irqoff r;
	char cause[16];
	int rc = pier_call_exact(PIER_H_DEBUG, PIER_DEBUG_IRQOFF, 0, 0, &r, sizeof(r));

	if (rc == PIER_E_TYPE)
		return PIER_OK;
	if (rc != PIER_OK)
		return rc;
	cause_name(r.cause, cause, sizeof(cause));
	say("bench: irqoff_max %lu %lu\n", (unsigned long)r.max, (unsigned long)r.stretches);
	say("bench: irqoff_at %s %s\n", cause, phase_at(r.start));
	return PIER_OK;
}
