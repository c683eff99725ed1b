/* The debug port: early log output from user programs, and a no-op for measuring kernel calls. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "log.h"
#include "ipc_impl.h"
#include "arch.h"

static int fastpath_switch(struct kcall *k);
#ifdef PIER_IRQOFF
static int irqoff_report(struct kcall *k);
#endif

struct port debug_port = {
	.serve = debug_serve, .quick = true, .name = "debug", .refs = 1,
};

int debug_serve(struct port *from, struct kcall *k)
{
	(void)from;
	if (k->type == PIER_DEBUG_WRITE) {
		kputs_n(k->data, k->size);
		return PIER_OK;
	}
	if (k->type == PIER_DEBUG_NOP)
		return PIER_OK;
	if (k->type == PIER_DEBUG_FASTPATH)
		return fastpath_switch(k);
#ifdef PIER_IRQOFF
	if (k->type == PIER_DEBUG_IRQOFF)
		return irqoff_report(k);
#endif
	return PIER_E_TYPE;
}

#ifdef PIER_IRQOFF
/* Interrupts-off kernels only (make bench): what arch/riscv/irqoff.c measured. */
static int irqoff_report(struct kcall *k)
{
	struct pier_irqoff out;

	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	arch_irqoff(&out);
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}
#endif

static int fastpath_switch(struct kcall *k)
{
	struct pier_fastpath_req r;
	struct pier_fastpath out = { .taken = 0 };

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r.on > 1)
		return PIER_E_ARG;
	for (unsigned i = 0; i < PIER_FAST_CASES; i++) {
		out.cases[i] = ipc_fast_taken[i];
		out.taken += ipc_fast_taken[i];
	}
	ipc_fast_enabled = r.on;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}
