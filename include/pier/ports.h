/* Kernel ports: the handles every space starts with, and their message types. */
#ifndef PIER_PORTS_H
#define PIER_PORTS_H

#include <stdint.h>

/*
 * Handles every new space finds in its port table. Handle 0 is never valid.
 */
#define PIER_H_NONE   0u   /* no handle */
#define PIER_H_TASK   1u   /* the kernel's task port */
#define PIER_H_DEBUG  2u   /* the kernel's debug port */
#define PIER_H_START  3u   /* the program's own start port (owned) */
#define PIER_H_PARENT 4u   /* the handle the parent granted at spawn, if it granted one */
/* 5 is PIER_H_TIMER (pier/timer.h), 6 PIER_H_SPACE (pier/space.h). */

/* Rights a handle may carry. */
#define PIER_R_SEND  0x1u  /* may send and call */
#define PIER_R_OWN   0x2u  /* may destroy the port, and receives on it */
#define PIER_R_GRANT 0x4u  /* may pass the handle on to another space */
#define PIER_R_SUPER 0x8u  /* task port: devices, kill, shutdown; debug port: raw text, fast path switch */
#define PIER_R_SERVE 0x10u /* a detached port: may attach a handler to it (PIER_TASK_PORT_ATTACH) */
#define PIER_R_DMA   0x20u /* a device handle: may allocate DMA memory for it (pier/device.h) */

/* Port priorities: higher runs first. */
#define PIER_PRIO_MIN 0u
#define PIER_PRIO_MAX 31u
#define PIER_PRIO_DEFAULT 8u

/* Queue depth of a port, in packets. */
#define PIER_DEPTH_MAX 64u
#define PIER_DEPTH_DEFAULT 8u

/*
 * Handler stack of a port, in 4 KiB pages. Below every stack the kernel
 * leaves PIER_STACK_GUARD_PAGES unmapped (256 KiB): GCC 12 has no
 * stack-clash protection on RISC-V, so a frame may move sp down by its
 * whole size before touching it, and only a gap larger than any one frame
 * makes the first touch fault instead of landing in the next stack down
 * (docs/design.md, "Stacks": why 256 KiB and not more).
 * A fault there is reported as a stack overflow of the port it belongs to.
 * The stack's range is reserved when the port is made, and only its top
 * page mapped then; each page below is mapped, zeroed, on its first touch
 * (by the port's code or by a kernel copy into it) and charged to the
 * space's quota from then until the port goes (docs/design.md, "Stacks").
 */
#define PIER_STACK_PAGES_MAX 2048u          /* 8 MiB */
#define PIER_STACK_PAGES_DEFAULT 4u         /* 16 KiB: a handler port's */
#define PIER_STACK_GUARD_PAGES 64u          /* 256 KiB unmapped below each stack */
/*
 * A program's main (start) port: the size its spawn asks for; if none,
 * the size the program itself asks for in a Pier note; if none,
 * PIER_MAIN_STACK_KIB_DEFAULT. The note is an ELF note in a PT_NOTE
 * segment, name "Pier", type PIER_NOTE_STACK, an 8-byte little-endian
 * size in bytes (0: no wish), rounded up to pages, at most
 * PIER_STACK_PAGES_MAX pages (more: the program is refused as
 * PIER_E_BADELF). lib/user.ld writes it from the link's
 * __pier_stack_size, so `-Wl,--defsym=__pier_stack_size=N` sets it.
 */
#define PIER_MAIN_STACK_KIB_DEFAULT 64u
#define PIER_NOTE_NAME "Pier"
#define PIER_NOTE_STACK 1u

/* ---- task port (PIER_H_TASK) ---- */

