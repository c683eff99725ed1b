/* Device interrupts: PLIC sources as packets on a driver's port, acknowledged and masked by index. */
#include <string.h>
#include <pier/pier.h>
#include "device.h"
#include "kport.h"
#include "space.h"
#include "ipc.h"
#include "sched.h"
#include "kmem.h"
#include "arch.h"

static struct device_irq **owner;   /* by PLIC source: the interrupt it is */
static struct device_irq *irqs;     /* every device's interrupts */
static uint32_t nsources;
static bool retry_wanted;           /* some interrupt's packet waits for room */
#ifdef PIER_BENCH
uint64_t device_irq_stamp;
#endif

/* Once, at start: a table slot for each PLIC source (none if it cannot be had). */
__attribute__((cold)) void device_irq_init(uint32_t nirq)
{
	nsources = nirq;
	owner = nirq ? kmem_alloc((nirq + 1) * sizeof(*owner)) : NULL;
	if (!owner)
		nsources = 0;
}

__attribute__((cold)) int device_irq_free(uint32_t source)
{
	if (!source || source > nsources)
		return PIER_E_ARG;
	return owner[source] ? PIER_E_STATE : PIER_OK;
}

/* What the bound port is told: its line, which of the device's it is, how often it fired since. */
static inline struct pier_irq_fired fired(const struct device_irq *di)
{
	struct pier_irq_fired f = { .irq = di->source, .count = di->pending, .index = di->index };

#ifdef PIER_BENCH
	f.stamp = device_irq_stamp;
#endif
	return f;
}

/*
 * Its packet queued at the bound port; if the queue is full (or the port
 * is dying), retried at the next dispatch. What ipc_queue does for a
 * kernel packet with no grant and no sender, written straight into the
 * slot (8-aligned data: a few stores), as the fast path's send does.
 */
static int deliver(struct device_irq *di)
{
	struct port *to = di->bound;
	struct pq_slot *s;

	if (to->dead || pq_full(&to->q)) {
		retry_wanted = true;
		return -1;
	}
	s = pq_tail(&to->q);
	s->type = PIER_MSG_IRQ;
	s->size = sizeof(struct pier_irq_fired);
	s->flags = 0;
	s->handle = 0;
	s->badge = 0;
	s->caller = NULL;
	*(struct pier_irq_fired *)(void *)s->data = fired(di);
	pq_push_tail(&to->q);
	sched_wake(to);
	di->pending = 0;
	return 0;
}
_Static_assert(__builtin_offsetof(struct pq_slot, data) % 8 == 0, "irq packets are stored as words");

void device_irq(uint32_t irq)
{
	struct device_irq *di = irq <= nsources ? owner[irq] : NULL;
	struct pier_packet *pkt;

	arch_irq_disable(irq);
	if (!di || !di->bound) {
		arch_irq_complete(irq);   /* nobody wants it: it stays disabled */
		return;
	}
	di->claimed = true;
	di->pending++;
	/* Straight into its handler if that would run next anyway. */
	pkt = sched_start_now(di->bound, PIER_MSG_IRQ, sizeof(struct pier_irq_fired));
	if (pkt) {
		*(struct pier_irq_fired *)(void *)pkt->data = fired(di);  /* 8-aligned: a few stores */
		di->pending = 0;
	} else {
		deliver(di);
	}
}

/* Every dispatch asks; only after a full queue refused a packet is there a list to walk
 * (bounded by the interrupts of all devices: at most the PLIC's sources). */
void device_retry(void)
{
	if (!retry_wanted)
		return;
	retry_wanted = false;
	for (struct device_irq *di = irqs; di; di = di->next)
		if (di->pending && di->bound)
			deliver(di);        /* sets retry_wanted again if still refused */
}

/* Unbinding and teardown are rare: built for size (cold). */
static __attribute__((cold)) void unbind(struct device_irq *di)
{
	if (!di->bound)
		return;
	if (di->claimed || di->owed) {
		arch_irq_enable(di->source);     /* so the completion counts */
		arch_irq_complete(di->source);
	}
	arch_irq_disable(di->source);
	di->owed = false;
	di->bound = NULL;
	di->claimed = false;
	di->pending = 0;
}

/* Bounded by the PLIC's sources, as every loop over irqs. */
bool device_bound(void)
{
	for (struct device_irq *di = irqs; di; di = di->next)
		if (di->bound)
			return true;
	return false;
}

