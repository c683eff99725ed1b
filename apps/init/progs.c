/* init's records of the programs it starts (and starts again), and of the services they serve. */

/*
 * Each program gets a name port of its own (names.c) at PIER_H_PARENT, a
 * copy with send and grant only. A service is a detached port init
 * creates and owns for the program that serves it: the port outlives
 * every server, so when init starts the program again (restart policy,
 * below) clients keep their handles; the kernel answers the calls the old
 * server had taken with PIER_E_RESTARTED and keeps those still queued.
 */
#include <stdio.h>
#include <string.h>
#include "init.h"

struct prog progs[PROGS_MAX];
int nprogs;
struct service services[PROGS_MAX];
int nservices;

struct prog *prog_new(void)
{
	struct prog *p;

	if (nprogs == PROGS_MAX)
		return NULL;
	p = &progs[nprogs++];
	memset(p, 0, sizeof(*p));
	p->node = -1;
	p->service = -1;
	p->prio = PIER_PRIO_DEFAULT;
	strcpy(p->lookup, "console");
	return p;
}

struct prog *prog_of_space(uint64_t space)
{
	for (int i = 0; i < nprogs && space; i++)
		if (progs[i].space == space)
			return &progs[i];
	return NULL;
}

int service_new(const char *name, int prog)
{
	struct service *s;
	int rc;

	if (nservices == PROGS_MAX || strlen(name) == 0 || strlen(name) > PIER_NAME_MAX ||
	    service_find(name, (uint32_t)strlen(name)) >= 0)
		return -1;
	s = &services[nservices];
	memset(s, 0, sizeof(*s));
	if ((rc = pier_port_create_detached(PIER_DEPTH_MAX, &s->port)) != PIER_OK) {
		printf("init: cannot create service %s: %s\n", name, pier_strerror(rc));
		return -1;
	}
	strcpy(s->name, name);
	s->prog = prog;
	s->state = PIER_SERVICE_WAITING;
	return nservices++;
}

int service_find(const char *name, uint32_t len)
{
	for (int i = 0; i < nservices; i++)
		if (strlen(services[i].name) == len && memcmp(services[i].name, name, len) == 0)
			return i;
	return -1;
}

int prog_start(struct prog *p)
{
	struct pier_time now;
	uint32_t grant;
	int rc = PIER_OK;

	if (p->off)
		return PIER_E_NOENT;
	p->pending = false;
	if (!p->names)
		rc = names_create(p);
	/* The program's copy: send, and grant to pass it on; never own. */
	if (rc == PIER_OK)
		rc = pier_handle_derive(p->names, PIER_R_SEND | PIER_R_GRANT, &grant);
	if (rc == PIER_OK) {
		rc = pier_spawn_stack(p->cmd, p->prio, p->max_prio, p->flags, grant, p->quota,
				      p->stack_kib, &p->space);
		pier_handle_drop(grant);
	}
	if (rc != PIER_OK) {
		p->space = 0;
		printf("init: cannot start %s: %s\n", p->cmd, pier_strerror(rc));
		return rc;
	}
	if (pier_time_now(&now) == PIER_OK)
		p->started_at = now.ticks;
	printf("init: started %s as space %lu\n", p->cmd, (unsigned long)p->space);
	return PIER_OK;
}