enum pier_task_msg {
	PIER_TASK_PORT_CREATE = 1,  /* req pier_port_create, reply pier_port_created */
	PIER_TASK_PORT_DESTROY = 2, /* req pier_handle_req; own right needed */
	PIER_TASK_SPAWN = 3,        /* req pier_spawn_req; reply pier_spawned */
	PIER_TASK_EXIT = 4,         /* req pier_exit_req; never returns */
	PIER_TASK_SHUTDOWN = 5,     /* power the machine off; PIER_R_SUPER needed */
	PIER_TASK_IDLE_SUBSCRIBE = 6, /* req pier_idle_req: ask for (or stop) idle packets */
	PIER_TASK_BOOTFILE = 7,     /* req pier_bootfile_req; reply = up to PIER_PACKET_MAX bytes */
	PIER_TASK_DEVICE = 8,       /* req pier_device_req (pier/device.h); reply pier_port_created; PIER_R_SUPER needed */
	PIER_TASK_DTB = 9,          /* req pier_bootfile_req without a name: read the device tree blob */
	PIER_TASK_SPACES = 10,      /* req pier_list_req; reply pier_space_info (the index-th space) */
	PIER_TASK_PORTS = 11,       /* req pier_list_req; reply pier_port_info (a port of a space) */
	PIER_TASK_KILL = 12,        /* req pier_kill_req: destroy a space; PIER_R_SUPER needed */
	PIER_TASK_MEMINFO = 13,     /* reply pier_meminfo */
	PIER_TASK_SUPERVISE = 14,   /* req pier_handle_req: this owned port gets the fault packets of spaces spawned from now on */
	PIER_TASK_HANDLE_DROP = 15, /* req pier_handle_req: empty this entry of the space's port table */
	PIER_TASK_HANDLE_DERIVE = 16, /* req pier_derive_req; reply pier_port_created: a copy with fewer rights */
	PIER_TASK_PORT_ATTACH = 17, /* req pier_port_attach: serve a detached port from this space */
	PIER_TASK_PORT_DETACH = 18, /* req pier_handle_req: stop serving it (as if this space had ended) */
	PIER_TASK_WATCH = 19,       /* req pier_watch_req: PIER_MSG_NOTICE packets when a port dies or changes server */
	PIER_TASK_UNWATCH = 20,     /* req pier_watch_req (port ignored): end that watch */
	PIER_TASK_SELF = 21,        /* no req; reply pier_self: the caller's own space */
};

/*
 * Detached ports: how a service outlives its server. A port created with
 * PIER_PORT_DETACHED has an owner (the creating space, which pays for its
 * queue and alone may destroy it) but no handler: packets queue and wait.
 * A space holding a handle with PIER_R_SERVE attaches a handler from its
 * own space (PIER_TASK_PORT_ATTACH); from then on the port runs there, at
 * the priority and on the stack the attach names, charged to that space.
 * When that space ends (exit, kill, fault) or detaches, the port detaches:
 * the call it was handling and every call it held are answered
 * PIER_E_RESTARTED, packets still in its queue stay there for the next
 * server, and watchers hear PIER_NOTICE_DETACHED. Handles to it stay
 * valid throughout, so clients need not look it up again.
 */
struct pier_port_attach {
	uint32_t handle;   /* a detached port, with PIER_R_SERVE */
	uint32_t priority; /* at most this space's maximum */
	uint64_t entry;    /* handler entry point in the caller's space */
	uint64_t arg;      /* passed to the entry in a1 */
	uint32_t stack_pages; /* 1..PIER_STACK_PAGES_MAX (0 = default) */
	uint32_t flags;    /* PIER_PORT_IDLE, PIER_PORT_GRANTS, PIER_PORT_SHARES */
};

/*
 * Watches: PIER_MSG_NOTICE (struct pier_notice, pier/packet.h) at `port`
 * (a port the caller owns) when the port `handle` names is destroyed,
 * loses its server or gains one. A watch ends with PIER_NOTICE_GONE, or
 * PIER_TASK_UNWATCH. Each watch is charged to the watcher; at most
 * PIER_WATCH_MAX per space (PIER_E_LIMIT).
 */
struct pier_watch_req {
	uint32_t handle;   /* the port to watch (any right) */
	uint32_t port;     /* where notices go: owned by the caller */
	uint64_t cookie;   /* returned in each notice */
};
#define PIER_WATCH_MAX 64u

