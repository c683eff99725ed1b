/* Spaces: creation, the port table, and destruction that returns every page. */
#include <string.h>
#include <pier/pier.h>
#include "space.h"
#include "port.h"
#include "sched.h"
#include "kmem.h"
#include "dma.h"
#include "watch.h"

struct space *space_list;
static uint64_t next_space_id = 1;

#define HANDLES_INITIAL 16

struct space *space_create(const char *name, int namelen)
{
	struct space *s = kmem_alloc(sizeof(*s));

	if (!s)
		return NULL;
	s->handles = kmem_alloc(HANDLES_INITIAL * sizeof(struct handle));
	if (!s->handles || vm_init(&s->vm)) {
		if (s->handles)
			kmem_free(s->handles, HANDLES_INITIAL * sizeof(struct handle));
		kmem_free(s, sizeof(*s));
		return NULL;
	}
	s->nhandles = HANDLES_INITIAL;
	/* Its own kernel memory is the first thing charged to it. */
	s->vm.kbytes = sizeof(*s) + HANDLES_INITIAL * sizeof(struct handle);
	if (namelen > SPACE_NAME_MAX - 1)
		namelen = SPACE_NAME_MAX - 1;
	memcpy(s->name, name, namelen);
	s->id = next_space_id++;
	s->dev_next = USER_DEVICE_BASE;
	s->heap_next = PIER_HEAP_BASE;
	s->next = space_list;
	space_list = s;
	return s;
}

/* Double the table, up to SPACE_HANDLES_MAX, charged to the space. */
static int space_handles_grow(struct space *s)
{
	uint32_t n = s->nhandles * 2;
	size_t more = (n - s->nhandles) * sizeof(struct handle);
	struct handle *h;

	if (n > SPACE_HANDLES_MAX)
		return PIER_E_LIMIT;
	if (!vm_charge_bytes_ok(&s->vm, more))
		return PIER_E_QUOTA;
	h = kmem_alloc(n * sizeof(*h));
	if (!h)
		return PIER_E_NOMEM;
	memcpy(h, s->handles, s->nhandles * sizeof(*h));
	kmem_free(s->handles, s->nhandles * sizeof(*h));
	s->handles = h;
	s->nhandles = n;
	s->vm.kbytes += more;
	return PIER_OK;
}

int space_handle_add(struct space *s, struct port *p, uint32_t rights,
		     uint32_t want, uint32_t *handle)
{
	uint32_t h = want;

	if (!h) {
		/* The well-known handles, up to PIER_H_SPACE, stay reserved.
		 * No entry below the hint is free, so the scan is amortized
		 * O(1); at worst it is bounded by the table's size, itself
		 * bounded by the quota and SPACE_HANDLES_MAX. */
		h = s->handle_hint > PIER_H_SPACE ? s->handle_hint : PIER_H_SPACE + 1;
		for (; h < s->nhandles; h++)
			if (!s->handles[h].port)
				break;
	}
	if (h >= SPACE_HANDLES_MAX)
		return PIER_E_LIMIT;
	while (h >= s->nhandles) {    /* at most log2(SPACE_HANDLES_MAX) times */
		int rc = space_handles_grow(s);
		if (rc)
			return rc;
	}
	if (s->handles[h].port)
		return PIER_E_STATE;
	s->handles[h] = (struct handle){ p, rights };
	if (!want)
		s->handle_hint = h + 1;
	port_ref(p);
	*handle = h;
	return PIER_OK;
}

int space_handle_get(struct space *s, uint32_t h, uint32_t need,
		     struct handle **out)
{
	if (h == PIER_H_NONE || h >= s->nhandles || !s->handles[h].port)
		return PIER_E_HANDLE;
	if ((s->handles[h].rights & need) != need)
		return PIER_E_RIGHTS;
	if (s->handles[h].port->dead)
		return PIER_E_GONE;
	*out = &s->handles[h];
	return PIER_OK;
}

void space_handle_drop(struct space *s, uint32_t h)
{
	struct port *p = s->handles[h].port;

	s->handles[h].port = NULL;
	if (h < s->handle_hint)
		s->handle_hint = h;
	if (p)
		port_unref(p);
}

void space_set_supervisor(struct space *s, struct port *p)
{
	if (p)
		port_ref(p);
	if (s->supervisor)
		port_unref(s->supervisor);
	s->supervisor = p;
}

struct space *space_find(uint64_t id)
{
	for (struct space *s = space_list; s; s = s->next)  /* bounded by the spaces */
		if (s->id == id)
			return s;
	return NULL;
}

/*
 * Dead spaces whose memory is being freed, a step at a time: off
 * space_list, their ids already unknown, their quota still charged to
 * the space it came from until the last page is back.
 */
static struct space *dying;

void space_destroy(struct space *s, uint32_t how, int32_t code)
{
	struct port *sup = s->supervisor;

	s->supervisor = NULL;   /* its reference goes to space_ended_tell */
	s->ending = true;
	watch_space_gone(s);
	dma_space_gone(s);      /* before its device handles go: the devices keep the buffers */
	/* Bounded by its ports, each charged to it (an attached one by its
	 * stack): a detachable port running here loses its server and lives
	 * on, queue and all, for the next; then the ones it owns go. */
	while (s->ports) {
		if (s->ports->detachable)
			port_detach(s->ports);
		else
			port_destroy(s->ports);
	}
	while (s->lent)
		port_destroy(s->lent);
	if (s->supervise)
		port_unref(s->supervise);
	for (uint32_t h = 0; h < s->nhandles; h++)      /* bounded by its table */
		space_handle_drop(s, h);
	kmem_free(s->handles, s->nhandles * sizeof(struct handle));
	for (struct space **pp = &space_list; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	vm_detach(&s->vm);
	s->next = dying;
	dying = s;
	space_ended_tell(s, sup, how, code);
	space_reap();   /* one bounded step now: a small space is gone at once */
}

/* The object of a dead space whose memory is back and whose ENDED is out. */
void space_free(struct space *s)
{
	struct space *from;

	/* Its quota goes back to the space it came from, if that lives. */
	if (s->quota_from && (from = space_find(s->quota_from)))
		from->vm.given -= s->vm.quota;
	kmem_free(s, sizeof(*s));
}

bool space_reap(void)
{
	struct space *s = dying;

	if (!s)
		return false;
	if (!vm_reap(&s->vm, SPACE_REAP_WORK))
		return true;
	dying = s->next;
	if (s->ended_to)
		s->reaped = true;       /* freed once its ENDED is delivered or dropped */
	else
		space_free(s);
	return dying != NULL;
}

size_t space_reclaiming(void)
{
	size_t n = 0;

	for (struct space *s = dying; s; s = s->next)   /* bounded by the dead spaces */
		n += s->vm.pages + s->vm.table_pages;
	return n;
}

bool space_reap_pending(void)
{
	return dying != NULL;
}
