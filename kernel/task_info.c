/* The task port's read-only requests: spaces, ports, memory, and the device tree. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "space.h"
#include "dma.h"
#include "port.h"
#include "page.h"
#include "kmem.h"
#include "ktimer.h"

static const void *dtb;
static uint32_t dtb_size;

void task_info_init(const void *blob, uint32_t size)
{
	dtb = blob;
	dtb_size = size;
}

static int list_req(const struct kcall *k, struct pier_list_req *r, uint32_t reply)
{
	if (k->size != sizeof(*r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < reply)
		return PIER_E_REPLY_SIZE;
	memcpy(r, k->data, sizeof(*r));
	return PIER_OK;
}

/* Oldest first, so listings read in the order things started. */
static int task_spaces(struct kcall *k)
{
	struct pier_list_req r;
	struct pier_space_info out = { 0 };
	struct space *s = NULL;
	uint32_t n = 0;
	int rc = list_req(k, &r, sizeof(out));

	if (rc)
		return rc;
	for (struct space *t = space_list; t; t = t->next)
		n++;
	if (r.index >= n)
		return PIER_E_NOENT;
	s = space_list;
	for (uint32_t i = 0; i < n - 1 - r.index; i++)
		s = s->next;
	out.id = s->id;
	memcpy(out.name, s->name, sizeof(out.name));
	out.pages = s->vm.pages;
	out.table_pages = s->vm.table_pages;
	out.max_prio = s->max_prio;
	out.used = vm_used(&s->vm);
	out.reserved = s->vm.reserved;
	out.quota = s->vm.quota;
	vm_cpu_charge();        /* the caller's time so far, up to now */
	out.cpu_ns = ktimer_ns(s->vm.cpu_ticks);
	for (struct port *p = s->ports; p; p = p->space_next)
		out.ports++;
	for (struct port *p = s->lent; p; p = p->lent_next)
		out.ports += !p->space;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int task_ports(struct kcall *k)
{
	struct pier_list_req r;
	struct pier_port_info out = { 0 };
	struct space *s;
	struct port *p;
	uint32_t i = 0;
	int rc = list_req(k, &r, sizeof(out));

	if (rc)
		return rc;
	if (!(s = space_find(r.space)))
		return PIER_E_NOENT;
	/* The ports running here (its own, and detachable ones it serves),
	 * then the detachable ones it owns that nobody serves: state none. */
	for (p = s->ports; p && i < r.index; p = p->space_next)
		i++;
	if (!p)
		for (p = s->lent; p; p = p->lent_next)
			if (!p->space && i++ == r.index)
				break;
	if (!p)
		return PIER_E_NOENT;
	out.prio = p->prio;
	out.depth = p->q.depth;
	out.queued = p->q.count;
	out.state = p->state;
	out.handled = p->handled;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int task_meminfo(struct kcall *k)
{
	struct pier_meminfo out;

	space_reap();   /* asking moves the freeing on by a bounded step */
	out = (struct pier_meminfo){
		.total_pages = page_total_count(),
		.free_pages = page_free_count(),
		.kernel_pages = kmem_pages_used(),
		.reclaiming_pages = space_reclaiming(),
		.quarantined_pages = dma_quarantined_pages(),
	};

	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/* Like PIER_TASK_BOOTFILE, for the blob the firmware handed the kernel. */
static int task_dtb(struct kcall *k)
{
	struct pier_bootfile_req r;
	uint32_t n;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r.offset > dtb_size)
		return PIER_E_ARG;
	n = dtb_size - r.offset;
	if (n > k->reply_max)
		n = k->reply_max;
	memcpy(k->reply, (const char *)dtb + r.offset, n);
	k->reply_size = n;
	return PIER_OK;
}

/* The caller's own space: its id and CPU time, up to now. */
static int task_self(struct port *from, struct kcall *k)
{
	struct space *s = from->space;
	struct pier_self out = { 0 };

	if (k->size != 0)
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	vm_cpu_charge();
	out.space = s->id;
	out.cpu_ticks = s->vm.cpu_ticks;
	out.cpu_ns = ktimer_ns(out.cpu_ticks);
	out.max_prio = s->max_prio;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

int task_info_serve(struct port *from, struct kcall *k)
{
	switch (k->type) {
	case PIER_TASK_SELF:
		return task_self(from, k);
	case PIER_TASK_SPACES:
		return task_spaces(k);
	case PIER_TASK_PORTS:
		return task_ports(k);
	case PIER_TASK_MEMINFO:
		return task_meminfo(k);
	case PIER_TASK_DTB:
		return task_dtb(k);
	}
	return PIER_E_TYPE;
}
