/* fuzz: helper children, seen from the fuzzer: spawned under a small quota, hostile on purpose, killed. */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

#define CH_ALIVE_MAX 4

static const char *const modes[] = {
	"spin", "fault", "exit", "exitans", "destroyans", "growans", "pending", "caller",
	"frames", "idle",
};

/* A handle a packet brought, kept: under newer kernels it must be taken. */
static uint32_t take(const struct pier_packet *pkt)
{
#ifdef PIER_PORT_GRANTS
	return pier_handle_take(pkt);
#else
	return pkt->handle;
#endif
}

/* The service port: what children say to their parent, and their calls. */
int fz_svc_handler(const struct pier_packet *pkt)
{
	uint32_t h, n;

	if (pkt->type == MSG_PING)
		return PIER_E_ARG;
	if (pkt->badge == 0 || pkt->badge == fz.self)
		return fz_port_handler(pkt, fz.in.svc);
	switch (pkt->type) {
	case CH_HELLO:
		n = fz.nkid_port;
		if (pkt->handle && n < sizeof(fz.kid_port) / sizeof(fz.kid_port[0])) {
			fz.kid_port[n] = take(pkt);
			fz.nkid_port = n + 1;
		} else if (pkt->handle) {
			fz_check(pier_handle_drop(take(pkt)), NULL, 0, "drop");
		}
		return PIER_OK;
	case CH_HOARD:
		if (pkt->handle && !fz.hoard_port)
			fz.hoard_port = take(pkt);
		return PIER_OK;
	case CH_FAIL:
	case CH_NOTE:
		h = pkt->size < 240 ? pkt->size : 240;
		if (pkt->type == CH_FAIL)
			fz_fail("child space %llu: %.*s", (unsigned long long)pkt->badge,
				(int)h, (const char *)pkt->data);
		else
			printf("fuzz:   child space %llu: %.*s\n", (unsigned long long)pkt->badge,
			       (int)h, (const char *)pkt->data);
		return PIER_OK;
	case PIER_HELLO:
		return PIER_E_TYPE;   /* not a console: the child prints nowhere */
	}
	return fz_port_handler(pkt, fz.in.svc);
}

/* One child: the supervisor port is ours again first (a fuzz step may have moved it). */
int fz_spawn_child(const char *mode, uint32_t prio, uint64_t quota, uint64_t *id)
{
	char cmd[96];
	int rc;

	fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
	snprintf(cmd, sizeof(cmd), "fuzz child avoid=%u seed=%llu mode=%s prio=%u",
		 (unsigned)fz.avoid, (unsigned long long)rnd(), mode, (unsigned)prio);
	rc = pier_spawn_quota(cmd, prio, 0, fz.in.svc, quota, id);
	fz_check(rc, NULL, 0, "spawn of a child");
	if (rc == PIER_OK)
		fz.stat_spawned++;
	return rc;
}

/* Our children (and theirs): the spaces started after us. */
static unsigned list(uint64_t *ids, unsigned max)
{
	struct pier_space_info si;
	unsigned n = 0;

	for (uint32_t i = 0; i < 256 && n < max; i++) {
		int rc = pier_space_info(i, &si);

		if (rc == PIER_E_NOENT)
			break;
		fz_check(rc, NULL, 0, "space listing");
		if (rc == PIER_OK && si.id > fz.self)
			ids[n++] = si.id;
	}
	return n;
}

void fz_children_kill(void)
{
	uint64_t ids[64];
	unsigned n = list(ids, 64);

	for (unsigned i = 0; i < n; i++)
		fz_check(pier_kill(ids[i]), NULL, 0, "kill of a child");
}

int fz_children_left(void)
{
	uint64_t ids[64];

	return (int)list(ids, 64);
}

/* The children that outlive being killed, by name, and what a kill says now. */
void fz_children_show(void)
{
	struct pier_space_info si;

	for (uint32_t i = 0; i < 256 && pier_space_info(i, &si) == PIER_OK; i++)
		if (si.id > fz.self)
			printf("fuzz:   space %llu (%.16s), %llu pages, %u ports: a kill says %d\n",
			       (unsigned long long)si.id, si.name, (unsigned long long)si.pages,
			       (unsigned)si.ports, pier_kill(si.id));
}

uint32_t fz_kid_port(void)
{
	uint32_t n = fz.nkid_port;

	return n ? fz.kid_port[below(n)] : 0;
}

/*
 * A child whose supervisor port goes while it runs: killing it may then
 * be refused, so it is one that exits by itself soon after.
 */
static void orphan(void)
{
	char cmd[96];
	uint32_t t;
	uint64_t id;
	int rc;

	if (fz_port_new(5000, 1 + below(fz.maxprio), 4, 0, &t) != PIER_OK)
		return;
	snprintf(cmd, sizeof(cmd), "fuzz child avoid=%u seed=%llu mode=linger prio=%u",
		 (unsigned)fz.avoid, (unsigned long long)rnd(), (unsigned)fz.maxprio);
	fz_check(pier_supervise(t), NULL, 0, "supervise");
	rc = pier_spawn_quota(cmd, fz.maxprio, 0, fz.in.svc, CHILD_QUOTA, &id);
	fz_check(rc, NULL, 0, "spawn of a child");
	fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
	fz_check(pier_port_destroy(t), NULL, 0, "destroy of a supervisor port");
	if (rc == PIER_OK) {
		fz.stat_spawned++;
		fz_check(pier_kill(id), NULL, 0, "kill of an orphan");
	}
}

/* Start a child in a random hostile mode, or kill one. */
void fz_children_step(void)
{
	uint64_t ids[64], id;
	unsigned n = list(ids, 64);
	const char *mode = modes[below(sizeof(modes) / sizeof(modes[0]))];
	uint32_t prio = below(fz.maxprio + 1);

	if (n && (n >= CH_ALIVE_MAX || chance(25))) {
		fz_check(pier_kill(ids[below(n)]), NULL, 0, "kill of a child");
		return;
	}
	if (chance(10)) {
		orphan();
		return;
	}
	if ((!strcmp(mode, "exitans") && (fz.avoid & AV_ANSWER_EXIT)) ||
	    (!strcmp(mode, "destroyans") && (fz.avoid & AV_ANSWER_DESTROY)) ||
	    (!strcmp(mode, "growans") && (fz.avoid & AV_ANSWER_GROW)))
		mode = "exit";
	if (!strcmp(mode, "spin"))
		prio = 0;               /* below every port the fuzzer waits on */
	if (!strcmp(mode, "pending") && prio == 0)
		prio = 1;
	fz_spawn_child(mode, prio, CHILD_QUOTA, &id);
}
