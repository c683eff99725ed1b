/* DMA buffers: contiguous pages a device and one space share, freed only when the device cannot use them. */
#include <string.h>
#include <pier/pier.h>
#include "dma.h"
#include "dma_cache.h"
#include "device.h"
#include "dma_coherent.h"
#include "kport.h"
#include "space.h"
#include "page.h"
#include "kmem.h"
#include "physmap.h"

/*
 * Without an IOMMU a device reaches all of RAM, so whoever holds
 * PIER_R_DMA is trusted (docs/design.md, "DMA"). What the kernel still
 * guarantees: a buffer's pages are never handed to anyone else while
 * the device may use them. When the driver's space ends, the device may
 * still be writing into its buffers: they are quarantined (unmapped with
 * the space, kept allocated by the device's own page references) until
 * a holder of the device says the device is reset (PIER_DEV_DMA_RESET).
 * Quarantined pages are charged to no space (the dead space's account
 * went with it): they are bounded per device by DMA_BUFS_MAX buffers and
 * DMA_DEV_PAGES_MAX pages, and PIER_TASK_MEMINFO reports them.
 */
static uint64_t quarantined;    /* pages of quarantined and orphaned buffers */

uint64_t dma_quarantined_pages(void)
{
	return quarantined;
}

static __attribute__((cold)) void space_unlink(struct dma_buf *b)
{
	*b->space_prev = b->space_next;
	if (b->space_next)
		b->space_next->space_prev = b->space_prev;
	b->space->vm.kbytes -= sizeof(*b);
	b->space = NULL;
}

static __attribute__((cold)) void dev_unlink(struct dma_buf *b)
{
	for (struct dma_buf **pp = &b->dev->bufs; *pp; pp = &(*pp)->dev_next)  /* DMA_BUFS_MAX */
		if (*pp == b) {
			*pp = b->dev_next;
			b->dev->nbufs--;
			b->dev->dma_pages -= b->pages;
			return;
		}
}

/* The device's reference to each page goes: a page no space maps any more is free.
 * PIER_DMA_PAGES_MAX steps of about 40 instructions. */
static __attribute__((cold)) void drop_pages(struct dma_buf *b)
{
	for (uint32_t i = 0; i < b->pages; i++)
		page_unref(b->pa + (uint64_t)i * PAGE_SIZE);
}

static __attribute__((cold)) int dma_alloc(struct space *s, struct device *dv, struct kcall *k)
{
	struct pier_dma_alloc r;
	struct pier_dma out;
	struct dma_buf *b;
	uint64_t va;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r.pages < 1 || r.pages > PIER_DMA_PAGES_MAX || r.flags)
		return PIER_E_ARG;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	if (dv->dma == DMA_NONE)
		return PIER_E_UNSUPPORTED;      /* no way to keep the CPU's caches right */
	if (dv->nbufs >= DMA_BUFS_MAX || dv->dma_pages + r.pages > DMA_DEV_PAGES_MAX)
		return PIER_E_LIMIT;
	if (!vm_charge_ok(&s->vm, r.pages) || !vm_charge_bytes_ok(&s->vm, sizeof(*b)))
		return PIER_E_QUOTA;
	if (vm_find_free(&s->vm, s->heap_next, PIER_HEAP_END, r.pages, &va))
		return PIER_E_LIMIT;            /* no room left in its heap window */
	b = kmem_alloc(sizeof(*b));
	if (!b || !(b->pa = page_alloc_n(r.pages))) {
		kmem_free(b, sizeof(*b));
		return PIER_E_NOMEM;
	}
	if ((rc = vm_map_ram(&s->vm, va, b->pa, r.pages, VM_R | VM_W))) {
		page_free_n(b->pa, r.pages);
		kmem_free(b, sizeof(*b));
		return rc;
	}
	b->dev = dv;
	b->space = s;
	b->va = va;
	b->pages = r.pages;
	b->dev_next = dv->bufs;
	dv->bufs = b;
	dv->nbufs++;
	dv->dma_pages += r.pages;
	b->space_next = s->dma;
	b->space_prev = &s->dma;
	if (s->dma)
		s->dma->space_prev = &b->space_next;
	s->dma = b;
	s->vm.kbytes += sizeof(*b);
	out.va = va;
	out.bus = b->pa;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/* This device's buffer holding [va, va + size) in space s, or NULL (DMA_BUFS_MAX steps). */
