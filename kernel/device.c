/* Device handles: map a device's registers, bind its interrupt to a port, acknowledge it. */
#include <string.h>
#include <pier/pier.h>
#include "device.h"
#include "board.h"
#include "kport.h"
#include "space.h"
#include "ipc.h"
#include "sched.h"
#include "kmem.h"
#include "arch.h"
#include "physmap.h"

/*
 * Interrupt protocol: on an interrupt the arch code claims the source;
 * the kernel masks it and queues one PIER_MSG_IRQ packet at the bound
 * port. The source stays masked and claimed until the driver sends
 * PIER_DEV_IRQ_ACK, which completes it and (unless the driver masked it)
 * enables it again. So a driver never sees an interrupt it has not asked
 * for, and a level-triggered device cannot storm the kernel.
 */
struct device {
	struct pier_device d;
	struct port *bound;     /* the port that receives its interrupts */
	bool claimed;           /* taken and not yet acknowledged */
	bool masked;            /* the driver asked for no interrupts */
	bool owed;              /* acknowledged while masked: completed on unmask */
	uint32_t pending;       /* interrupts whose packet found the queue full */
	struct device *next;
};

static const struct board *board;
static struct device **owner;   /* by PLIC source: the device it belongs to */
static struct device *devices;
static uint32_t nirqs;
#ifdef PIER_BENCH
uint64_t device_irq_stamp;
#endif

void device_init(const struct board *b, uint32_t nirq)
{
	board = b;
	nirqs = nirq;
	owner = nirq ? kmem_alloc((nirq + 1) * sizeof(*owner)) : NULL;
	if (!owner)
		nirqs = 0;
}

static bool retry_wanted;       /* some device's packet waits for room */

/* What the bound port is told: its line, and how often it fired since. */
static inline struct pier_irq_fired fired(const struct device *dv)
{
	struct pier_irq_fired f = { .irq = dv->d.irq, .count = dv->pending };

#ifdef PIER_BENCH
	f.stamp = device_irq_stamp;
#endif
	return f;
}

/* Its packet queued at the bound port; if the queue is full, retried at the next dispatch. */
static int deliver(struct device *dv)
{
	struct pier_irq_fired f = fired(dv);

	if (ipc_deliver(NULL, dv->bound, PIER_MSG_IRQ, &f, sizeof(f), 0, NULL, 0)) {
		retry_wanted = true;
		return -1;
	}
	dv->pending = 0;
	return 0;
}

void device_irq(uint32_t irq)
{
	struct device *dv = irq <= nirqs ? owner[irq] : NULL;
	struct pier_packet *pkt;

	arch_irq_disable(irq);
	if (!dv || !dv->bound) {
		arch_irq_complete(irq);   /* nobody wants it: it stays disabled */
		return;
	}
	dv->claimed = true;
	dv->pending++;
	/* Straight into its handler if that would run next anyway. */
	pkt = sched_start_now(dv->bound, PIER_MSG_IRQ, sizeof(struct pier_irq_fired));
	if (pkt) {
		*(struct pier_irq_fired *)(void *)pkt->data = fired(dv);  /* 8-aligned: a few stores */
		dv->pending = 0;
	} else {
		deliver(dv);
	}
}

/* Every dispatch asks; only after a full queue refused a packet is there a list to walk. */
void device_retry(void)
{
	if (!retry_wanted)
		return;
	retry_wanted = false;
	for (struct device *dv = devices; dv; dv = dv->next)
		if (dv->pending && dv->bound)
			deliver(dv);        /* sets retry_wanted again if still refused */
}

/* Unbinding and teardown are rare: built for size (cold). */
static __attribute__((cold)) void unbind(struct device *dv)
{
	if (!dv->bound)
		return;
	if (dv->claimed || dv->owed) {
		arch_irq_enable(dv->d.irq);     /* so the completion counts */
		arch_irq_complete(dv->d.irq);
	}
	arch_irq_disable(dv->d.irq);
	dv->owed = false;
	dv->bound = NULL;
	dv->claimed = false;
	dv->pending = 0;
}

bool device_bound(void)
{
	for (struct device *dv = devices; dv; dv = dv->next)
		if (dv->bound)
			return true;
	return false;
}

__attribute__((cold)) void device_port_gone(struct port *p)
{
	for (struct device *dv = devices; dv; dv = dv->next)
		if (dv->bound == p)
			unbind(dv);
}

static __attribute__((cold)) void device_release(struct port *p)
{
	struct device *dv = p->kobj;

	unbind(dv);
	if (dv->d.irq)
		owner[dv->d.irq] = NULL;
	for (struct device **pp = &devices; *pp; pp = &(*pp)->next)
		if (*pp == dv) {
			*pp = dv->next;
			break;
		}
	kmem_free(dv, sizeof(*dv));
	kmem_free(p, sizeof(*p));
}

