/* mapbig: requests over PIER_SPACE_PAGES_MAX pages are refused; the library maps big ranges in pieces, and timers stay on time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>

#define PG 4096ull
#define MAX PIER_SPACE_PAGES_MAX
#define BIG (32u * 256)        /* 32 MiB: 32 pieces */
#define AT 0x0c00000000ull
#define RW (PIER_PROT_R | PIER_PROT_W)

static int fails, bounded, ticks;
static uint64_t hz, worst;      /* the latest a timer packet was queued, in ticks */

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("mapbig: PASS %s\n", what);
	} else {
		printf("mapbig: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* Every millisecond: how late the kernel queued it is how long it was busy. */
static int on_tick(const struct pier_packet *pkt)
{
	struct pier_timer_fired f;

	memcpy(&f, pkt->data, sizeof(f));
	if (f.sent - f.due > worst)
		worst = f.sent - f.due;
	ticks++;
	return 0;
}

static int raw(uint32_t type, uint64_t addr, uint32_t pages, uint32_t prot)
{
	struct pier_map m = { .addr = addr, .pages = pages, .prot = prot };
	struct pier_range r = { .addr = addr, .pages = pages };
	struct pier_mapped out;

	if (type == PIER_SPACE_UNMAP)
		return pier_call_exact(PIER_H_SPACE, type, &r, sizeof(r), NULL, 0);
	if (type == PIER_SPACE_PROTECT)
		return pier_call_exact(PIER_H_SPACE, type, &m, sizeof(m), NULL, 0);
	return pier_call_exact(PIER_H_SPACE, type, &m, sizeof(m), &out, sizeof(out));
}

static int mapped(uint64_t a)
{
	struct pier_query q = { 0 };

	pier_query(a, &q);
	return q.mapped ? (int)q.prot : 0;
}

/* What a request may not do at once any more: 1 GiB zeroed with interrupts off. */
static void refused(void)
{
	check("map 2^18 pages anywhere in one request", raw(PIER_SPACE_MAP, 0, 1u << 18, RW), PIER_E_ARG);
	check("map one page over the limit", raw(PIER_SPACE_MAP, AT, MAX + 1, RW), PIER_E_ARG);
	check("unmap one page over the limit", raw(PIER_SPACE_UNMAP, AT, MAX + 1, 0), PIER_E_ARG);
	check("protect one page over the limit", raw(PIER_SPACE_PROTECT, AT, MAX + 1, PIER_PROT_R), PIER_E_ARG);
	check("share one page over the limit",
	      pier_share(PIER_H_START, AT, MAX + 1, PIER_PROT_R, 0, NULL), PIER_E_ARG);
	check("map the limit", raw(PIER_SPACE_MAP, AT, MAX, RW), PIER_OK);
	check("unmap the limit", raw(PIER_SPACE_UNMAP, AT, MAX, 0), PIER_OK);
}

/* The library makes the pieces: the same calls work for any size. */
static void pieces(void)
{
	uint64_t a = 0, b = 0;
	char *m;

	check("pier_map 32 MiB anywhere", pier_map(0, BIG, RW, &a), PIER_OK);
	check("every piece is there", mapped(a) && mapped(a + MAX * PG) && mapped(a + (BIG - 1) * PG), 1);
	check("fresh pages are zero", *(volatile uint64_t *)(uintptr_t)(a + (BIG - 1) * PG), 0);
	memset((void *)(uintptr_t)a, 0x5a, (size_t)BIG * PG);
	check("pier_protect 32 MiB", pier_protect(a, BIG, PIER_PROT_R), PIER_OK);
	check("the last piece is read-only", mapped(a + (BIG - 1) * PG), PIER_PROT_R);
	check("pier_unmap 32 MiB", pier_unmap(a, BIG), PIER_OK);
	check("the last piece is gone", mapped(a + (BIG - 1) * PG), 0);

	/* At an address, with a page in the way of the last piece: nothing stays. */
	check("a page in the way", pier_map(AT + (BIG - 1) * PG, 1, PIER_PROT_R, NULL), PIER_OK);
	check("pier_map over it", pier_map(AT, BIG, RW, &b), PIER_E_STATE);
	check("the pieces before it went again", mapped(AT) || mapped(AT + (BIG - 2) * PG), 0);
	pier_unmap(AT + (BIG - 1) * PG, 1);

	m = malloc(16u << 20);
	check("malloc 16 MiB", m != NULL, 1);
	if (m)
		memset(m, 1, 16u << 20);
	free(m);
}

int main(int argc, char **argv)
{
	struct pier_time now = { 0 };
	struct pier_timer_set t = { .flags = PIER_TIMER_RELATIVE };
	struct pier_timer_id id;
	uint32_t port;

	bounded = argc > 1 && !strcmp(argv[1], "bound");
	pier_call(PIER_H_TIMER, PIER_TIMER_NOW, NULL, 0, &now, sizeof(now), NULL);
	hz = now.hz;
	pier_port_create(on_tick, 20, 0, 0, &port);
	t.port = port;
	t.when = t.period = hz / 1000;
	check("a timer every millisecond",
	      pier_call(PIER_H_TIMER, PIER_TIMER_SET, &t, sizeof(t), &id, sizeof(id), NULL), PIER_OK);
	refused();
	pieces();
	printf("mapbig: %d ticks, the latest queued %lu ticks after due\n", ticks, (unsigned long)worst);
	check("the timer kept ticking", ticks > 0, 1);
	/* Only under -icount is time exact: a piece is ~0.22 ms there. */
	if (bounded)
		check("no tick queued a millisecond late", worst < hz / 1000, 1);
	printf("mapbig: done\n");
	pier_exit(fails);      /* main's return would leave the ticking port serving */
}
