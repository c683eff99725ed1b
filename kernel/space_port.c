/* The space port, the memory manager: map, unmap, protect, query and share a space's memory. */
#include <string.h>
#include <pier/pier.h>
#include "kport.h"
#include "space.h"
#include "physmap.h"

struct port space_port = {
	.serve = space_serve, .quick = true, .name = "space", .refs = 1,
};

/*
 * The range a program may manage: its image and heap, below the device
 * window. Handler stacks and device registers are the kernel's to place,
 * so a program cannot unmap the stack the kernel is about to write a
 * packet on. At most PIER_SPACE_PAGES_MAX pages: every request that takes
 * a range does per-page work (walk, zero, count) with interrupts off, and
 * this bounds it.
 */
static int range_ok(uint64_t addr, uint32_t pages)
{
	if (addr & (PAGE_SIZE - 1))
		return PIER_E_ALIGN;
	if (!pages || pages > PIER_SPACE_PAGES_MAX)
		return PIER_E_ARG;
	if (addr < PAGE_SIZE || addr >= USER_DEVICE_BASE ||
	    pages > (USER_DEVICE_BASE - addr) / PAGE_SIZE)
		return PIER_E_RANGE;
	return PIER_OK;
}

static int prot_to_vm(uint32_t prot, unsigned *perm)
{
	if (!prot || (prot & ~(PIER_PROT_R | PIER_PROT_W | PIER_PROT_X)))
		return PIER_E_ARG;
	if ((prot & PIER_PROT_W) && (prot & PIER_PROT_X))
		return PIER_E_ARG;      /* W^X */
	*perm = VM_R | (prot & PIER_PROT_W ? VM_W : 0) | (prot & PIER_PROT_X ? VM_X : 0);
	return PIER_OK;
}

/*
 * Nothing mapped in [addr, addr + pages) of s, and none of its program's
 * image there either, loaded or not: a page of the image not touched yet
 * is the program's as much as one touched (image.h), so nothing else is
 * mapped over it. (vm_find_free's cost: the tables there; and the
 * segments.)
 */
static bool range_free(const struct space *s, uint64_t addr, uint32_t pages)
{
	uint64_t at, len = (uint64_t)pages * PAGE_SIZE;

	return !vm_find_free(&s->vm, addr, addr + len, pages, &at) &&
	       !image_overlaps(&s->image, addr, len);
}

/*
 * "Anywhere": the first free run from the space's heap cursor up, 0 if
 * none. The cursor never goes below PIER_HEAP_BASE (space_unmap), and a
 * program's segments all lie below it (program.c), so this never finds
 * pages of the image that are not loaded yet.
 */
static uint64_t find_free(struct space *s, uint32_t pages)
{
	uint64_t at;

	return vm_find_free(&s->vm, s->heap_next, PIER_HEAP_END, pages, &at) ? 0 : at;
}

