/* fuzz: no page lost, and no space costing more than its quota. */
#include <stdio.h>
#include "fuzz.h"

#define GROW_TO 4096u          /* handle table entries made at the start */
#define HOARD_QUOTA 48u
#define HOARD_GRANTS 9000u     /* enough to need a 64-page handle table */
#define HOARD_SLACK 4u         /* a space's own record and first table, uncharged on some kernels */

/*
 * Free pages plus the pages this space is charged for (mapped pages,
 * page tables, ports): what a fuzz step takes from one it gives to the
 * other, and what it loses makes the sum smaller. Page tables the space
 * keeps after an unmap stay counted on its side.
 */
int fz_measure(struct fz_mem *m)
{
	struct pier_meminfo mi = { 0 };
	struct pier_query q = { 0 };
	struct pier_space_info si;
	int rc = pier_meminfo(&mi);

	if (rc == PIER_OK)
		rc = pier_query(SCR_BASE, &q);
	m->free = mi.free_pages;
	m->own = q.pages;
	/* The other spaces load their programs' pages on first touch
	 * (docs/design.md), so the console's server, say, may take one in
	 * the middle of the run: count what every space is charged too.
	 * A space's image is kept for it from its start but takes pages
	 * only as it loads: count what is taken, not what is kept. */
	m->others = 0;
	for (uint32_t i = 0; rc == PIER_OK && i < 1000 && pier_space_info(i, &si) == PIER_OK; i++) {
		if (si.id != fz.self)
			m->others += si.used - si.reserved;
		else
			m->own -= si.reserved;
	}
	return rc;
}

static uint32_t grow_grant;

int fz_grow_handler(const struct pier_packet *pkt)
{
	if (pkt->type == MSG_PING)
		return PIER_E_ARG;
	if (!(pkt->flags & PIER_PKT_CALL))
		return PIER_OK;
	return pier_reply_grant(0, NULL, 0, grow_grant);
}

/*
 * The port table grows by doubling and never shrinks: grow it now to the
 * size a run may need, so that it is the same size when the pages are
 * counted at the start and at the end. Each call's reply grants one more
 * copy of a port, which then goes, and the copies with it.
 */
void fz_pregrow(void)
{
	uint32_t r = 0, q = 0, top = 0, n = 0;
	int rc = fz_port_new(ARG_GROW, fz.maxprio, 8, 0, &r);

	if (rc == PIER_OK)
		rc = fz_port_new(5000, 1, 1, 0, &q);
	grow_grant = q;
	while (rc == PIER_OK && top < GROW_TO - 1 && n++ < GROW_TO) {
		struct pier_frame f = { .type = 1, .dst = r };

		rc = pier_call_frame(&f);
		if (rc == PIER_OK && !f.rgrant)
			rc = PIER_E_STATE;
		if (rc == PIER_OK)
			top = f.rgrant;
	}
	if (q)
		pier_port_destroy(q);
	for (uint32_t h = PIER_H_SPACE + 1; h <= top; h++)
		if (!fz_is_infra(h) && h != r)
			pier_handle_drop(h);
	if (r)
		pier_port_destroy(r);
	printf("fuzz: port table grown to %u entries (%s)\n", (unsigned)top + 1,
	       rc == PIER_OK ? "done" : pier_strerror(rc));
}

/*
 * A child under a small quota keeps every handle granted to it. However
 * many it is given, what it costs must stay within its quota: a table of
 * handles nobody pays for would let any sender fill a server's memory.
 */
void fz_hoard_check(void)
{
	struct pier_meminfo m0 = { 0 }, m1 = { 0 };
	uint64_t id, cost;
	uint32_t calls = 0;
	int rc = PIER_OK;

	if (fz.avoid & AV_GRANT_FLOOD)
		return;
	/* Alone: no other child may take or give back pages meanwhile. */
	for (int i = 0; i < 50 && fz_children_left(); i++) {
		fz_children_kill();
		fz_sleep_ms(10);
	}
	fz_drain();
	fz.hoard_port = 0;
	pier_meminfo(&m0);
	if (fz_spawn_child("hoard", fz.maxprio, HOARD_QUOTA, &id) != PIER_OK)
		return;
	for (int i = 0; i < 100 && !fz.hoard_port; i++)
		fz_sleep_ms(5);
	if (!fz.hoard_port) {
		fz_fail("the hoarding child never granted its port");
		return;
	}
	while (calls < HOARD_GRANTS) {
		struct pier_frame f = { .frmsz = sizeof(f), .flags = PIER_OP_CALL, .type = 1,
					.dst = fz.hoard_port, .grant = fz.in.sync };

		if ((rc = fz_ecall_at((uintptr_t)&f, &f)) != PIER_OK)
			break;
		calls++;
	}
	fz_check(rc, NULL, 0, "grant to the hoarding child");
	pier_meminfo(&m1);
	cost = m0.free_pages - m1.free_pages;
	if (cost > HOARD_QUOTA + HOARD_SLACK)
		fz_fail("a child with a quota of %u pages costs %llu pages after %u grants to it",
			HOARD_QUOTA, (unsigned long long)cost, (unsigned)calls);
	else
		printf("fuzz: PASS a child with a quota of %u pages costs %llu after %u grants "
		       "(then %s)\n", HOARD_QUOTA, (unsigned long long)cost, (unsigned)calls,
		       rc == PIER_OK ? "no more" : pier_strerror(rc));
	fz_check(pier_kill(id), NULL, 0, "kill of the hoarding child");
}

/* The pages are back: free plus ours as at the start (a lazy kernel gets a moment). */
int fz_mem_final(const struct fz_mem *start)
{
	struct fz_mem m = { 0 };
	long long lost = 0;

	for (int i = 0; i < 20; i++) {
		fz_measure(&m);
		lost = (long long)(start->free + start->own + start->others) -
		       (long long)(m.free + m.own + m.others);
		if (!lost)
			break;
		fz_sleep_ms(10);
	}
	if (lost) {
		fz_fail("%lld pages lost: %llu free, %llu of ours and %llu of the others at the "
			"start, %llu, %llu and %llu now", lost, (unsigned long long)start->free,
			(unsigned long long)start->own, (unsigned long long)start->others,
			(unsigned long long)m.free, (unsigned long long)m.own,
			(unsigned long long)m.others);
		return 0;
	}
	printf("fuzz: PASS no page lost: %llu free and %llu of ours (%+lld kept as page tables)\n",
	       (unsigned long long)m.free, (unsigned long long)m.own,
	       (long long)m.own - (long long)start->own);
	return 1;
}
