/* Split virtqueues: adding buffer chains, notifying the device, harvesting used chains. */
#include <pier/status.h>
#include "virtio.h"

/*
 * Indices of both rings run free as 16-bit counters; an entry's slot is
 * the index modulo num (a power of two, so this stays right across the
 * wrap at 65536). The device may complete chains in any order, so
 * descriptors return to the free list chain by chain, as they come back.
 */

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned nout,
	      unsigned nin, void *cookie)
{
	unsigned n = nout + nin;
	uint32_t writable = 0;
	uint16_t head, i;

	if (n == 0 || n > q->num)
		return PIER_E_ARG;
	for (unsigned k = 0; k < n; k++)
		if (bufs[k].len == 0)
			return PIER_E_ARG;
	if (n > q->nfree)
		return PIER_E_FULL;
	head = i = q->free_head;
	/* Bounded by n <= nfree descriptors. */
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *dsc = &q->desc[i];

		dsc->addr = bufs[k].bus;
		dsc->len = bufs[k].len;
		dsc->flags = k >= nout ? VIRTQ_DESC_F_WRITE : 0;
		if (k >= nout)
			writable += bufs[k].len;
		if (k + 1 < n) {
			dsc->flags |= VIRTQ_DESC_F_NEXT;
			i = dsc->next;	/* the free list's next is the chain's */
		} else {
			q->free_head = dsc->next;
		}
	}
	q->nfree = (uint16_t)(q->nfree - n);
	q->cookie[head] = cookie;
	q->in_len[head] = writable;
	q->busy[head] = 1;
	q->avail->ring[q->avail_idx & (q->num - 1)] = head;
	q->avail_idx++;
	return head;
}

void virtq_notify(struct virtq *q)
{
	struct virtio_io const *io = q->dev->io;

	/* Descriptors and ring entries are visible before the index that publishes them. */
	io->barrier();
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELAXED);
	/* ...and the index before the notify, and before we read the device's flags. */
	io->barrier();
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		io->write(io->ctx, VIRTIO_QUEUE_NOTIFY, q->index);
}

/* Put a finished chain's descriptors back on the free list. */
static int chain_free(struct virtq *q, uint16_t head)
{
	uint16_t i = head, n = 1;

	/* Bounded by num: a chain longer than the queue is a loop. */
	while (q->desc[i].flags & VIRTQ_DESC_F_NEXT) {
		i = q->desc[i].next;
		if (i >= q->num || ++n > q->num)
			return PIER_E_STATE;
	}
	q->desc[i].next = q->free_head;
	q->free_head = head;
	q->nfree = (uint16_t)(q->nfree + n);
	return PIER_OK;
}

int virtq_harvest(struct virtq *q, void **cookie, uint32_t *len)
{
	uint16_t used_idx = __atomic_load_n(&q->used->idx, __ATOMIC_RELAXED);
	struct virtq_used_elem e;

	if (used_idx == q->last_used)
		return 0;
	/*
	 * More entries than we have chains out would be a device writing
	 * garbage; so would an index it has already given us.
	 */
	if ((uint16_t)(used_idx - q->last_used) > q->num)
		return PIER_E_STATE;
	/* Read the entry only after the index that says it is there. */
	q->dev->io->barrier();
	e.id = q->used->ring[q->last_used & (q->num - 1)].id;
	e.len = q->used->ring[q->last_used & (q->num - 1)].len;
	if (e.id >= q->num || !q->busy[e.id])
		return PIER_E_STATE;
	/* The descriptors are ours again; the device no longer reads them. */
	if (chain_free(q, (uint16_t)e.id) != PIER_OK)
		return PIER_E_STATE;
	q->last_used++;
	q->busy[e.id] = 0;
	*cookie = q->cookie[e.id];
	q->cookie[e.id] = 0;
	*len = e.len < q->in_len[e.id] ? e.len : q->in_len[e.id];
	return 1;
}
