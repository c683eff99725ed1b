/* share: pages shared between spaces are the same bytes, counted in both, and never freed under either. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include "image_touch.h"

/*
 * The parent supervises its children. It shares pages into a first child
 * ("share child", which grants it a port), which reads them, writes back,
 * unmaps, and faults writing a read-only share. Then each of the "share
 * giver" children shares pages of its own into the parent and is killed,
 * and the parent's free page count must come back exactly.
 */
#define PG 4096u
#define ROUNDS 8
#define GIVEN_PAGES 3

enum { MSG_HELLO = 1, MSG_GIVEN = 2 };                  /* child -> parent */
enum { REQ_CHECK = 1, REQ_FILL, REQ_UNMAP, REQ_POKE, REQ_PROT, REQ_PROTECT }; /* parent -> child */

struct req {
	uint64_t addr;
	uint32_t pages;
	uint32_t arg;      /* a pattern's seed, or permissions */
};

static int fails, rounds;
static uint32_t port_sup, to_child;
static uint64_t child, ro_buf, ro_there, free_before;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("share: PASS %s\n", what);
	} else {
		printf("share: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static uint64_t free_pages(void)
{
	struct pier_meminfo m = { 0 };

	pier_meminfo(&m);
	return m.free_pages;
}

static uint8_t pattern(uint32_t seed, uint32_t i)
{
	return (uint8_t)(seed + i * 7 + (i >> 12));
}

static void fill(uint64_t addr, uint32_t pages, uint32_t seed)
{
	for (uint32_t i = 0; i < pages * PG; i++)
		((volatile uint8_t *)(uintptr_t)addr)[i] = pattern(seed, i);
}

static long mismatches(uint64_t addr, uint32_t pages, uint32_t seed)
{
	long bad = 0;

	for (uint32_t i = 0; i < pages * PG; i++)
		bad += ((volatile uint8_t *)(uintptr_t)addr)[i] != pattern(seed, i);
	return bad;
}

/* The child's answer, or the call's status if it did not answer. */
static int ask(uint32_t type, uint64_t addr, uint32_t pages, uint32_t arg)
{
	struct req r = { addr, pages, arg };
	int32_t answer = 0;
	int rc = pier_call(to_child, type, &r, sizeof(r), &answer, sizeof(answer), NULL);

	return rc ? rc : answer;
}

/* ---- the children ---- */

static int32_t serve(uint32_t type, const struct req *r)
{
	struct pier_query q;

	switch (type) {
	case REQ_CHECK:
		return (int32_t)mismatches(r->addr, r->pages, r->arg);
	case REQ_FILL:
		fill(r->addr, r->pages, r->arg);
		return 0;
	case REQ_UNMAP:
		return pier_unmap(r->addr, r->pages);
	case REQ_POKE:
		*(volatile uint8_t *)(uintptr_t)r->addr = 1;
		return 0;
	case REQ_PROT:
		return pier_query(r->addr, &q) ? -1 : (int32_t)(q.mapped ? q.prot : 0);
	case REQ_PROTECT:
		return pier_protect(r->addr, r->pages, r->arg);
	}
	return PIER_E_TYPE;
}

/* Answers are replies: a handler's return value of 1 would mean PIER_HOLD. */
static int on_req(const struct pier_packet *pkt)
{
	struct req r;
	int32_t answer;

	memcpy(&r, pkt->data, sizeof(r));
	answer = serve(pkt->type, &r);
	pier_reply(0, &answer, sizeof(answer));
	return 0;
}

static int idle_port(const struct pier_packet *pkt)
{
	(void)pkt;
	return 0;
}

/* Shares three pages of its own into the parent, says where, and waits to be killed. */
static int giver(void)
{
	uint64_t a, there;
	struct req r;
	uint32_t h;

	if (pier_map(0, GIVEN_PAGES, PIER_PROT_R | PIER_PROT_W, &a) ||
	    pier_port_create(idle_port, 1, 0, 0, &h))
		return 1;
	fill(a, GIVEN_PAGES, (uint32_t)a >> 12);
	if (pier_share(PIER_H_PARENT, a, GIVEN_PAGES, PIER_PROT_R, 0, &there))
		return 1;
	r = (struct req){ there, GIVEN_PAGES, (uint32_t)a >> 12 };
	return pier_send(PIER_H_PARENT, MSG_GIVEN, &r, sizeof(r)) ? 1 : 0;
}

/* ---- the parent ---- */

static void spawn(const char *cmd, uint64_t quota)
{
	check(cmd, pier_spawn_quota(cmd, 12, 0, port_sup, quota, &child), PIER_OK);
}

/* Statuses, and a share within this space (to its own start port). */
static void requests(void)
{
	uint64_t a, alias;

	pier_map(0, 2, PIER_PROT_R | PIER_PROT_W, &a);
	fill(a, 2, 0x44);
	check("no such handle", pier_share(999, a, 1, PIER_PROT_R, 0, NULL), PIER_E_HANDLE);
	check("a kernel port", pier_share(PIER_H_TASK, a, 1, PIER_PROT_R, 0, NULL), PIER_E_ARG);
	check("share executable", pier_share(PIER_H_START, a, 1, PIER_PROT_R | PIER_PROT_X, 0, NULL), PIER_E_ARG);
	check("share no pages", pier_share(PIER_H_START, a, 0, PIER_PROT_R, 0, NULL), PIER_E_ARG);
	check("share misaligned", pier_share(PIER_H_START, a + 1, 1, PIER_PROT_R, 0, NULL), PIER_E_ALIGN);
	check("share to misaligned", pier_share(PIER_H_START, a, 1, PIER_PROT_R, 0x900000010ull, NULL), PIER_E_ALIGN);
	check("share the stack area", pier_share(PIER_H_START, 0x3e00000000ull, 1, PIER_PROT_R, 0, NULL), PIER_E_RANGE);
	check("share to the stack area", pier_share(PIER_H_START, a, 1, PIER_PROT_R, 0x3e00000000ull, NULL), PIER_E_RANGE);
	check("share a hole", pier_share(PIER_H_START, a, 3, PIER_PROT_R, 0, NULL), PIER_E_UNMAPPED);
	check("share into this space", pier_share(PIER_H_START, a, 2, PIER_PROT_R | PIER_PROT_W, 0, &alias), PIER_OK);
	((volatile uint8_t *)(uintptr_t)alias)[PG + 5] = 0x99;
	check("one page, two addresses", ((volatile uint8_t *)(uintptr_t)a)[PG + 5], 0x99);
	check("a share's rights are fixed", pier_protect(alias, 1, PIER_PROT_R), PIER_E_RIGHTS);
	check("no X for a shared page", pier_protect(a, 1, PIER_PROT_R | PIER_PROT_X), PIER_E_STATE);
	pier_unmap(alias, 2);
	pier_unmap(a, 2);
}

/* The first child holds a port of its own: pages go to it. */
static void with_child(void)
{
	uint64_t buf, big, there, at, f;

	pier_map(0, 2, PIER_PROT_R | PIER_PROT_W, &buf);
	fill(buf, 2, 0x11);
	check("share read-write", pier_share(to_child, buf, 2, PIER_PROT_R | PIER_PROT_W, 0, &there), PIER_OK);
	check("it maps them read-write", ask(REQ_PROT, there, 0, 0), PIER_PROT_R | PIER_PROT_W);
	check("it sees the same bytes", ask(REQ_CHECK, there, 2, 0x11), 0);
	check("it writes them", ask(REQ_FILL, there, 2, 0x22), 0);
	check("its bytes show here", mismatches(buf, 2, 0x22), 0);

	check("share at an address", pier_share(to_child, buf, 1, PIER_PROT_R, 0x900000000ull, &at), PIER_OK);
	check("mapped where asked", at == 0x900000000ull, 1);
	check("share over a mapping", pier_share(to_child, buf, 1, PIER_PROT_R, at, NULL), PIER_E_STATE);
	check("it unmaps that", ask(REQ_UNMAP, at, 1, 0), PIER_OK);
	check("share W of read-only text", pier_share(to_child, 0x10000, 1, PIER_PROT_R | PIER_PROT_W, 0, NULL), PIER_E_UNMAPPED);
	pier_map(0, 64, PIER_PROT_R | PIER_PROT_W, &big);
	check("share past its quota", pier_share(to_child, big, 64, PIER_PROT_R, 0, NULL), PIER_E_QUOTA);
	pier_unmap(big, 64);

	f = free_pages();
	pier_unmap(buf, 2);
	check("unmapping here frees nothing", (long)free_pages(), (long)f);
	check("its view is intact", ask(REQ_CHECK, there, 2, 0x22), 0);
	/* Again: another space (the console's server) may have taken a page
	 * meanwhile, a stack page or one of its image first touched. */
	f = free_pages();
	check("its unmap frees them", ask(REQ_UNMAP, there, 2, 0) == PIER_OK && free_pages() == f + 2, 1);

	pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, &ro_buf);
	fill(ro_buf, 1, 0x33);
	check("share read-only", pier_share(to_child, ro_buf, 1, PIER_PROT_R, 0, &ro_there), PIER_OK);
	check("it maps it read-only", ask(REQ_PROT, ro_there, 0, 0), PIER_PROT_R);
	check("it sees those bytes", ask(REQ_CHECK, ro_there, 1, 0x33), 0);
	check("it cannot make it writable", ask(REQ_PROTECT, ro_there, 1, PIER_PROT_R | PIER_PROT_W), PIER_E_RIGHTS);
	check("its write faults", ask(REQ_POKE, ro_there + 8, 0, 0), PIER_E_FAULTED);
	check("and changed nothing", mismatches(ro_buf, 1, 0x33), 0);
	/* The fault packet comes next. */
}

static void on_fault(const struct pier_packet *pkt)
{
	struct pier_fault flt;
	uint64_t f;

	memcpy(&flt, pkt->data, sizeof(flt));
	check("the supervisor is told", flt.space == child && flt.cause == 15, 1);
	check("at the read-only share", flt.addr == ro_there + 8, 1);
	check("kill the child", pier_kill(child), PIER_OK);
	check("share into a dead space", pier_share(to_child, ro_buf, 1, PIER_PROT_R, 0, NULL), PIER_E_GONE);
	check("its death left the page here", mismatches(ro_buf, 1, 0x33), 0);
	f = free_pages();
	pier_unmap(ro_buf, 1);
	check("the last unmap frees it", (long)free_pages(), (long)f + 1);
	spawn("share giver", 0);
}

/* A giver's pages: read them, kill the giver, read again, unmap. */
static void on_given(const struct pier_packet *pkt)
{
	struct req r;
	uint64_t f;
	int bad;

	memcpy(&r, pkt->data, sizeof(r));
	bad = mismatches(r.addr, r.pages, r.arg) != 0;
	bad |= pier_kill(child) != PIER_OK;
	bad |= mismatches(r.addr, r.pages, r.arg) != 0;
	f = free_pages();
	pier_unmap(r.addr, r.pages);
	bad |= free_pages() != f + r.pages;
	check("a giver's pages outlive it", bad, 0);
	if (rounds++ == 0)
		free_before = free_pages();     /* after the first: page tables it made here stay */
	if (rounds <= ROUNDS) {
		spawn("share giver", 0);
		return;
	}
	check("free pages back where they were", (long)free_pages(), (long)free_before);
	printf("share: done\n");
	pier_exit(fails);
}

static int on_sup(const struct pier_packet *pkt)
{
	if (pkt->type == MSG_HELLO) {
		to_child = pier_handle_take(pkt);
		with_child();
	} else if (pkt->type == PIER_MSG_FAULT) {
		on_fault(pkt);
	} else if (pkt->type == PIER_MSG_ENDED) {
		/* a child's end: known from its fault or its kill */
	} else if (pkt->type == MSG_GIVEN) {
		on_given(pkt);
	} else {
		check("a packet the test knows", (long)pkt->type, 0);
	}
	return 0;
}

/* The first child: a port the parent may share into. */
static int receiver(void)
{
	uint32_t h;

	if (pier_port_create(on_req, 12, 0, PIER_PORT_SHARES, &h))
		return 1;
	return pier_send_grant(PIER_H_PARENT, MSG_HELLO, NULL, 0, h) ? 1 : 0;
}

int main(int argc, char **argv)
{
	image_touch();        /* it counts free pages (image_touch.h) */
	if (argc > 1 && !strcmp(argv[1], "child"))
		return receiver();
	if (argc > 1 && !strcmp(argv[1], "giver"))
		return giver();
	requests();
	/* Below the children: they have reported, or faulted, before this runs. */
	check("create the supervisor port", pier_port_create(on_sup, 4, PIER_DEPTH_MAX, PIER_PORT_GRANTS | PIER_PORT_SHARES, &port_sup), PIER_OK);
	check("supervise", pier_supervise(port_sup), PIER_OK);
	spawn("share child", 64);
	return 0;
}
