/* Starting a program: find its ELF in the boot image, map it into a new space, queue its start packet. */
#include <string.h>
#include <pier/pier.h>
#include "program.h"
#include "space.h"
#include "port.h"
#include "ipc.h"
#include "kport.h"
#include "ktimer.h"
#include "cpio.h"
#include "elf.h"
#include "uaccess.h"
#include "physmap.h"

extern char bootimg_start[], bootimg_end[];

int bootimg_file(const char *name, size_t namelen, const void **data,
		 size_t *size)
{
	if (cpio_find(bootimg_start, bootimg_end - bootimg_start, name,
		      namelen, data, size))
		return PIER_E_NOENT;
	return PIER_OK;
}

/* Map each segment with its own permissions and copy its file bytes; the rest stays zero. */
static int program_load(struct space *s, const uint8_t *img,
			const struct elf_image *e)
{
	for (int i = 0; i < e->nsegs; i++) {
		const struct elf_segment *g = &e->seg[i];
		uint64_t start = g->vaddr & ~(PAGE_SIZE - 1);
		uint64_t end = (g->vaddr + g->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		unsigned perm = (g->flags & ELF_PF_R ? VM_R : 0) |
				(g->flags & ELF_PF_W ? VM_W : 0) |
				(g->flags & ELF_PF_X ? VM_X : 0);
		uint64_t pa;
		unsigned have;
		int rc;

		if (!g->memsz)
			continue;
		/* Two segments in one page would need the union of their
		 * permissions, perhaps W and X: refuse, as W^X demands. */
		if (!vm_query(&s->vm, start, &pa, &have) ||
		    !vm_query(&s->vm, end - PAGE_SIZE, &pa, &have))
			return PIER_E_BADELF;
		rc = vm_map_anon(&s->vm, start, (end - start) / PAGE_SIZE, perm);
		if (rc)
			return rc;
		/* The kernel writes through the direct map, whatever the user may. */
		for (uint64_t off = 0; off < g->filesz;) {
			uint64_t va = g->vaddr + off;
			uint64_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));

			if (n > g->filesz - off)
				n = g->filesz - off;
			vm_query(&s->vm, va, &pa, &have);
			memcpy(pa_to_kva(pa), img + g->offset + off, n);
			off += n;
		}
	}
	return PIER_OK;
}

/*
 * The child's quota comes out of the parent's (vm.given, returned by
 * space_destroy): a space with a limit cannot make one without, nor give
 * more than it has left. Its maximum priority is at most the parent's.
 */
static int spawn_allowed(const struct space *parent, unsigned prio,
			 unsigned max_prio, uint64_t quota)
{
	if (prio > max_prio || max_prio > PIER_PRIO_MAX)
		return PIER_E_ARG;
	if (!parent)
		return PIER_OK;         /* init, from the kernel */
	if (max_prio > parent->max_prio)
		return PIER_E_RIGHTS;
	if ((parent->vm.quota && !quota) || (quota && !vm_charge_ok(&parent->vm, quota)))
		return PIER_E_QUOTA;
	return PIER_OK;
}

int program_spawn(const char *cmdline, size_t len, unsigned prio,
		  unsigned max_prio, uint32_t task_rights, struct port *grant,
		  uint32_t grant_rights, struct space *parent, uint64_t quota,
		  unsigned stack_pages, struct space **out)
{
	size_t namelen = 0, size;
	const void *img;
	struct elf_image e;
	struct space *s;
	struct port *start;
	uint32_t h;
	int rc;

	while (namelen < len && cmdline[namelen] != ' ')
		namelen++;
	if (len > PIER_PACKET_MAX || !namelen)
		return PIER_E_ARG;
	if (bootimg_file(cmdline, namelen, &img, &size))
		return PIER_E_NOENT;
	if (elf_parse(img, size, USER_DEVICE_BASE, &e))
		return PIER_E_BADELF;
	if (!stack_pages)       /* the program's own wish, or the default */
		stack_pages = e.stack_size ? (e.stack_size + PAGE_SIZE - 1) / PAGE_SIZE
					   : PIER_MAIN_STACK_KIB_DEFAULT / 4;
	if ((rc = spawn_allowed(parent, prio, max_prio, quota)))
		return rc;
	s = space_create(cmdline, namelen);
	if (!s)
		return PIER_E_NOMEM;
	s->max_prio = max_prio;
	s->vm.quota = quota;
	if (parent && quota) {
		parent->vm.given += quota;
		s->quota_from = parent->id;
	}
	rc = vm_charge_ok(&s->vm, 0) ? PIER_OK : PIER_E_QUOTA;  /* its own struct and table */
	if (parent)
		space_set_supervisor(s, parent->supervise ? parent->supervise
							  : parent->supervisor);
	if (!rc)
		rc = program_load(s, img, &e);
	if (!rc)
		start = port_create(s, e.entry, 0, prio, PIER_DEPTH_DEFAULT,
				    stack_pages, &rc);
	if (!rc)
		rc = space_handle_add(s, &task_port, task_rights, PIER_H_TASK, &h);
	if (!rc)
		rc = space_handle_add(s, &debug_port, PIER_R_SEND | (task_rights & PIER_R_SUPER),
				      PIER_H_DEBUG, &h);
	if (!rc)
		rc = space_handle_add(s, &timer_port, PIER_R_SEND, PIER_H_TIMER, &h);
	if (!rc)
		rc = space_handle_add(s, &space_port, PIER_R_SEND, PIER_H_SPACE, &h);
	if (!rc)
		rc = space_handle_add(s, start, PIER_R_SEND | PIER_R_OWN | PIER_R_GRANT,
				      PIER_H_START, &h);
	if (!rc && grant)
		rc = space_handle_add(s, grant, grant_rights, PIER_H_PARENT, &h);
	if (!rc)
		rc = ipc_deliver(NULL, start, PIER_MSG_START, cmdline, len,
				 PIER_PKT_START, NULL, 0);
	if (rc) {
		space_destroy(s, 0, 0);     /* it never ran: nothing to tell */
		return rc;
	}
	*out = s;
	return PIER_OK;
}