/* A new handle to the same port with rights & mask (at least one right left). */
struct pier_derive_req {
	uint32_t handle;
	uint32_t rights;   /* mask of PIER_R_* to keep */
};

struct pier_meminfo {
	uint64_t total_pages;  /* pages of RAM the kernel manages */
	uint64_t free_pages;
	uint64_t kernel_pages; /* used by the kernel's own objects */
	uint64_t reclaiming_pages; /* held by dead spaces, on their way back (at most) */
	uint64_t quarantined_pages; /* DMA buffers of ended drivers, kept until their device is reset */
};

/* Listing, one entry per call: PIER_E_NOENT past the last. */
struct pier_list_req {
	uint64_t space;    /* PIER_TASK_PORTS: which space */
	uint32_t index;
	uint32_t _pad;
};

struct pier_space_info {
	uint64_t id;
	char name[16];
	uint64_t pages;    /* user pages mapped */
	uint64_t table_pages; /* page-table pages */
	uint32_t ports;
	uint32_t max_prio; /* the highest priority it may use */
	uint64_t used;     /* pages charged to it: mapped, tables, kernel objects, children's quotas, its image's reservation */
	uint64_t quota;    /* the most it may use; 0 = no limit */
	uint64_t cpu_ns;   /* CPU time it has used (see struct pier_self) */
	uint64_t reserved; /* of used: pages kept for its image's pages not loaded yet */
};

/*
 * The caller's own space. CPU time is charged when the CPU switches
 * between spaces' page tables: everything from one switch to the next
 * (its ports' handlers, and the kernel serving them or taking interrupts
 * meanwhile) counts for the space that was on the CPU; idle time counts
 * for nobody. The figures include the time up to this request.
 */
struct pier_self {
	uint64_t space;    /* its id (what its packets carry as badge) */
	uint64_t cpu_ticks; /* CPU time used, in timer ticks */
	uint64_t cpu_ns;   /* the same in nanoseconds */
	uint32_t max_prio; /* the highest priority its ports may use */
	uint32_t _pad;
};

struct pier_port_info {
	uint32_t prio;
	uint32_t depth;
	uint32_t queued;
	uint32_t state;    /* 0 none, 1 running, 2 ready, 3 waiting in a call */
	uint64_t handled;  /* packets handled */
};

struct pier_kill_req {
	uint64_t space;
};

/* Bits of pier_port_create.flags. */
#define PIER_PORT_IDLE 0x1u   /* deliver idle packets to this port */
/* Consent: what others may put into this space through the port. */
#define PIER_PORT_GRANTS 0x2u /* packets sent to it may grant handles (else PIER_E_RIGHTS) */
#define PIER_PORT_SHARES 0x4u /* PIER_SPACE_SHARE may map pages into its space (else PIER_E_RIGHTS) */
#define PIER_PORT_DETACHED 0x8u /* no handler yet: entry, arg, stack_pages and priority are ignored;
				 * the handle has PIER_R_SERVE too (see PIER_TASK_PORT_ATTACH) */

struct pier_port_create {
	uint64_t entry;    /* handler entry point in the caller's space */
	uint64_t arg;      /* passed to the entry in a1 */
	uint32_t priority; /* PIER_PRIO_MIN..the space's maximum (else PIER_E_RIGHTS) */
	uint32_t depth;    /* queue depth, 1..PIER_DEPTH_MAX (0 = default) */
	uint32_t stack_pages; /* 1..PIER_STACK_PAGES_MAX (0 = default) */
	uint32_t flags;    /* PIER_PORT_* */
};

struct pier_port_created {
	uint32_t handle;   /* with send, own and grant rights */
	uint32_t _pad;
};

struct pier_handle_req {
	uint32_t handle;
	uint32_t _pad;
};

struct pier_idle_req {
	uint32_t handle;   /* a port the caller owns */
	uint32_t on;       /* 1: deliver idle packets, 0: stop */
};

