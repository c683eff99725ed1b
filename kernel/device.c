/* Device objects: made for init from a device tree node, serving map, info, interrupts and DMA. */
#include <string.h>
#include <pier/pier.h>
#include "device.h"
#include "dma.h"
#include "dma_coherent.h"
#include "dma_cache.h"
#include "board.h"
#include "kport.h"
#include "space.h"
#include "kmem.h"
#include "physmap.h"

static const struct board *board;
static struct fdt dt;           /* the blob the kernel keeps (task_info.c serves it) */
static bool dt_ok;

__attribute__((cold)) void device_init(const struct board *b, uint32_t nirq,
				       const void *dtb, uint32_t dtb_size)
{
	board = b;
	device_irq_init(nirq);
	dt_ok = dtb && fdt_init(&dt, dtb, dtb_size) == 0;
	dma_cache_init(b);
}

/* Freed with the last handle: its interrupts first (nothing may point at it), then its buffers. */
static __attribute__((cold)) void device_release(struct port *p)
{
	struct device *dv = p->kobj;

	device_irqs_remove(dv);
	dma_device_gone(dv);
	kmem_free(dv, sizeof(*dv));
	kmem_free(p, sizeof(*p));
}

/* The range a request names: no data means index 0. */
static __attribute__((cold)) int device_map(struct port *from, struct device *dv, struct kcall *k)
{
	struct space *s = from->space;
	struct pier_dev_index r = { 0 };
	struct pier_dev_mapped out;
	uint64_t start, n;
	int rc;

	if (k->size && k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->size)
		memcpy(&r, k->data, sizeof(r));
	if (r.index >= dv->nranges)
		return PIER_E_ARG;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	start = dv->range[r.index].base & ~(PAGE_SIZE - 1);
	n = (dv->range[r.index].base + dv->range[r.index].size - start + PAGE_SIZE - 1) / PAGE_SIZE;
	if (s->dev_next + n * PAGE_SIZE > USER_DEVICE_END)
		return PIER_E_LIMIT;
	rc = vm_map_device(&s->vm, s->dev_next, start, n);
	if (rc)
		return rc;
	out.va = s->dev_next + (dv->range[r.index].base - start);
	s->dev_next += (n + 1) * PAGE_SIZE;   /* an unmapped page between devices */
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/* What the handle covers; DMA is this handle's right, not the device's. */
static __attribute__((cold)) int device_info(struct device *dv, struct kcall *k)
{
	struct pier_device_info out = { .nranges = dv->nranges, .nirqs = dv->nirqs,
					.node = dv->node };

	if (k->size)
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	out.flags = (k->rights & PIER_R_DMA ? PIER_DEVINFO_DMA : 0) |
		    (dv->dma == DMA_COHERENT ? PIER_DEVINFO_COHERENT : 0);
	memcpy(out.range, dv->range, sizeof(out.range));
	for (uint32_t i = 0; i < dv->nirqs; i++)
		out.irq[i] = dv->irq[i].source;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int device_serve(struct port *from, struct kcall *k);

struct device *device_of(const struct port *p)
{
	return p->serve == device_serve ? p->kobj : NULL;
}

static int device_serve(struct port *from, struct kcall *k)
{
	struct device *dv = k->target->kobj;

	switch (k->type) {
	case PIER_DEV_IRQ_ACK:
	case PIER_DEV_IRQ_BIND:
	case PIER_DEV_IRQ_MASK:
	case PIER_DEV_IRQ_UNMASK:
		return device_irq_request(from, dv, k);
	case PIER_DEV_INFO:
		return device_info(dv, k);
	case PIER_DEV_MAP:
		return device_map(from, dv, k);
	case PIER_DEV_DMA_ALLOC:
	case PIER_DEV_DMA_FREE:
	case PIER_DEV_DMA_SYNC:
	case PIER_DEV_DMA_RESET:
		return dma_request(from, dv, k);
	}
	return PIER_E_TYPE;
}

/*
 * Check everything before anything changes: each range, each source
 * (known, not 0, not twice, not another device's), the node.
 * Bounded by PIER_DEV_RANGES_MAX + PIER_DEV_IRQS_MAX^2 steps.
 */
static __attribute__((cold)) int device_req_ok(const struct pier_device_req *r)
{
	int rc;

	if (r->nranges < 1 || r->nranges > PIER_DEV_RANGES_MAX || r->nirqs > PIER_DEV_IRQS_MAX ||
	    (r->flags & ~PIER_DEVICE_DMA))
		return PIER_E_ARG;
	for (uint32_t i = 0; i < r->nranges; i++)
		if (!device_range_ok(board, r->range[i].base, r->range[i].size))
			return PIER_E_ARG;
	for (uint32_t i = 0; i < r->nirqs; i++) {
		for (uint32_t j = 0; j < i; j++)
			if (r->irq[j] == r->irq[i])
				return PIER_E_ARG;
		if ((rc = device_irq_free(r->irq[i])))
			return rc;      /* PIER_E_ARG, or PIER_E_STATE: another device's */
	}
	if (dt_ok && !fdt_name(&dt, (int)r->node))
		return PIER_E_ARG;      /* not a node of the blob */
	return PIER_OK;
}

/* Once per driver: built for size. */
__attribute__((cold)) int device_create(struct port *from, struct kcall *k)
{
	struct pier_device_req r;
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
	if ((rc = device_req_ok(&r)))
		return rc;
	dv = kmem_alloc(sizeof(*dv));
	p = kmem_alloc(sizeof(*p));
	if (!dv || !p) {
		kmem_free(dv, sizeof(*dv));
		kmem_free(p, sizeof(*p));
		return PIER_E_NOMEM;
	}
	dv->nranges = r.nranges;
	dv->nirqs = r.nirqs;
	dv->node = r.node;
	/* Without a readable tree (never on a booted board) nothing is known: no DMA. */
	dv->dma = dt_ok ? dma_mode(&dt, (int)r.node, dma_cache_present()) : DMA_NONE;
	memcpy(dv->range, r.range, r.nranges * sizeof(r.range[0]));
	for (uint32_t i = 0; i < r.nirqs; i++)
		dv->irq[i].source = r.irq[i];
	*p = (struct port){ .serve = device_serve, .quick = true, .name = "device", .kobj = dv,
			    .release = device_release };
	rc = space_handle_add(from->space, p, PIER_R_SEND | PIER_R_GRANT |
			      (r.flags & PIER_DEVICE_DMA ? PIER_R_DMA : 0), 0, &out.handle);
	if (rc) {
		kmem_free(dv, sizeof(*dv));
		kmem_free(p, sizeof(*p));
		return rc;
	}
	device_irqs_add(dv);
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}
