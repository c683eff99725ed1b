/* init's name ports: one per program it starts, answering the names protocol (pier/names.h) with that program's rights. */

/*
 * A program may look up the names its manifest line allows (lookup=,
 * "console" by default), serve the one service init made for it, say it
 * is ready, list the services, and fetch its device. Replies that give a
 * handle grant a copy init derived with just the rights the request
 * needs, and drop at once: init keeps only the owner handles.
 */
#include <stdio.h>
#include <string.h>
#include "init.h"

void names_entry(void);
int names_port(const struct pier_packet *pkt, struct prog *p);

#define NAMES_PRIO 12u   /* above programs' default, below drivers */

int names_create(struct prog *p)
{
	struct pier_port_create req = {
		.entry = (uintptr_t)names_entry, .arg = (uintptr_t)p,
		.priority = NAMES_PRIO, .depth = 16, .stack_pages = 1, .flags = 0,
	};
	struct pier_port_created out;
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &req, sizeof(req),
				 &out, sizeof(out));

	if (rc == PIER_OK)
		p->names = out.handle;
	return rc;
}

/* Does p's lookup= list name name[0..len)? */
static bool may_look_up(const struct prog *p, const char *name, uint32_t len)
{
	const char *s = p->lookup;

	if (strcmp(s, "*") == 0)
		return true;
	while (*s) {
		size_t l = strcspn(s, ",:");	/* ':' too: run= lists split at ',' */

		if (l == len && memcmp(s, name, len) == 0)
			return true;
		s += l + (s[l] != '\0');
	}
	return false;
}

/* Reply granting a copy of h with only rights, then drop the copy. */
static int grant_derived(uint32_t h, uint32_t rights)
{
	uint32_t d;
	int rc = pier_handle_derive(h, rights, &d);

	if (rc != PIER_OK)
		return rc;
	rc = pier_reply_grant(0, 0, 0, d);
	pier_handle_drop(d);
	return rc;
}

static int list(const struct pier_packet *pkt)
{
	struct pier_names_list req;
	struct pier_service_info info;
	const struct service *s;

	if (pkt->size != sizeof(req))
		return PIER_E_PACKET_SIZE;
	memcpy(&req, pkt->data, sizeof(req));
	if (req.index >= (uint32_t)nservices)
		return PIER_E_NOENT;
	s = &services[req.index];
	memset(&info, 0, sizeof(info));
	strcpy(info.name, s->name);
	info.space = s->prog >= 0 ? progs[s->prog].space : 0;
	info.restarts = s->prog >= 0 ? progs[s->prog].restarts : 0;
	info.state = s->state;
	return pier_reply(0, &info, sizeof(info));
}

int names_port(const struct pier_packet *pkt, struct prog *p)
{
	struct pier_hello hello = { PIER_PROTO_NAMES, 0 };
	const char *name = (const char *)pkt->data;
	int i = -1;

	switch (pkt->type) {
	case PIER_NAMES_LOOKUP:
	case PIER_NAMES_SERVE:
	case PIER_NAMES_READY:
		if (pkt->size == 0 || pkt->size > PIER_NAME_MAX)
			return PIER_E_ARG;
		i = service_find(name, pkt->size);
		break;
	}
	switch (pkt->type) {
	case PIER_HELLO:
		return pier_reply(0, &hello, sizeof(hello));
	case PIER_NAMES_LOOKUP:
		if (!may_look_up(p, name, pkt->size))
			return PIER_E_RIGHTS;
		/* A console whose driver never came up is not handed out: the
		 * runtime then prints through the debug port instead of waiting
		 * for ever. Other services may be looked up before they serve. */
		if (i < 0 || (!services[i].ever_ready && strcmp(services[i].name, "console") == 0))
			return PIER_E_NOENT;
		/* GRANT, so a client may pass the service on (the shell to what it runs). */
		return grant_derived(services[i].port, PIER_R_SEND | PIER_R_GRANT);
	case PIER_NAMES_SERVE:
		if (i < 0 || services[i].prog != (int)(p - progs) || pkt->badge != p->space)
			return PIER_E_RIGHTS;
		/* A reply grants only what has PIER_R_GRANT, so the copy keeps it. */
		return grant_derived(services[i].port, PIER_R_SEND | PIER_R_SERVE | PIER_R_GRANT);
	case PIER_NAMES_READY:
		if (i < 0 || services[i].prog != (int)(p - progs) || pkt->badge != p->space)
			return PIER_E_RIGHTS;
		service_ready(i);
		return PIER_OK;
	case PIER_NAMES_LIST:
		return list(pkt);
	case PIER_NAMES_DEVICE:
		if (!p->dev || pkt->badge != p->space)
			return PIER_E_RIGHTS;
		return pier_reply_grant(0, 0, 0, p->dev);
	}
	return PIER_E_TYPE;
}
