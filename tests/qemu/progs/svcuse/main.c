/* svcuse: the client of the svc test services, under each restart policy; and lookups refused. */

/*
 * tests/qemu/manifests/svc.manifest starts four svc servers, one per
 * policy, and this client, allowed to look up those four and `nosuch`:
 *   svc-a  restart      crash, exit: each call answered PIER_E_RESTARTED,
 *                       the repeat answered by a new instance
 *   svc-n  restart=2    two restarts, then held: state HELD, 2 restarts
 *   svc-h  hold         held after the first end, never restarted
 *   svc-b  backoff=300  ended twice in a row: the second restart waits
 *                       until 300 ms after the first
 * and: a name not in its lookup= list is PIER_E_RIGHTS (`secret`, which
 * exists), one in the list that no one serves PIER_E_NOENT, a bad name
 * PIER_E_ARG, serving someone else's service PIER_E_RIGHTS, fetching a
 * device it has none of PIER_E_RIGHTS.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/names.h>
#include "../svc/svc.h"

static int fails;

static void check(const char *what, long got, long want)
{
	if (got == want)
		printf("svcuse: PASS %s\n", what);
	else
		printf("svcuse: FAIL %s: got %ld want %ld\n", what, got, want), fails++;
}

static int echo(uint32_t h, uint64_t *born)
{
	return pier_call_exact(h, SVC_ECHO, 0, 0, born, sizeof(*born));
}

static int info(const char *name, struct pier_service_info *out)
{
	struct pier_names_list req = { 0 };
	int rc;

	for (;; req.index++) {
		rc = pier_call_exact(pier_names(), PIER_NAMES_LIST, &req, sizeof(req),
				     out, sizeof(*out));
		if (rc != PIER_OK || strcmp(out->name, name) == 0)
			return rc;
	}
}

/* End the server with request how; the call must come back RESTARTED or,
 * held, the service HELD. Returns the new instance's birth, or 0. */
static uint64_t end_once(const char *name, uint32_t h, uint32_t how, int held)
{
	struct pier_service_info s;
	char what[64];
	uint64_t born = 0;

	snprintf(what, sizeof(what), "%s: %s answered PIER_E_RESTARTED", name,
		 how == SVC_EXIT ? "exit" : "crash");
	check(what, pier_call(h, how, 0, 0, 0, 0, 0), PIER_E_RESTARTED);
	if (held) {
		/* init may not have handled the end yet: its port is above ours,
		 * so by now it has. */
		check("held: its state", (info(name, &s), s.state), PIER_SERVICE_HELD);
		check("held: no server", (long)s.space, 0);
		return 0;
	}
	snprintf(what, sizeof(what), "%s: the repeat reaches the new instance", name);
	check(what, echo(h, &born), PIER_OK);
	return born;
}

static uint32_t look(const char *name)
{
	uint32_t h = 0;

	check(name, pier_lookup(name, &h), PIER_OK);
	return h;
}

int main(void)
{
	struct pier_service_info s;
	struct pier_time t;
	uint64_t b0, b1, b2;
	uint32_t h;

	/* svc-a: restart, by exit and by crash. */
	h = look("svc-a");
	check("svc-a: first instance answers", echo(h, &b0), PIER_OK);
	b1 = end_once("svc-a", h, SVC_EXIT, 0);
	check("svc-a: a new instance after exit", b1 > b0, 1);
	b2 = end_once("svc-a", h, SVC_CRASH, 0);
	check("svc-a: a new instance after a crash", b2 > b1, 1);
	check("svc-a: restarts counted", (info("svc-a", &s), (long)s.restarts), 2);
	check("svc-a: ready again", s.state, PIER_SERVICE_READY);

	/* svc-n: restart=2, then held. */
	h = look("svc-n");
	end_once("svc-n", h, SVC_EXIT, 0);
	end_once("svc-n", h, SVC_CRASH, 0);
	end_once("svc-n", h, SVC_EXIT, 1);
	check("svc-n: 2 restarts", (info("svc-n", &s), (long)s.restarts), 2);

	/* svc-h: hold. */
	h = look("svc-h");
	check("svc-h: answers", echo(h, &b0), PIER_OK);
	end_once("svc-h", h, SVC_CRASH, 1);
	check("svc-h: never restarted", (info("svc-h", &s), (long)s.restarts), 0);

	/* svc-b: backoff=300. Its first start was long ago, so the first
	 * restart is at once; the second waits for 300 ms after it. Births
	 * are taken in main, a little after init's spawn: 5 ms of slack. */
	h = look("svc-b");
	check("svc-b: answers", echo(h, &b0), PIER_OK);
	b1 = end_once("svc-b", h, SVC_EXIT, 0);
	b2 = end_once("svc-b", h, SVC_CRASH, 0);
	pier_time_now(&t);
	check("svc-b: the second restart waited its backoff",
	      b2 - b1 >= t.hz * 295 / 1000, 1);

	/* What the name port refuses. */
	check("lookup of a name not allowed", pier_lookup("secret", &h), PIER_E_RIGHTS);
	check("lookup of an unknown name", pier_lookup("nosuch", &h), PIER_E_NOENT);
	check("lookup of an empty name", pier_lookup("", &h), PIER_E_ARG);
	check("lookup of a name too long", pier_lookup("a-name-sixteen-c", &h), PIER_E_ARG);
	check("serving another's service", pier_serve("svc-a", NULL, 1, 0, &h), PIER_E_RIGHTS);
	check("ready for another's service", pier_serve_ready("svc-a"), PIER_E_RIGHTS);
	check("a device it has none of", pier_my_device(&h), PIER_E_RIGHTS);
	check("an unknown request", pier_call(pier_names(), 0x1234, 0, 0, 0, 0, 0), PIER_E_TYPE);
	check("a list request of the wrong size",
	      pier_call(pier_names(), PIER_NAMES_LIST, "x", 1, &s, sizeof(s), 0), PIER_E_PACKET_SIZE);
	check("a list index past the last",
	      pier_call(pier_names(), PIER_NAMES_LIST, &(struct pier_names_list){ 1000, 0 },
			sizeof(struct pier_names_list), &s, sizeof(s), 0), PIER_E_NOENT);
	check("a list reply that does not fit",
	      pier_call(pier_names(), PIER_NAMES_LIST, &(struct pier_names_list){ 0, 0 },
			sizeof(struct pier_names_list), &s, 8, 0), PIER_E_REPLY_SIZE);
	check("a granted handle is refused",
	      pier_send_grant(pier_names(), PIER_NAMES_READY, "svc-a", 5, PIER_H_START),
	      PIER_E_RIGHTS);
	printf("svcuse: done\n");
	return fails;
}
