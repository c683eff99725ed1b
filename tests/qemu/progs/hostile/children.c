/* The children the tests spawn: each does one hostile thing and reports to the mailbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hostile.h"

static int serve_until_quit(uint32_t flags);

static int report(void)
{
	int n = fails;

	pier_send(PIER_H_PARENT, M_REPORT, &n, sizeof(n));
	return 0;
}

static int on_quit(const struct pier_packet *pkt)
{
	if (pkt->type == M_QUIT)
		pier_exit(0);
	return PIER_OK;
}

/* A port of its own granted to whoever its parent port is: it lives on. */
static int serve_until_quit(uint32_t flags)
{
	uint32_t p;
	int rc = pier_port_create(on_quit, 12, 0, flags, &p);   /* above the parent: M_QUIT acts at once */

	if (rc == PIER_OK)
		rc = pier_send_grant(PIER_H_PARENT, M_PORT, NULL, 0, p);
	return rc;
}

static int exiter(int self)
{
	struct pier_exit_req r = { .code = 0 };
	uint32_t to = PIER_H_PARENT;

	if (self && pier_port_create(on_quit, 4, 0, 0, &to))
		return 1;
	pier_request(PIER_H_TASK, PIER_TASK_EXIT, &r, sizeof(r), to);
	return 1;       /* not reached */
}

/* Spawned with maximum priority 12: nothing above it, for it or its children. */
static int prio(void)
{
	uint32_t h;
	uint64_t id;

	check("a port above its maximum", pier_port_create(on_quit, 13, 0, 0, &h), PIER_E_RIGHTS);
	check("a port at 31", pier_port_create(on_quit, 31, 0, 0, &h), PIER_E_RIGHTS);
	check("a child allowed more than itself",
	      pier_spawn_max("hostile idle", 12, 13, 0, 0, 10, &id), PIER_E_RIGHTS);
	check("a port at its maximum", pier_port_create(on_quit, 12, 0, 0, &h), PIER_OK);
	pier_port_destroy(h);
	return report();
}

/* Spawned with a quota: its children's come out of it. */
static int quota(void)
{
	uint64_t id;

	check("a limited space spawns an unlimited child",
	      pier_spawn_max("hostile idle", 12, 12, 0, 0, 0, &id), PIER_E_QUOTA);
	check("a child given more than it has",
	      pier_spawn_max("hostile idle", 12, 12, 0, 0, 1000, &id), PIER_E_QUOTA);
	check("a child given part of it", pier_spawn_max("hostile idle", 12, 12, 0, 0, 60, &id),
	      PIER_OK);
	report();
	return serve_until_quit(0);
}

/* Supervises the sleeper it spawns, tells the parent its id, then exits:
 * its supervisor port dies while the sleeper still refers to it. */
static int sup(void)
{
	uint32_t p;
	uint64_t id;

	if (pier_port_create(on_quit, 4, 0, 0, &p) || pier_supervise(p) ||
	    pier_spawn_max("hostile sleeper", 12, 12, 0, PIER_H_PARENT, 60, &id))
		return 1;
	pier_send(PIER_H_PARENT, M_ID, &id, sizeof(id));
	pier_exit(0);
}

/* In what may be the memory of the dead supervisor's space: try to kill
 * the space it supervised. */
static int killer(const char *arg)
{
	int rc = pier_kill(strtoull(arg, NULL, 10));

	pier_send(PIER_H_PARENT, M_STATUS, &rc, sizeof(rc));
	return 0;
}

/* The server of the consent tests: one port takes grants, one shares,
 * one neither; each granted to the parent. It never takes a handle a
 * packet brings unless asked to (M_KEEP). */
static int on_server(const struct pier_packet *pkt)
{
	if (pkt->type == M_QUIT)
		pier_exit(0);
	if (pkt->type == M_KEEP)
		return pier_handle_take(pkt) ? PIER_OK : PIER_E_HANDLE;
	return PIER_OK;
}

static int server(void)
{
	static const uint32_t flags[3] = { 0, PIER_PORT_GRANTS, PIER_PORT_SHARES };
	uint32_t p;

	for (int i = 0; i < 3; i++)
		if (pier_port_create(on_server, 12, 0, flags[i], &p) ||
		    pier_send_grant(PIER_H_PARENT, M_PORT, &i, sizeof(i), p))
			return 1;
	return 0;
}

int child_main(const char *role, const char *arg)
{
	if (!strcmp(role, "idle"))
		return 0;
	if (!strcmp(role, "exiter") || !strcmp(role, "selfexit"))
		return exiter(role[0] == 's');
	if (!strcmp(role, "prio"))
		return prio();
	if (!strcmp(role, "quota"))
		return quota();
	if (!strcmp(role, "sup"))
		return sup();
	if (!strcmp(role, "sleeper"))
		return serve_until_quit(0);
	if (!strcmp(role, "killer"))
		return killer(arg);
	if (!strcmp(role, "server"))
		return server();
	printf("hostile: FAIL no role %s\n", role);
	return 1;
}
