/* The debug port: early log output from user programs, and a no-op for measuring kernel calls. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "log.h"
#include "ipc_impl.h"
#include "space.h"
#include "arch.h"

static int fastpath_switch(struct kcall *k);
#ifdef PIER_IRQOFF
static int irqoff_report(struct kcall *k);
#endif

struct port debug_port = {
	.serve = debug_serve, .quick = true, .name = "debug", .refs = 1,
};

/*
 * Text from a space without the super right on its debug handle: each
 * line it starts is tagged with its name and id, so no program can print
 * what looks like the kernel's own lines (a fake panic). Bounded by the
 * packet's size.
 */
static __attribute__((noinline, cold)) void tagged_write(struct space *s, const char *text,
							 uint32_t n)
{
	uint32_t from = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (!s->debug_midline) {
			kprintf("[%s %lu] ", s->name, s->id);
			s->debug_midline = true;
		}
		if (text[i] == '\n') {
			kputs_n(text + from, i + 1 - from);
			from = i + 1;
			s->debug_midline = false;
		}
	}
	kputs_n(text + from, n - from);
}

int debug_serve(struct port *from, struct kcall *k)
{
	bool super = k->rights & PIER_R_SUPER;

	if (k->type == PIER_DEBUG_NOP)     /* first: the bench's null kernel call */
		return PIER_OK;
	if (k->type == PIER_DEBUG_WRITE) {
		if (super)
			kputs_n(k->data, k->size);
		else
			tagged_write(from->space, k->data, k->size);
		return PIER_OK;
	}
	if (k->type == PIER_DEBUG_FASTPATH)
		return super ? fastpath_switch(k) : PIER_E_RIGHTS;
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

static __attribute__((cold)) int fastpath_switch(struct kcall *k)
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
