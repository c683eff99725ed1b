/* The space port: the memory manager. Every change to a space's mappings goes through it. */
#ifndef PIER_SPACE_H
#define PIER_SPACE_H

#include <stdint.h>

#define PIER_H_SPACE 6u   /* every space starts with a send handle to it */

enum pier_space_msg {
	PIER_SPACE_MAP = 1,      /* req pier_map; reply pier_mapped */
	PIER_SPACE_UNMAP = 2,    /* req pier_range */
	PIER_SPACE_PROTECT = 3,  /* req pier_map (addr must be given) */
	PIER_SPACE_QUERY = 4,    /* req pier_range (pages ignored); reply pier_query */
	PIER_SPACE_SHARE = 5,    /* req pier_share; reply pier_mapped (the address in the other space) */
	PIER_SPACE_FIND = 6,     /* req pier_range (addr 0); reply pier_mapped: where MAP anywhere would go */
};

/*
 * The most pages one MAP, UNMAP, PROTECT or SHARE request may name
 * (PIER_E_ARG beyond): 1 MiB. The kernel serves a request with
 * interrupts off, and mapping 256 pages is about 240,000 instructions,
 * most of it zeroing them. The library's pier_map, pier_unmap and
 * pier_protect make larger ranges in pieces of this size.
 */
#define PIER_SPACE_PAGES_MAX 256u

/* Permissions of a mapping. Never W and X together. */
#define PIER_PROT_R 0x1u
#define PIER_PROT_W 0x2u
#define PIER_PROT_X 0x4u

struct pier_map {
	uint64_t addr;     /* page-aligned; 0 = anywhere (MAP only) */
	uint32_t pages;
	uint32_t prot;     /* PIER_PROT_*; R is implied by W or X */
};

struct pier_mapped {
	uint64_t addr;
};

struct pier_range {
	uint64_t addr;     /* page-aligned */
	uint32_t pages;
	uint32_t _pad;
};

/*
 * Map pages of the caller's space into the space that owns port `to` as
 * well (a handle with PIER_R_SEND): the same physical pages, no copy.
 */
struct pier_share {
	uint64_t addr;     /* the caller's pages, page-aligned, in its program area */
	uint32_t pages;
	uint32_t prot;     /* PIER_PROT_R, or R|W if the caller's mapping is writable */
	uint64_t at;       /* page-aligned, in the other space's program area; 0 = anywhere */
	uint32_t to;       /* handle of a port of the other space */
	uint32_t _pad;     /* 0 */
};

struct pier_query {
	uint32_t mapped;   /* 1 if the page at addr is mapped */
	uint32_t prot;     /* its permissions */
	uint64_t pages;    /* pages charged to the space: mapped, tables, kernel objects, children's quotas, its image's reservation */
	uint64_t quota;    /* pages it may use (0 = no limit) */
};

/* Where MAP puts memory when asked for "anywhere", and where it may go at all. */
#define PIER_HEAP_BASE 0x0800000000ull
#define PIER_HEAP_END  0x1000000000ull

/* Data of a PIER_MSG_FAULT packet, sent to a space's supervisor. */
struct pier_fault {
	uint64_t space;    /* the faulting space */
	uint64_t cause;    /* scause */
	uint64_t addr;     /* stval: the address (or instruction) at fault */
	uint64_t pc;
};

#endif