__attribute__((cold)) void device_port_gone(struct port *p)
{
	for (struct device_irq *di = irqs; di; di = di->next)
		if (di->bound == p)
			unbind(di);
}

/* A new device's sources become its own (device_irq_free said each may). */
__attribute__((cold)) void device_irqs_add(struct device *dv)
{
	for (uint32_t i = 0; i < dv->nirqs; i++) {
		struct device_irq *di = &dv->irq[i];

		di->index = i;
		owner[di->source] = di;
		di->next = irqs;
		irqs = di;
	}
}

/* The device goes: its sources are unbound, masked and free again (bounded by all sources). */
__attribute__((cold)) void device_irqs_remove(struct device *dv)
{
	for (struct device_irq **pp = &irqs; *pp;) {
		struct device_irq *di = *pp;

		if (di >= dv->irq && di < dv->irq + dv->nirqs) {
			unbind(di);
			owner[di->source] = NULL;
			*pp = di->next;
		} else {
			pp = &di->next;
		}
	}
}

/* The interrupt a request names: no data means index 0. */
static __attribute__((cold)) int which(struct device *dv, struct kcall *k, struct device_irq **out)
{
	struct pier_dev_index r = { 0 };

	if (k->size && k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->size)
		memcpy(&r, k->data, sizeof(r));
	if (!dv->nirqs)
		return PIER_E_UNSUPPORTED;
	if (r.index >= dv->nirqs)
		return PIER_E_ARG;
	*out = &dv->irq[r.index];
	return PIER_OK;
}

static __attribute__((cold)) int bind(struct port *from, struct device *dv, struct kcall *k)
{
	struct pier_dev_irq_bind r;
	struct device_irq *di;
	struct handle *h;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (!dv->nirqs)
		return PIER_E_UNSUPPORTED;
	if (r.index >= dv->nirqs)
		return PIER_E_ARG;
	di = &dv->irq[r.index];
	if ((rc = space_handle_get(from->space, r.port, 0, &h)))
		return rc;
	if (!port_handler_in(h->port, h->rights, from->space))
		return PIER_E_RIGHTS;
	unbind(di);
	di->bound = h->port;
	if (!di->masked)
		arch_irq_enable(di->source);
	return PIER_OK;
}

/* The acknowledgement: once per interrupt served, so not built for size. */
void device_irq_ack_checked(struct device_irq *di)
{
	/* Enable before completing: the PLIC ignores a completion for a
	 * source that is not enabled, and re-checks pending sources only
	 * then. A masked source is completed later. */
	di->claimed = false;
	if (di->masked) {
		di->owed = true;
		return;
	}
	arch_irq_enable(di->source);
	arch_irq_complete(di->source);
}

static int ack(struct device_irq *di)
{
	if (!di->claimed || di->pending)
		return PIER_E_STATE;
	device_irq_ack_checked(di);
	return PIER_OK;
}

int device_irq_ack_check(struct space *s, uint32_t h, uint32_t index, struct device_irq **out)
{
	struct handle *hd;
	struct device *dv;
	int rc;

	if ((rc = space_handle_get(s, h, PIER_R_SEND, &hd)))
		return rc;
	if (!(dv = device_of(hd->port)))
		return PIER_E_ARG;
	if (!dv->nirqs)
		return PIER_E_UNSUPPORTED;
	if (index >= dv->nirqs)
		return PIER_E_ARG;
	*out = &dv->irq[index];
	return (*out)->claimed && !(*out)->pending ? PIER_OK : PIER_E_STATE;
}

static __attribute__((cold)) void mask(struct device_irq *di, bool on)
{
	if (on) {
		di->masked = true;
		arch_irq_disable(di->source);
		return;
	}
	if (!di->masked)
		return;
	di->masked = false;
	if (di->bound && !di->claimed)
		arch_irq_enable(di->source);
	if (di->owed)
		arch_irq_complete(di->source);
	di->owed = false;
}

int device_irq_request(struct port *from, struct device *dv, struct kcall *k)
{
	struct device_irq *di;
	int rc;

	if (k->type == PIER_DEV_IRQ_BIND)
		return bind(from, dv, k);
	if ((rc = which(dv, k, &di)))
		return rc;
	if (k->type == PIER_DEV_IRQ_ACK)
		return ack(di);
	mask(di, k->type == PIER_DEV_IRQ_MASK);
	return PIER_OK;
}
