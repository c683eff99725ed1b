/* Starting a program: find its ELF in the boot image, record it in a new space, queue its start packet. */
#include <string.h>
#include <pier/pier.h>
#include "program.h"
#include "space.h"
#include "port.h"
#include "ipc.h"
#include "kport.h"
#include "ktimer.h"
#include "elf.h"
#include "physmap.h"

/*
 * Nothing is mapped at the start: the space keeps the file and its
 * segments, and each page is loaded when first touched (image.c), so a
 * spawn costs the same whatever the program's size. elf_parse checked
 * the segments whole (inside the file, below PIER_HEAP_BASE, W^X, no two
 * in a page), so no touch can fail on the file.
 */
static void program_record(struct space *s, const uint8_t *img, const struct elf_image *e)
{
	s->image.file = img;
	s->image.nsegs = e->nsegs;
	memcpy(s->image.seg, e->seg, sizeof(e->seg));
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
	/* Below the heap: "anywhere" maps (space_port.c) look from there up,
	 * so they never land on a segment's pages not loaded yet. */
	if (elf_parse(img, size, PIER_HEAP_BASE, &e))
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
	program_record(s, img, &e);
	s->vm.reserved = image_reserve(&s->image);
	/* Its own struct and table, and its image's pages kept for it. */
	rc = vm_charge_ok(&s->vm, 0) ? PIER_OK : PIER_E_QUOTA;
	if (parent)
		space_set_supervisor(s, parent->supervise ? parent->supervise
							  : parent->supervisor);
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
