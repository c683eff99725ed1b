/* notice, part 2: watches, their notices, their limits, and their end with either side. */
#include <stdio.h>
#include <string.h>
#include "notice.h"

/*
 * N (5) collects notices; M (5, a queue of 64) the many watches. D is a
 * detached port of ours, O an ordinary one. A child attaches to D and
 * exits (ATTACHED, DETACHED), we attach and detach ourselves, a child
 * that watches D exits (its watch goes with it), 40 watches of D hear
 * every change through the bounded steps, and destroying O and D ends
 * every watch of them with GONE.
 */
#define NMANY 40
#define S_QUIT 7

static uint32_t port_n, port_m, port_d, port_o;
static struct pier_notice seen[16];
static int nseen, many[4];

static int on_n(const struct pier_packet *pkt)
{
	check("a notice from the kernel", (long)pkt->badge, 0);
	check("a NOTICE", pkt->type, PIER_MSG_NOTICE);
	check("its size", pkt->size, sizeof(struct pier_notice));
	if (nseen < 16)
		memcpy(&seen[nseen], pkt->data, sizeof(seen[0]));
	nseen++;
	return PIER_OK;
}

static int on_m(const struct pier_packet *pkt)
{
	struct pier_notice n;

	memcpy(&n, pkt->data, sizeof(n));
	if (pkt->type == PIER_MSG_NOTICE && n.cookie >= 200 && n.cookie < 200 + NMANY &&
	    n.event <= PIER_NOTICE_ATTACHED)
		many[n.event]++;
	return PIER_OK;
}

