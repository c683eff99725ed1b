/* fastpath: every kind of call, once with the kernel's IPC fast path on and once off; the transcripts must match. */

/*
 * The driver makes its ports, spawns "fastpath peer" (a second space,
 * supervised by the driver so that its faulting port is only stopped),
 * and calls its runner twice: the runner switches the fast path on (run 0)
 * or off (run 1) through the debug port and makes every call of the
 * script (scenarios.c). Handlers and the runner append events to a
 * transcript (transcript.c): each handler's entry with the packet it saw,
 * what its replies returned, each caller's status, frame and reply buffer
 * as it resumed, fault packets; in the order they ran, and nothing that
 * depends on time. The two transcripts must be the same, the fast path
 * must have taken at least the frames the script says it qualifies for
 * with it on, and none with it off.
 */
#include <stdio.h>
#include <string.h>
#include "fastpath.h"

static int verbose;     /* "fastpath verbose": print run 0's transcript */

static int check(const char *what, int ok)
{
	if (ok)
		printf("fastpath: PASS %s\n", what);
	else
		printf("fastpath: FAIL %s\n", what);
	fails += !ok;
	return ok;
}

/* The peer: its ports, each granted to the driver's P_LOG (PIER_H_PARENT). */
static int peer_main(void)
{
	int rc;

	is_peer = 1;
	hnd[P_LOG] = PIER_H_PARENT;
	if ((rc = make_ports(Q_HI, NPORTS)) != PIER_OK)
		return rc;
	for (uint32_t i = Q_HI; i < NPORTS; i++)
		if ((rc = pier_send_grant(hnd[P_LOG], T_HANDLE, &i, sizeof(i), hnd[i])))
			return rc;
	return pier_port_destroy(hnd[Q_DEAD]);
}

/* A call frame in a page of its own, then made read-only: the kernel cannot write rsz back. */
static int make_ro_frame(void)
{
	static uint8_t rb[16];
	uint64_t va;
	int rc = pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, &va);

	if (rc != PIER_OK)
		return rc;
	ro_frame = (struct pier_frame *)(uintptr_t)va;
	*ro_frame = (struct pier_frame){
		.frmsz = sizeof(*ro_frame), .flags = PIER_OP_CALL,
		.type = TYPE(A_RET, 0), .dst = hnd[Q_HI], .rbuf = rb, .rbufsz = sizeof(rb),
	};
	return pier_protect(va, 1, PIER_PROT_R);
}

/* Through the slow path, the reference: what the runs compare against must not depend on it. */
static int setup(void)
{
	uint32_t rsz = 0;
	struct pier_fastpath ignored;
	int rc = fastpath_switch(0, &ignored);

	if (rc == PIER_OK)
		rc = make_ports(P_LOG, Q_HI);
	if (rc == PIER_OK)
		rc = pier_supervise(hnd[P_LOG]);
	if (rc == PIER_OK)
		rc = pier_call(hnd[P_EQ], A_PROBE, NULL, 0, &self_id, sizeof(self_id), &rsz);
	if (rc == PIER_OK && rsz != sizeof(self_id))
		rc = PIER_E_PACKET_SIZE;
	/* Above the driver: the peer has made and granted its ports when this returns. */
	if (rc == PIER_OK)
		rc = pier_spawn("fastpath peer", 20, hnd[P_LOG], &peer_id);
	for (unsigned i = Q_HI; rc == PIER_OK && i < NPORTS; i++)
		if (!hnd[i])
			rc = PIER_E_HANDLE;
	if (rc == PIER_OK)
		rc = make_ro_frame();
	return rc;
}

/* The cases of enum pier_fast_case, as the test prints them. */
static const char *const case_name[PIER_FAST_CASES] = {
	"call", "kernel-call", "send", "reply", "return", "end", "hold", "held-reply",
};

static int all_cases(const struct pier_fastpath *t)
{
	for (unsigned i = 0; i < PIER_FAST_CASES; i++)
		if (!t->cases[i])
			return 0;
	return 1;
}

static void compare(void)
{
	unsigned at, n = ntr[0];
	uint64_t want = fast_expected();

	for (unsigned i = 0; verbose && i < n; i++)
		print_ev("", &tr[0][i]);

	if (transcripts_differ(&at)) {
		printf("fastpath: FAIL transcripts differ at event %u (%u events on, %u off)\n",
		       at, ntr[0], ntr[1]);
		print_ev("on ", at < ntr[0] ? &tr[0][at] : NULL);
		print_ev("off", at < ntr[1] ? &tr[1][at] : NULL);
		fails++;
	} else {
		printf("fastpath: %u events, same both ways, fast path took %lu frames "
		       "(at least %lu expected)\n", n, (unsigned long)taken[0].taken,
		       (unsigned long)want);
	}
	printf("fastpath: by case:");
	for (unsigned i = 0; i < PIER_FAST_CASES; i++)
		printf(" %s %lu", case_name[i], (unsigned long)taken[0].cases[i]);
	printf("\n");
	check("a transcript of every scenario", n >= 5 * script_len());
	if (!check("the fast path took every frame it qualifies for", taken[0].taken >= want))
		printf("fastpath: FAIL fast path took %lu frames, want at least %lu\n",
		       (unsigned long)taken[0].taken, (unsigned long)want);
	for (unsigned i = 0; i < PIER_FAST_CASES; i++)
		if (!taken[0].cases[i])
			printf("fastpath: FAIL the fast path never took a %s\n", case_name[i]);
	check("the script takes every case of the fast path", all_cases(&taken[0]));
	if (!check("the fast path took nothing while off", taken[1].taken == 0))
		printf("fastpath: FAIL fast path took %lu frames while off\n",
		       (unsigned long)taken[1].taken);
}

int main(int argc, char **argv)
{
	struct pier_fastpath ignored;
	int rc;

	if (argc > 1 && strcmp(argv[1], "peer") == 0)
		return peer_main();
	verbose = argc > 1 && strcmp(argv[1], "verbose") == 0;
	if ((rc = setup()) != PIER_OK) {
		printf("fastpath: FAIL setup: %s\n", pier_strerror(rc));
		pier_exit(1);
	}
	for (uint32_t run = 0; run < 2; run++) {
		rc = pier_call(hnd[P_RUN], A_RUN, &run, sizeof(run), NULL, 0, NULL);
		if (rc != PIER_OK) {
			printf("fastpath: FAIL run %u: %s\n", (unsigned)run, pier_strerror(rc));
			fails++;
		}
	}
	check("fast path switched back on", fastpath_switch(1, &ignored) == PIER_OK);
	compare();
	check("the peer told to quit", pier_send(hnd[Q_EQ], A_QUIT, NULL, 0) == PIER_OK);
	printf("fastpath: done\n");
	pier_exit((int)fails);
}
