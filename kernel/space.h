/* Spaces: an Sv39 address space with its port table. */
#ifndef SPACE_H
#define SPACE_H

#include <stdint.h>
#include <stdbool.h>
#include <pier/packet.h>
#include "vm.h"
#include "image.h"

struct port;
struct dma_buf;

/*
 * One entry of a port table: the port and the rights this space holds to
 * it. The entry holds a reference to the port. A struct handle * is valid
 * only until the table next changes: adding a handle may move the whole
 * table (space_handles_grow), and any request may drop entries; code
 * that serves a request keeps the port (with a reference) or the handle
 * number, never the entry, across anything that may change the table.
 */
struct handle {
	struct port *port;
	uint32_t rights;            /* PIER_R_* */
};

#define SPACE_NAME_MAX 16
#define SPACE_HANDLES_MAX 16384  /* a port table grows up to this many entries */
/* User space layout: programs below USER_DEVICE_BASE, device registers
 * mapped from there up, handler stacks from USER_STACK_TOP down. */
#define USER_DEVICE_BASE 0x1000000000ul
#define USER_DEVICE_END 0x1100000000ul
#define USER_STACK_TOP 0x3f00000000ul
#define USER_STACK_LOW 0x2000000000ul

/*
 * Lifetime: a space lives until PIER_TASK_EXIT, a kill, or a fault with
 * nobody to tell; space_destroy frees it at once. Nothing holds a counted
 * pointer to a space: ports reach theirs through port->space, valid only
 * while the port is alive (see struct port); anything that must find a
 * space later keeps its id (never reused) and looks it up.
 */
struct space {
	uint64_t id;                /* badge of its packets; never reused */
	char name[SPACE_NAME_MAX];
	struct vm vm;               /* page tables and the pages mapped in them */
	struct image image;         /* its program's segments, loaded on first touch (image.h);
				     * set by program_spawn before it runs, then never changed */
	struct handle *handles;     /* index = handle number; 0 is never used */
	uint32_t nhandles;          /* entries allocated */
	uint32_t handle_hint;       /* no free entry below it (past the well-known ones) */
	struct port *ports;         /* ports running here (owned, or attached), by stack address, highest first */
	struct port *lent;          /* detachable ports it owns, attached anywhere or nowhere */
	struct port *ports_last;    /* the last of them: the lowest stack */
	bool stack_gaps;            /* a port above the lowest was destroyed: a gap may be free */
	bool ending;                /* space_destroy has begun: its stacks' pages go with all its
				     * memory (vm_reap), not one port at a time */
	uint64_t dev_next;          /* device registers are mapped upwards from here */
	uint64_t heap_next;         /* PIER_SPACE_MAP "anywhere" looks from here up */
	struct port *supervisor;    /* gets PIER_MSG_FAULT and PIER_MSG_ENDED packets (a counted reference) */
	struct watch *watches;      /* its watches (watch.h), at most PIER_WATCH_MAX */
	uint32_t nwatches;
	bool faulted;               /* its supervisor was told of a fault: a kill now ends it "after a fault" */
	/*
	 * Dead, its PIER_MSG_ENDED refused by a full queue: the packet waits
	 * here, and the space object with it (even once its memory is back,
	 * reaped), until the next activation of ended_to takes a packet off
	 * that queue (space_ended_flush), or ended_to dies (space_ended_drop).
	 * ended_to holds the reference the supervisor pointer had.
	 */
	struct port *ended_to;
	struct space *ended_next;   /* ...in ended_to's list of them, oldest first */
	struct pier_ended ended;
	bool reaped;
	struct port *supervise;     /* supervisor for the spaces this one spawns, or NULL (counted) */
	uint64_t quota_from;        /* id of the space whose quota this one's came from, or 0 */
	uint8_t max_prio;           /* no port of this space, nor of a child, may run above it */
	bool debug_midline;         /* its debug-port text has an unfinished line */
	struct space *next;         /* all spaces */
	struct dma_buf *dma;        /* DMA buffers mapped here (dma.c) */
};

/* The space whose account vm is: every struct vm the kernel copies to is a space's. */
static inline struct space *space_of_vm(struct vm *vm)
{
	return (struct space *)((char *)vm - __builtin_offsetof(struct space, vm));
}

struct space *space_create(const char *name, int namelen);
/* The port that supervises s (and its children): a reference is taken. */
void space_set_supervisor(struct space *s, struct port *p);
/* Destroy s: its ports and handles at once, its memory later (space_reap);
 * its supervisor hears PIER_MSG_ENDED {how, code} (how 0: a space that never ran, none). */
void space_destroy(struct space *s, uint32_t how, int32_t code);
/* Tell sup (a reference, passed on) that s ended; later if its queue is full. */
void space_ended_tell(struct space *s, struct port *sup, uint32_t how, int32_t code);
/* Free a dead space's object: its memory is back, its ENDED out. */
void space_free(struct space *s);
/* Port p's activation took a packet off its queue: one waiting ENDED goes there. */
void space_ended_flush(struct port *p);
/* Packets left p's queue other than by a dispatch: as many waiting ENDEDs as fit go in. */
void space_ended_fill(struct port *p);
/* Port p is dying: the ENDED packets waiting for it are dropped. */
void space_ended_drop(struct port *p);
/*
 * One step of freeing dead spaces' memory, at most SPACE_REAP_WORK units
 * of vm_reap (about 40,000 instructions): true if more is left. The
 * dispatcher makes a step before each pick and whenever it would idle.
 */
#define SPACE_REAP_WORK 4096
bool space_reap(void);
bool space_reap_pending(void);
/* Pages dead spaces still hold (shared ones included, which may stay). */
size_t space_reclaiming(void);
/* The live space with this id, or NULL. */
struct space *space_find(uint64_t id);

/* Put (port, rights) in the table at the lowest free handle >= 1, or at want if nonzero. */
int space_handle_add(struct space *s, struct port *p, uint32_t rights,
		     uint32_t want, uint32_t *handle);
/* Look a handle up: PIER_E_HANDLE, PIER_E_RIGHTS or PIER_E_GONE, else 0. */
int space_handle_get(struct space *s, uint32_t h, uint32_t need,
		     struct handle **out);
void space_handle_drop(struct space *s, uint32_t h);

extern struct space *space_list;

#endif
