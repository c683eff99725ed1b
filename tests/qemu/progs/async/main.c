/* async: space-port requests answered as packets on a port the caller names, and every status of that path. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define PG 4096u
#define AT 0x900000000ull      /* a fixed address in the program area */
#define LOG_MAX 16

static int fails;

/* What the answer ports saw, in order. */
struct seen {
	uint32_t type, size;
	int32_t status;
	uint8_t data[32];
};
static struct seen seen[LOG_MAX];
static unsigned nseen;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("async: PASS %s\n", what);
	} else {
		printf("async: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int on_answer(const struct pier_packet *pkt)
{
	const struct pier_answer *a = (const void *)pkt->data;

	if (pkt->type != PIER_MSG_ANSWER || pkt->size < sizeof(*a) ||
	    pkt->size != sizeof(*a) + a->size || nseen == LOG_MAX)
		return PIER_E_ARG;
	seen[nseen].type = a->type;
	seen[nseen].status = a->status;
	seen[nseen].size = a->size;
	memcpy(seen[nseen].data, a->data, a->size < 32 ? a->size : 32);
	nseen++;
	return PIER_OK;
}

static int on_sync(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

/* The last answer, which a port above us handled before our send returned. */
static const struct seen *last(void)
{
	static const struct seen none = { .status = 1 };

	return nseen ? &seen[nseen - 1] : &none;
}

/* Each request through a port above main: answered before the send returns. */
static void answered_at_once(uint32_t now)
{
	struct pier_mapped m;
	struct pier_query q;
	unsigned before;

	check("map sent", pier_map_async(0, 2, PIER_PROT_R | PIER_PROT_W, now), PIER_OK);
	check("map answered", last()->type == PIER_SPACE_MAP && last()->status == PIER_OK &&
	      last()->size == sizeof(m), 1);
	memcpy(&m, last()->data, sizeof(m));
	check("mapped pages are zero", *(volatile uint64_t *)(uintptr_t)(m.addr + PG), 0);
	*(volatile uint64_t *)(uintptr_t)m.addr = 42;

	check("query sent", pier_query_async(m.addr, now), PIER_OK);
	memcpy(&q, last()->data, sizeof(q));
	check("query answered", last()->type == PIER_SPACE_QUERY && last()->status == PIER_OK &&
	      q.mapped && q.prot == (PIER_PROT_R | PIER_PROT_W), 1);

	check("protect sent", pier_protect_async(m.addr, 2, PIER_PROT_R, now), PIER_OK);
	check("protect answered", last()->status, PIER_OK);
	pier_query(m.addr, &q);
	check("protect done", q.prot, PIER_PROT_R);

	/* Shared into this same space (a port of ours names it): same bytes. */
	check("share sent", pier_share_async(now, m.addr, 1, PIER_PROT_R, 0, now), PIER_OK);
	check("share answered", last()->type == PIER_SPACE_SHARE && last()->status == PIER_OK &&
	      last()->size == sizeof(m), 1);
	{
		struct pier_mapped s;

		memcpy(&s, last()->data, sizeof(s));
		check("shared page shows the bytes", *(volatile uint64_t *)(uintptr_t)s.addr, 42);
		check("unmap the share", pier_unmap(s.addr, 1), PIER_OK);
	}

	check("unmap sent", pier_unmap_async(m.addr, 2, now), PIER_OK);
	check("unmap answered", last()->status, PIER_OK);
	pier_query(m.addr, &q);
	check("unmap done", q.mapped, 0);

	/* A request that fails is still sent: its status is in the answer. */
	check("map W+X sent", pier_map_async(0, 1, PIER_PROT_W | PIER_PROT_X, now), PIER_OK);
	check("map W+X answered E_ARG", last()->status, PIER_E_ARG);
	check("unmap misaligned sent", pier_unmap_async(AT + 1, 1, now), PIER_OK);
	check("unmap misaligned answered E_ALIGN", last()->status, PIER_E_ALIGN);

	/* Requests that cannot be made at all: a status, and nothing answered. */
	before = nseen;
	check("no answer port", pier_map_async(AT, 1, PIER_PROT_R, PIER_H_NONE), PIER_E_HANDLE);
	check("answer port is a kernel port", pier_map_async(AT, 1, PIER_PROT_R, PIER_H_SPACE), PIER_E_ARG);
	check("answer handle unknown", pier_map_async(AT, 1, PIER_PROT_R, 999), PIER_E_HANDLE);
	check("answered send to a user port", pier_request(now, 1, NULL, 0, now), PIER_E_FLAGS);
	check("nothing answered", nseen - before, 0);
	pier_query(AT, &q);
	check("nothing mapped", q.mapped, 0);
}

/* Answers queued at a port below main arrive in request order; a full queue refuses the request. */
static void queued_in_order(uint32_t later, uint32_t sync)
{
	struct pier_query q;
	struct pier_mapped m;
	unsigned before = nseen;

	check("map queued", pier_map_async(AT, 1, PIER_PROT_R | PIER_PROT_W, later), PIER_OK);
	check("query queued", pier_query_async(AT, later), PIER_OK);
	check("unmap queued", pier_unmap_async(AT, 1, later), PIER_OK);
	check("map refused: answer queue full",
	      pier_map_async(AT + PG, 1, PIER_PROT_R, later), PIER_E_FULL);
	pier_query(AT + PG, &q);
	check("refused request not done", q.mapped, 0);
	check("not answered yet", nseen - before, 0);
	/* Calling a port below the answer port lets it run first. */
	check("sync", pier_call(sync, 0, NULL, 0, NULL, 0, NULL), PIER_OK);
	check("three answers", nseen - before, 3);
	memcpy(&m, seen[before].data, sizeof(m));
	check("first: map", seen[before].type == PIER_SPACE_MAP &&
	      seen[before].status == PIER_OK && m.addr == AT, 1);
	memcpy(&q, seen[before + 1].data, sizeof(q));
	check("second: query, mapped then", seen[before + 1].type == PIER_SPACE_QUERY &&
	      q.mapped == 1, 1);
	check("third: unmap", seen[before + 2].type == PIER_SPACE_UNMAP &&
	      seen[before + 2].status == PIER_OK, 1);
}

int main(void)
{
	uint32_t now, later, sync;

	pier_port_create(on_answer, PIER_PRIO_DEFAULT + 1, 4, 0, &now);
	pier_port_create(on_answer, PIER_PRIO_DEFAULT - 1, 3, 0, &later);
	pier_port_create(on_sync, PIER_PRIO_DEFAULT - 2, 1, 0, &sync);
	answered_at_once(now);
	queued_in_order(later, sync);
	pier_port_destroy(now);
	pier_port_destroy(later);
	pier_port_destroy(sync);
	if (fails)
		return 1;
	printf("async: done\n");
	return 0;
}