static int space_map(struct space *s, struct kcall *k)
{
	struct pier_map r;
	struct pier_mapped out;
	unsigned perm;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if ((rc = prot_to_vm(r.prot, &perm)))
		return rc;
	if (!r.addr) {
		if (!r.pages || r.pages > PIER_SPACE_PAGES_MAX)
			return PIER_E_ARG;
		if (!(r.addr = find_free(s, r.pages)))
			return PIER_E_NOMEM;
	}
	if ((rc = range_ok(r.addr, r.pages)))
		return rc;
	if (!range_free(s, r.addr, r.pages))
		return PIER_E_STATE;    /* something is mapped there already */
	if ((rc = vm_map_anon(&s->vm, r.addr, r.pages, perm)))
		return rc;
	if (r.addr == s->heap_next)
		s->heap_next += (uint64_t)r.pages * PAGE_SIZE;
	out.addr = r.addr;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static int space_unmap(struct space *s, struct kcall *k)
{
	struct pier_range r;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if ((rc = range_ok(r.addr, r.pages)))
		return rc;
	vm_unmap(&s->vm, r.addr, r.pages);
	if (r.addr >= PIER_HEAP_BASE && r.addr < s->heap_next)
		s->heap_next = r.addr;  /* let "anywhere" reuse the hole */
	return PIER_OK;
}

static int space_protect(struct space *s, struct kcall *k)
{
	struct pier_map r;
	unsigned perm;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if ((rc = prot_to_vm(r.prot, &perm)) || (rc = range_ok(r.addr, r.pages)))
		return rc;
	/* Pages of the image not touched yet are loaded first, then
	 * protected like the rest: the program's image is there whole. */
	if ((rc = image_load_range(&s->vm, &s->image, r.addr, r.pages)))
		return rc;
	return vm_protect(&s->vm, r.addr, r.pages, perm);
}

static int space_query(struct space *s, struct kcall *k)
{
	struct pier_range r;
	struct pier_query out = { 0 };
	struct image_page img;
	uint64_t pa;
	unsigned perm;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (!vm_query(&s->vm, r.addr, &pa, &perm)) {
		out.mapped = 1;
	} else if (!image_page(&s->image, r.addr, 0, &img)) {
		/* Not touched yet, but there as far as the program can
		 * tell: a touch gives it, with its segment's rights. */
		out.mapped = 1;
		perm = img.perm;
	}
	if (out.mapped)
		out.prot = (perm & VM_R ? PIER_PROT_R : 0) |
			   (perm & VM_W ? PIER_PROT_W : 0) |
			   (perm & VM_X ? PIER_PROT_X : 0);
	out.pages = vm_used(&s->vm);     /* everything charged to it */
	out.quota = s->vm.quota;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/*
 * Map the caller's pages into the space owning the port r.to as well,
 * if that port consents (PIER_PORT_SHARES). The target is charged for
 * them (and for the page tables they need): it asked for shares through
 * that port, and its quota bounds what they may cost it. The caller,
 * whose mapping stays, is charged as before.
 */
static int space_share(struct space *s, struct kcall *k)
{
	struct pier_share r;
	struct pier_mapped out;
	struct handle *h;
	struct space *t;
	unsigned perm;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r._pad || (r.prot & PIER_PROT_X))
		return PIER_E_ARG;
	if ((rc = prot_to_vm(r.prot, &perm)) || (rc = range_ok(r.addr, r.pages)))
		return rc;
	if ((rc = space_handle_get(s, r.to, PIER_R_SEND, &h)))
		return rc;
	if (!(t = h->port->space))
		return PIER_E_ARG;      /* a kernel port: there is no space to map into */
	if (t != s && !h->port->accept_shares)
		return PIER_E_RIGHTS;   /* pages go only where they are welcome */
	if (!r.at && !(r.at = find_free(t, r.pages)))
		return PIER_E_NOMEM;
	if ((rc = range_ok(r.at, r.pages)))
		return rc;
	if (!range_free(t, r.at, r.pages))
		return PIER_E_STATE;
	/* The caller's pages of its image not touched yet: loaded first (to s). */
	if ((rc = image_load_range(&s->vm, &s->image, r.addr, r.pages)))
		return rc;
	if ((rc = vm_share(&t->vm, r.at, &s->vm, r.addr, r.pages, perm)))
		return rc;
	if (r.at == t->heap_next)
		t->heap_next += (uint64_t)r.pages * PAGE_SIZE;
	out.addr = r.at;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

/*
 * Where a map of r.pages "anywhere" would go now, mapping nothing: so
 * the library can map a larger range in pieces. Its cost is
 * vm_find_free's, whatever r.pages.
 */
static int space_find_request(struct space *s, struct kcall *k)
{
	struct pier_range r;
	struct pier_mapped out;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	if (r.addr || r._pad || !r.pages)
		return PIER_E_ARG;
	if (!(out.addr = find_free(s, r.pages)))
		return PIER_E_NOMEM;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

int space_serve(struct port *from, struct kcall *k)
{
	struct space *s = from->space;

	switch (k->type) {
	case PIER_SPACE_MAP:
		return space_map(s, k);
	case PIER_SPACE_UNMAP:
		return space_unmap(s, k);
	case PIER_SPACE_PROTECT:
		return space_protect(s, k);
	case PIER_SPACE_QUERY:
		return space_query(s, k);
	case PIER_SPACE_SHARE:
		return space_share(s, k);
	case PIER_SPACE_FIND:
		return space_find_request(s, k);
	}
	return PIER_E_TYPE;
}
