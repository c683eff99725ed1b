/* Programs: start one from the boot image in a new space. */
#ifndef PROGRAM_H
#define PROGRAM_H

#include <stdint.h>
#include <stddef.h>

struct space;
struct port;

/*
 * cmdline is "name args..." (not NUL-terminated). The new space gets the
 * task and debug ports, its start port, and grant (if any) at
 * PIER_H_PARENT; its start port is queued a PIER_MSG_START packet
 * carrying cmdline. task_rights are the rights it gets on the task port.
 * The child is supervised by the port the parent chose with
 * PIER_TASK_SUPERVISE, or else by the parent's own supervisor; quota
 * (pages, 0 = no limit) covers its image, stacks and page tables too,
 * and comes out of the parent's; max_prio bounds every priority in the
 * child (at most the parent's). PIER_E_QUOTA, PIER_E_RIGHTS, PIER_E_ARG
 * when the parent may not ask for these. stack_pages: the start port's
 * stack (1..PIER_STACK_PAGES_MAX), the program's main stack; 0 for the
 * size its Pier note asks (elf.h), or else PIER_MAIN_STACK_KIB_DEFAULT.
 */
int program_spawn(const char *cmdline, size_t len, unsigned prio,
		  unsigned max_prio, uint32_t task_rights, struct port *grant,
		  uint32_t grant_rights, struct space *parent, uint64_t quota,
		  unsigned stack_pages, struct space **out);

/* The boot image's index (kernel/bootimg.c), made once at boot before any lookup. */
void bootimg_init(void);
/* A file of the boot image: 0, or PIER_E_NOENT. */
int bootimg_file(const char *name, size_t namelen, const void **data,
		 size_t *size);

#endif