/*
 * Spawn: start a program from the boot image in a new space. The frame may
 * grant a handle; the child finds it at PIER_H_PARENT. The cmdline is
 * "name arg1 arg2 ..." (not NUL-terminated; its length is what the packet
 * holds past the header); the child's start packet carries it.
 */
#define PIER_SPAWN_SUPER 0x1u  /* pass PIER_R_SUPER on (the caller must hold it) */

struct pier_spawn_req {
	uint32_t priority; /* of the child's start port, at most max_priority */
	uint32_t flags;    /* PIER_SPAWN_* */
	uint64_t quota;    /* pages the child may use, everything charged to it included;
			    * taken from the caller's own quota. 0 = no limit, which only
			    * a space without a limit may give (else PIER_E_QUOTA) */
	uint32_t max_priority; /* the highest priority the child may ever run at;
			    * at most the caller's own (else PIER_E_RIGHTS) */
	uint32_t stack_kib; /* the main port's stack, KiB, a multiple of 4 up to
			    * 4 * PIER_STACK_PAGES_MAX; 0 = PIER_MAIN_STACK_KIB_DEFAULT */
	char cmdline[];
};

struct pier_spawned {
	uint64_t space;    /* id of the new space (its packets carry it as badge) */
};

struct pier_exit_req {
	int32_t code;
	uint32_t _pad;
};

/*
 * Read a file of the boot image: the reply holds the bytes from offset on,
 * at most the caller's reply buffer (and PIER_PACKET_MAX); a short reply
 * means the end of the file. PIER_E_NOENT if there is no such file.
 */
struct pier_bootfile_req {
	uint32_t offset;
	uint32_t _pad;
	char name[];       /* the rest of the packet, not NUL-terminated */
};

/* ---- debug port (PIER_H_DEBUG) ---- */

enum pier_debug_msg {
	PIER_DEBUG_WRITE = 1,  /* packet = bytes to print on the kernel console */
	PIER_DEBUG_NOP = 2,    /* does nothing: measures the cost of a kernel call */
	PIER_DEBUG_FASTPATH = 3, /* req pier_fastpath_req; reply pier_fastpath */
	PIER_DEBUG_IRQOFF = 4, /* reply pier_irqoff; interrupts-off kernels only, else PIER_E_TYPE */
};

/*
 * The longest the kernel has run with interrupts off since init first
 * ran: from an entry (a trap from user mode, or a wake from wfi in the
 * idle loop) to the next return to user mode or wfi. Only kernels built
 * with -DPIER_IRQOFF (make bench) measure it; docs/performance.md.
 */
struct pier_irqoff {
	uint64_t max;       /* instructions (instret) between the entry's stamp and the exit's */
	uint64_t cause;     /* scause of the entry that began it, or PIER_IRQOFF_IDLE */
	uint64_t start;     /* instret at that entry */
	uint64_t stretches; /* how many stretches were measured */
};
#define PIER_IRQOFF_IDLE UINT64_MAX	/* the stretch began with a wake from wfi */

/* Turn the IPC fast path on or off (it must change nothing but speed). */
struct pier_fastpath_req {
	uint32_t on;       /* 1 on, 0 off */
	uint32_t _pad;
};

/* The fast path's cases, as struct pier_fastpath counts them. */
enum pier_fast_case {
	PIER_FAST_CALL,    /* a call to an idle user port, started at once */
	PIER_FAST_KCALL,   /* a call to a kernel port, answered inline */
	PIER_FAST_SEND,    /* a send queued at a user port */
	PIER_FAST_REPLY,   /* a reply, without a grant */
	PIER_FAST_RETURN,  /* a return straight to the caller */
	PIER_FAST_END,     /* a return with no caller: the next activation starts */
	PIER_FAST_HOLD,    /* PIER_OP_HOLD: the call held, its token returned */
	PIER_FAST_HELD,    /* an answer to a held call (PIER_F_HELD: reply or return), no grant */
	PIER_FAST_CASES
};

struct pier_fastpath {
	uint64_t taken;    /* frames the fast path handled since boot */
	uint64_t cases[PIER_FAST_CASES];   /* the same, by case */
};

#endif