/* What we attach to D: nothing comes while we serve it. */
static int on_d(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

/* The notices since the last look: exactly these (cookie, event) pairs. */
static void expect(const char *what, int n, const uint64_t *cookies, const uint32_t *events)
{
	check(what, nseen, n);
	for (int i = 0; i < n && i < nseen; i++) {
		check(what, (long)seen[i].cookie, (long)cookies[i]);
		check(what, seen[i].event, events[i]);
	}
	nseen = 0;
}

static void hostile(void)
{
	struct pier_watch_req req = { .handle = port_o, .port = port_n, .cookie = 5 };
	uint32_t send_n;
	int i, rc = PIER_OK;

	check("derive", pier_handle_derive(port_n, PIER_R_SEND, &send_n), PIER_OK);
	check("notices to a port not ours", pier_watch(port_o, send_n, 5), PIER_E_RIGHTS);
	check("watch a kernel port", pier_watch(PIER_H_TASK, port_n, 5), PIER_E_ARG);
	check("watch no handle", pier_watch(999, port_n, 5), PIER_E_HANDLE);
	check("notices to no handle", pier_watch(port_o, 999, 5), PIER_E_HANDLE);
	check("a short request", pier_call(PIER_H_TASK, PIER_TASK_WATCH, &req, sizeof(req) - 8,
					   NULL, 0, NULL), PIER_E_PACKET_SIZE);
	check("unwatch of no watch", pier_unwatch(port_o, 5), PIER_E_NOENT);
	check("watch twice with one cookie", pier_watch(port_o, port_n, 5), PIER_OK);
	check("...", pier_watch(port_o, port_n, 5), PIER_OK);
	check("unwatch one", pier_unwatch(port_o, 5), PIER_OK);
	check("unwatch the other", pier_unwatch(port_o, 5), PIER_OK);
	check("none left", pier_unwatch(port_o, 5), PIER_E_NOENT);
	/* Two watches are ours now (D and O): 62 more, then the limit. */
	for (i = 0; i < (int)PIER_WATCH_MAX - 2 && rc == PIER_OK; i++)
		rc = pier_watch(port_o, port_n, 1000 + (uint64_t)i);
	check("up to PIER_WATCH_MAX watches", rc, PIER_OK);
	check("one more", pier_watch(port_o, port_n, 5), PIER_E_LIMIT);
	for (i = 0; i < (int)PIER_WATCH_MAX - 2; i++)
		rc |= pier_unwatch(port_o, 1000 + (uint64_t)i);
	check("unwatched again", rc, PIER_OK);
	check("drop", pier_handle_drop(send_n), PIER_OK);
}

/*
 * A dead port keeps nothing its owner stopped paying for: neither a
 * handle to it nor a watch naming it as the notice port keeps its queue
 * (64 slots, about five pages). Measured on a second round, once the
 * page tables and slabs the first needed are there.
 */
static void dead_port_memory(void)
{
	struct pier_meminfo m0, m1;
	uint32_t p, copy;
	long used = 0;

	for (int round = 0; round < 2; round++) {
		check("meminfo", pier_meminfo(&m0), PIER_OK);
		check("a deep port", pier_port_create(on_d, 3, 64, 0, &p), PIER_OK);
		check("a second handle", pier_handle_derive(p, PIER_R_SEND, &copy), PIER_OK);
		check("notices to it", pier_watch(port_o, p, 77), PIER_OK);
		check("destroy it", pier_port_destroy(p), PIER_OK);
		check("meminfo", pier_meminfo(&m1), PIER_OK);
		used = (long)m0.free_pages - (long)m1.free_pages;
		check("the handle to the dead port", pier_handle_drop(copy), PIER_OK);
		check("its watch went with it", pier_unwatch(port_o, 77), PIER_E_NOENT);
	}
	check("a dead port's queue is back at once", used <= 1, 1);
}

void watch_run(void)
{
	uint32_t give, give2;
	uint64_t kid;
	int rc = PIER_OK;

	rc |= pier_port_create(on_n, 5, 16, 0, &port_n);
	rc |= pier_port_create(on_m, 5, 64, 0, &port_m);
	rc |= pier_port_create_detached(4, &port_d);
	rc |= pier_port_create(on_d, 3, 0, 0, &port_o);
	check("watch setup", rc, PIER_OK);
	check("watch D", pier_watch(port_d, port_n, 1), PIER_OK);
	check("watch O", pier_watch(port_o, port_n, 2), PIER_OK);
	hostile();
	dead_port_memory();
	check("no notice yet", nseen, 0);

	/* A child serves D, then exits. */
	check("derive", pier_handle_derive(port_d, PIER_R_SEND | PIER_R_SERVE | PIER_R_GRANT, &give),
	      PIER_OK);
	check("spawn a server", pier_spawn("notice serve", 4, give, &kid), PIER_OK);
	expect("the child attached", 1, (const uint64_t[]){ 1 },
	       (const uint32_t[]){ PIER_NOTICE_ATTACHED });
	check("tell it to quit", pier_send(port_d, S_QUIT, NULL, 0), PIER_OK);
	expect("the child's end detached it", 1, (const uint64_t[]){ 1 },
	       (const uint32_t[]){ PIER_NOTICE_DETACHED });

	/* A child watches D and exits: its watch goes with it. */
	check("derive", pier_handle_derive(port_d, PIER_R_SEND | PIER_R_GRANT, &give2), PIER_OK);
	check("spawn a watcher", pier_spawn("notice watcher", 4, give2, &kid), PIER_OK);

	/* Many watchers: they hear it all, in steps of 16. */
	for (int i = 0; i < NMANY && rc == PIER_OK; i++)
		rc = pier_watch(port_d, port_m, 200 + (uint64_t)i);
	check("many watches", rc, PIER_OK);
	check("attach ourselves", pier_port_attach(port_d, on_d, 4, 0), PIER_OK);
	check("detach", pier_port_detach(port_d), PIER_OK);
	expect("attach and detach", 2, (const uint64_t[]){ 1, 1 },
	       (const uint32_t[]){ PIER_NOTICE_ATTACHED, PIER_NOTICE_DETACHED });
	check("every one of the many heard ATTACHED", many[PIER_NOTICE_ATTACHED], NMANY);
	check("and DETACHED", many[PIER_NOTICE_DETACHED], NMANY);

	/* The end of both: GONE ends every watch. */
	check("destroy O", pier_port_destroy(port_o), PIER_OK);
	check("destroy D", pier_port_destroy(port_d), PIER_OK);
	expect("both gone", 2, (const uint64_t[]){ 2, 1 },
	       (const uint32_t[]){ PIER_NOTICE_GONE, PIER_NOTICE_GONE });
	check("every one of the many heard GONE", many[PIER_NOTICE_GONE], NMANY);
	/* All 42 watches ended: 64 can be made again. */
	for (int i = 0; i < (int)PIER_WATCH_MAX && rc == PIER_OK; i++)
		rc = pier_watch(port_n, port_m, 500 + (uint64_t)i);
	check("every watch given back", rc, PIER_OK);
	for (int i = 0; i < (int)PIER_WATCH_MAX; i++)
		rc |= pier_unwatch(port_n, 500 + (uint64_t)i);
	check("unwatched", rc, PIER_OK);
	check("handles", pier_handle_drop(give) | pier_handle_drop(give2), PIER_OK);
}

/* Children of this part. */
static int on_serve(const struct pier_packet *pkt)
{
	if (pkt->type == S_QUIT)
		pier_exit(0);
	return PIER_OK;
}

static int on_w(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

int watch_child(const char *mode)
{
	uint32_t w;

	if (!strcmp(mode, "serve"))
		return pier_port_attach(PIER_H_PARENT, on_serve, 4, 0);
	if (pier_port_create(on_w, 3, 0, 0, &w) != PIER_OK ||
	    pier_watch(PIER_H_PARENT, w, 9) != PIER_OK)
		printf("notice: FAIL the watcher's watch\n");
	pier_exit(0);
}