static __attribute__((cold)) struct dma_buf *find(struct device *dv, struct space *s,
						  uint64_t va, uint64_t size)
{
	for (struct dma_buf *b = dv->bufs; b; b = b->dev_next)
		if (b->space == s && va >= b->va &&
		    va - b->va < (uint64_t)b->pages * PAGE_SIZE &&
		    size <= (uint64_t)b->pages * PAGE_SIZE - (va - b->va))
			return b;
	return NULL;
}

static __attribute__((cold)) int dma_free(struct space *s, struct device *dv, struct kcall *k)
{
	struct pier_dma_free r;
	struct dma_buf *b;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (!(b = find(dv, s, r.va, 1)) || b->va != r.va)
		return PIER_E_ARG;
	/* Unmap only what is still this buffer: the space may have unmapped
	 * a page itself and mapped another there (PIER_DMA_PAGES_MAX steps). */
	for (uint32_t i = 0; i < b->pages; i++) {
		uint64_t at = b->va + (uint64_t)i * PAGE_SIZE, pa;
		unsigned perm;

		if (vm_query(&s->vm, at, &pa, &perm) == 0 && pa == b->pa + (uint64_t)i * PAGE_SIZE)
			vm_unmap(&s->vm, at, 1);
	}
	space_unlink(b);
	dev_unlink(b);
	drop_pages(b);
	kmem_free(b, sizeof(*b));
	return PIER_OK;
}

static __attribute__((cold)) int dma_sync(struct space *s, struct device *dv, struct kcall *k)
{
	struct pier_dma_sync r;
	struct dma_buf *b;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r.dir < PIER_DMA_TO_DEVICE || r.dir > PIER_DMA_BIDIRECTIONAL || r._pad || !r.size)
		return PIER_E_ARG;
	if (!(b = find(dv, s, r.va, r.size)))
		return PIER_E_ARG;
	/* The SiFive controller's one operation writes back and invalidates,
	 * which serves every direction. A coherent device needs nothing. */
	if (dv->dma == DMA_FLUSH)
		dma_cache_flush(b->pa + (r.va - b->va), r.size);
	return PIER_OK;
}

/* The device is reset: its quarantined buffers are free (DMA_BUFS_MAX buffers,
 * DMA_DEV_PAGES_MAX pages in all: the longest DMA request). */
static __attribute__((cold)) int dma_reset(struct device *dv, struct kcall *k)
{
	if (k->size)
		return PIER_E_PACKET_SIZE;
	for (struct dma_buf **pp = &dv->bufs; *pp;) {
		struct dma_buf *b = *pp;

		if (b->space) {
			pp = &b->dev_next;
			continue;
		}
		*pp = b->dev_next;
		dv->nbufs--;
		dv->dma_pages -= b->pages;
		quarantined -= b->pages;
		drop_pages(b);
		kmem_free(b, sizeof(*b));
	}
	return PIER_OK;
}

int dma_request(struct port *from, struct device *dv, struct kcall *k)
{
	if (!(k->rights & PIER_R_DMA))
		return PIER_E_RIGHTS;
	switch (k->type) {
	case PIER_DEV_DMA_ALLOC:
		return dma_alloc(from->space, dv, k);
	case PIER_DEV_DMA_FREE:
		return dma_free(from->space, dv, k);
	case PIER_DEV_DMA_SYNC:
		return dma_sync(from->space, dv, k);
	}
	return dma_reset(dv, k);
}

/* Bounded by the space's buffers: each is charged to it, and each device has at most DMA_BUFS_MAX. */
__attribute__((cold)) void dma_space_gone(struct space *s)
{
	while (s->dma) {
		quarantined += s->dma->pages;
		space_unlink(s->dma);
	}
}

/*
 * The last handle to the device went, so nobody is left who could reset
 * it: its buffers might still be written by the hardware, so the
 * device's references are never dropped. They stay allocated for good
 * (counted as quarantined); a space still mapping one keeps using it as
 * its own memory until it unmaps it. init keeps the handles of the
 * devices it starts drivers for, so this happens only when init gives a
 * device up. DMA_BUFS_MAX steps.
 */
__attribute__((cold)) void dma_device_gone(struct device *dv)
{
	while (dv->bufs) {
		struct dma_buf *b = dv->bufs;

		if (b->space) {
			quarantined += b->pages;
			space_unlink(b);
		}
		dv->bufs = b->dev_next;
		kmem_free(b, sizeof(*b));
	}
	dv->nbufs = 0;
}