/* Mapping and binding happen once per driver: built for size (cold). */
static __attribute__((cold)) int device_map(struct port *from, struct device *dv, struct kcall *k)
{
	struct space *s = from->space;
	uint64_t start = dv->d.base & ~(PAGE_SIZE - 1);
	uint64_t n = (dv->d.base + dv->d.size - start + PAGE_SIZE - 1) / PAGE_SIZE;
	struct pier_dev_mapped out;
	int rc;

	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	if (s->dev_next + n * PAGE_SIZE > USER_DEVICE_END)
		return PIER_E_LIMIT;
	rc = vm_map_device(&s->vm, s->dev_next, start, n);
	if (rc)
		return rc;
	out.va = s->dev_next + (dv->d.base - start);
	s->dev_next += (n + 1) * PAGE_SIZE;   /* an unmapped page between devices */
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static __attribute__((cold)) int device_bind(struct port *from, struct device *dv, struct kcall *k)
{
	struct pier_dev_irq_bind r;
	struct handle *h;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (!dv->d.irq)
		return PIER_E_UNSUPPORTED;
	if ((rc = space_handle_get(from->space, r.port, 0, &h)))
		return rc;
	if (!port_handler_in(h->port, h->rights, from->space))
		return PIER_E_RIGHTS;
	unbind(dv);
	dv->bound = h->port;
	if (!dv->masked)
		arch_irq_enable(dv->d.irq);
	return PIER_OK;
}

/* Information and masking: seldom, so built for size (cold). */
static __attribute__((cold)) int device_control(struct device *dv, struct kcall *k)
{
	if (k->type == PIER_DEV_INFO) {
		if (k->reply_max < sizeof(dv->d))
			return PIER_E_REPLY_SIZE;
		kcall_reply(k, &dv->d, sizeof(dv->d));
		return PIER_OK;
	}
	if (!dv->d.irq)
		return PIER_E_UNSUPPORTED;
	if (k->type == PIER_DEV_IRQ_MASK) {
		dv->masked = true;
		arch_irq_disable(dv->d.irq);
	} else if (dv->masked) {
		dv->masked = false;
		if (dv->bound && !dv->claimed)
			arch_irq_enable(dv->d.irq);
		if (dv->owed)
			arch_irq_complete(dv->d.irq);
		dv->owed = false;
	}
	return PIER_OK;
}

static int device_serve(struct port *from, struct kcall *k)
{
	struct device *dv = k->target->kobj;

	switch (k->type) {
	case PIER_DEV_INFO:
	case PIER_DEV_IRQ_MASK:
	case PIER_DEV_IRQ_UNMASK:
		return device_control(dv, k);
	case PIER_DEV_MAP:
		return device_map(from, dv, k);
	case PIER_DEV_IRQ_BIND:
		return device_bind(from, dv, k);
	case PIER_DEV_IRQ_ACK:
		if (!dv->claimed || dv->pending)
			return PIER_E_STATE;
		/* Enable before completing: the PLIC ignores a completion
		 * for a source that is not enabled, and re-checks pending
		 * sources only then. A masked source is completed later. */
		dv->claimed = false;
		if (dv->masked) {
			dv->owed = true;
			return PIER_OK;
		}
		arch_irq_enable(dv->d.irq);
		arch_irq_complete(dv->d.irq);
		return PIER_OK;
	}
	return PIER_E_TYPE;
}

/* Once per driver: built for size. */
__attribute__((cold)) int device_create(struct port *from, struct kcall *k)
{
	struct pier_device r;
	struct pier_port_created out = { 0 };
	struct device *dv;
	struct port *p;
	int rc;

	if (!(k->rights & PIER_R_SUPER))
		return PIER_E_RIGHTS;
	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (!device_range_ok(board, r.base, r.size) || r.irq > nirqs)
		return PIER_E_ARG;
	if (r.irq && owner[r.irq])
		return PIER_E_STATE;   /* its interrupt already belongs to a device */
	dv = kmem_alloc(sizeof(*dv));
	p = kmem_alloc(sizeof(*p));
	if (!dv || !p) {
		kmem_free(dv, sizeof(*dv));
		kmem_free(p, sizeof(*p));
		return PIER_E_NOMEM;
	}
	dv->d = r;
	dv->d._pad = 0;
	*p = (struct port){ .serve = device_serve, .quick = true, .name = "device", .kobj = dv,
			    .release = device_release };
	rc = space_handle_add(from->space, p, PIER_R_SEND | PIER_R_GRANT, 0,
			      &out.handle);
	if (rc) {
		kmem_free(dv, sizeof(*dv));
		kmem_free(p, sizeof(*p));
		return rc;
	}
	if (r.irq)
		owner[r.irq] = dv;
	dv->next = devices;
	devices = dv;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}
