/* fastpath: the transcript: events in the order they happened, in terms both runs share. */
#include <stdio.h>
#include <string.h>
#include "fastpath.h"

/*
 * Only the driver's space records. Its own handlers record directly; the
 * peer's send their events to P_LOG, which outranks everything, so each
 * lands at the moment it happened. Space ids and handles differ between
 * runs (each grant makes a new handle), so they are recorded as what they
 * stand for: a badge as kernel, driver or peer; a handle as the order in
 * which this run first saw it, in that space.
 */
struct ev tr[2][MAXEV];
unsigned ntr[2];
uint64_t self_id, peer_id;
unsigned cur_sc;

static int rec = -1;            /* the run being recorded, or -1 */
static int overflow;
static struct {
	uint32_t side, raw;
} seen[64];
static unsigned nseen;

/* FNV-1a: any difference in the bytes shows. */
uint32_t hash(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	for (uint32_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static uint32_t badge_rel(uint32_t b)
{
	if (b == 0)
		return 0xb0;            /* the kernel */
	if (b == self_id)
		return 0xb1;
	if (b == peer_id)
		return 0xb2;
	return 0xbad00000u | b;
}

static uint32_t handle_rel(uint32_t side, uint32_t raw)
{
	unsigned i;

	if (raw == 0)
		return 0;
	for (i = 0; i < nseen; i++)
		if (seen[i].side == side && seen[i].raw == raw)
			break;
	if (i == nseen && nseen < sizeof(seen) / sizeof(seen[0])) {
		seen[i].side = side;
		seen[i].raw = raw;
		nseen++;
	}
	return side << 8 | (i + 1);
}

void rec_start(int run)
{
	ntr[run] = 0;
	nseen = 0;
	overflow = 0;
	rec = run;
}

void rec_stop(void)
{
	if (overflow)
		printf("fastpath: FAIL more than %d events in a run\n", MAXEV);
	fails += overflow;
	rec = -1;
}

/* side: 0 for an event of the driver's space, 1 for the peer's. */
void record(const struct ev *e, int side)
{
	struct ev x = *e;

	if (rec < 0)
		return;
	if (ntr[rec] == MAXEV) {
		overflow = 1;
		return;
	}
	x.sc = (uint16_t)cur_sc;
	if (x.kind == K_ENTER) {
		x.v[3] = badge_rel(x.v[3]);
		x.v[4] = handle_rel((uint32_t)side, x.v[4]);
	} else if (x.kind == K_RESUME) {
		x.v[2] = handle_rel((uint32_t)side, x.v[2]);
		x.v[5] = handle_rel((uint32_t)side, x.v[5]);
	} else if (x.kind == K_FAULT) {
		x.v[0] = badge_rel(x.v[0]);
	}
	tr[rec][ntr[rec]++] = x;
}

/* 1 and *at = the first event that differs (or the shorter run's end), else 0. */
int transcripts_differ(unsigned *at)
{
	unsigned n = ntr[0] < ntr[1] ? ntr[0] : ntr[1];

	for (unsigned i = 0; i < n; i++) {
		if (memcmp(&tr[0][i], &tr[1][i], sizeof(struct ev)) != 0) {
			*at = i;
			return 1;
		}
	}
	*at = n;
	return ntr[0] != ntr[1];
}

static const char *const kind_names[] = {
	[K_BEGIN] = "begin", [K_ENTER] = "enter", [K_AFTER] = "after",
	[K_RESUME] = "resume", [K_HOLD] = "hold", [K_FAULT] = "fault",
};

static const char *const port_names[NPORTS] = {
	[P_LOG] = "LOG", [P_RUN] = "RUN", [P_HI] = "HI", [P_EQ] = "EQ",
	[P_LO] = "LO", [P_HOLD] = "HOLD", [P_BUSY] = "BUSY", [P_X] = "X",
	[P_ONE] = "ONE", [P_BAR] = "BAR", [Q_HI] = "peer HI", [Q_EQ] = "peer EQ",
	[Q_LO] = "peer LO", [Q_HOLD] = "peer HOLD", [Q_IDENT] = "peer IDENT",
	[Q_DEAD] = "peer DEAD", [Q_FAULT0] = "peer FAULT0", [Q_FAULT1] = "peer FAULT1",
};

void print_ev(const char *label, const struct ev *e)
{
	if (!e) {
		printf("fastpath:   %s: (no event)\n", label);
		return;
	}
	printf("fastpath:   %s: [%s] %s %s st=%d v=%x %x %x %x %x %x %x %x\n",
	       label, sc_name(e->sc),
	       e->kind < sizeof(kind_names) / sizeof(kind_names[0]) &&
	       kind_names[e->kind] ? kind_names[e->kind] : "?",
	       e->who < NPORTS ? port_names[e->who] : "?", (int)e->st,
	       (unsigned)e->v[0], (unsigned)e->v[1], (unsigned)e->v[2],
	       (unsigned)e->v[3], (unsigned)e->v[4], (unsigned)e->v[5],
	       (unsigned)e->v[6], (unsigned)e->v[7]);
}
