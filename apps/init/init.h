/* init's parts: programs (progs.c), the manifest (manifest.c), devices (devices.c), the main port (main.c). */
#ifndef INIT_H
#define INIT_H

#include <stdbool.h>
#include <libpier.h>
#include <pier/names.h>
#include "drivers_table.h"

/* The drivers' band of priorities: init's fault port alone is above it. */
#define PRIO_DRIVER_MAX 30u
#define PROGS_MAX 32
#define CMD_MAX (PIER_PACKET_MAX - sizeof(struct pier_spawn_req))
#define LOOKUP_MAX 96            /* a lookup= list, commas included */


/*
 * A program init started, and may start again. Lives for init's life
 * (records are never freed: at most PROGS_MAX, one per manifest line or
 * device). space is 0 while it is not running.
 */
struct prog {
	char cmd[CMD_MAX + 1];    /* command line, as started each time */
	uint32_t prio, max_prio, flags;
	uint64_t quota;
	uint32_t stack_kib;       /* manifest stack=: its main stack in KiB, 0 = the kernel's default */
	uint64_t space;           /* its space now, 0 when not running */
	uint32_t dev;             /* the device handle init made for it, or 0 */
	int node;                 /* its device's node, or -1 */
	char dev_compat[64];      /* manifest dev=: the compatible string it asked for, or "" */
	bool dma;                 /* its handle carries PIER_R_DMA */
	char serve[PIER_NAME_MAX + 1]; /* manifest serve=: its service's name, or "" */
	int service;              /* the service it serves (index), or -1 */
	uint32_t names;           /* its name port (init owns it), or 0 */
	char lookup[LOOKUP_MAX];  /* names it may look up, comma-separated; "*": any */
	uint32_t restart;         /* enum restart_kind */
	uint32_t restart_max;     /* RESTART_UPTO: N */
	uint32_t backoff_ms;      /* a restart waits until this long after the last start */
	uint64_t started_at;      /* ticks at the last start */
	uint32_t restarts;        /* how often it was started again */
	bool pending;             /* a restart waits for its backoff timer */
	bool off;                 /* never started: its device or program is missing */
};

struct service {
	char name[PIER_NAME_MAX + 1];
	uint32_t port;            /* the detached port init owns */
	int prog;                 /* its server's record */
	uint32_t state;           /* PIER_SERVICE_* */
	bool ever_ready;          /* its server said READY at least once */
};

extern struct prog progs[PROGS_MAX];
extern int nprogs;
extern struct service services[PROGS_MAX];
extern int nservices;
extern uint32_t init_port;

/* progs.c: records, starting, and what happens when a program ends */
struct prog *prog_new(void);
int prog_start(struct prog *p);
struct prog *prog_of_space(uint64_t space);
void prog_ended(struct prog *p, const char *how);
void prog_backoff_done(uint64_t cookie);
int service_new(const char *name, int prog);
int service_find(const char *name, uint32_t len);

/* names.c: the name port of a program */
int names_create(struct prog *p);

/* main.c: a service's server said PIER_NAMES_READY */
void service_ready(int service);

/* manifest.c: every line of the manifest (or run=) becomes a record, not yet started. */
void manifest_read(const char *file);
void manifest_run_list(char *list);

/* devices.c */
int devices_load(void);               /* the device tree: 0, or a PIER_E_ / FDT_E_ code */
void devices_claim(struct prog *p);   /* a manifest dev= line: the first unbound node */
void devices_bind(void);              /* a record per node the driver table names */
/* The nobind= boot argument: table drivers left unstarted, their nodes
 * unbound (for tests that drive those devices themselves), or NULL. */
extern const char *devices_nobind;
struct prog *devices_console(void);   /* the console driver's record, or NULL */
bool bootfile_exists(const char *name);

#endif
