/* mem: the space port's requests and statuses, malloc over it, quotas, and no page lost across spawn and exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include "image_touch.h"

#define PG 4096u
#define ROUNDS 10

static int fails, rounds;
static uint32_t port_done;
static uint64_t free_before;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("mem: PASS %s\n", what);
	} else {
		printf("mem: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static uint64_t free_pages(void)
{
	struct pier_meminfo m = { 0 };

	pier_meminfo(&m);
	return m.free_pages;
}

static void requests(void)
{
	struct pier_query q;
	uint64_t a = 0, b = 0;

	check("map anywhere", pier_map(0, 4, PIER_PROT_R | PIER_PROT_W, &a), PIER_OK);
	memset((void *)(uintptr_t)a, 0x5a, 4 * PG);
	check("query mapped", pier_query(a + PG, &q) == PIER_OK && q.mapped, 1);
	check("query prot", q.prot, PIER_PROT_R | PIER_PROT_W);
	check("protect read-only", pier_protect(a, 4, PIER_PROT_R), PIER_OK);
	pier_query(a, &q);
	check("query after protect", q.prot, PIER_PROT_R);
	check("map over a mapping", pier_map(a, 1, PIER_PROT_R, NULL), PIER_E_STATE);
	check("unmap", pier_unmap(a, 4), PIER_OK);
	pier_query(a, &q);
	check("query unmapped", q.mapped, 0);
	check("map W and X", pier_map(0, 1, PIER_PROT_W | PIER_PROT_X, NULL), PIER_E_ARG);
	check("protect to W and X", pier_protect(0x10000, 1, PIER_PROT_W | PIER_PROT_X), PIER_E_ARG);
	check("map misaligned", pier_map(0x900000001ull, 1, PIER_PROT_R, NULL), PIER_E_ALIGN);
	check("map no pages", pier_map(0, 0, PIER_PROT_R, NULL), PIER_E_ARG);
	check("map no permission", pier_map(0, 1, 0, NULL), PIER_E_ARG);
	check("map in the stack area", pier_map(0x3e00000000ull, 1, PIER_PROT_R, NULL), PIER_E_RANGE);
	check("unmap kernel memory", pier_unmap(0xffffffc000000000ull, 1), PIER_E_RANGE);
	check("protect unmapped", pier_protect(0x900000000ull, 1, PIER_PROT_R), PIER_E_UNMAPPED);
	check("map at an address", pier_map(0x900000000ull, 2, PIER_PROT_R | PIER_PROT_W, &b), PIER_OK);
	check("mapped where asked", b == 0x900000000ull, 1);
	check("fresh pages are zero", *(volatile uint64_t *)(uintptr_t)(b + PG + 8), 0);
	check("unmap it", pier_unmap(b, 2), PIER_OK);
}

static void heap(void)
{
	char *p = malloc(100), *big;
	int *v;

	check("malloc", p != NULL, 1);
	strcpy(p, "grows");
	p = realloc(p, 100000);             /* one line, as promised */
	check("realloc keeps the bytes", p && !strcmp(p, "grows"), 1);
	big = aligned_alloc(4096, 3 * 4096);
	check("aligned_alloc", big && ((uintptr_t)big & 4095) == 0, 1);
	memset(big, 1, 3 * 4096);
	v = calloc(1000, sizeof(*v));
	check("calloc zeroes", v && v[999] == 0, 1);
	free(v);
	free(big);
	free(p);
	/* Our malloc (lib/malloc.c) serves, and a large block's pages go back at free. */
	uint64_t mapped0, back0, mapped1, back1;
	void *huge;

	pier_malloc_pages(&mapped0, &back0);
	check("lib/malloc.c serves malloc", mapped0 > 0, 1);
	huge = malloc(1 << 20);
	check("a large block", huge != NULL, 1);
	memset(huge, 3, 1 << 20);
	free(huge);
	pier_malloc_pages(&mapped1, &back1);
	check("its pages go back at free", (long)(back1 - back0), (long)(mapped1 - mapped0));
	check("and they were at least 1 MiB", mapped1 - mapped0 >= 256, 1);
}

/* A child under a quota: runs out, is told so, frees, and goes on. */
static int quota_child(void)
{
	uint64_t got[64];
	int n = 0, rc = PIER_OK;

	while (n < 64 && (rc = pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, &got[n])) == PIER_OK)
		n++;
	check("quota runs out as a status", rc, PIER_E_QUOTA);
	check("some pages fit the quota", n > 0 && n < 64, 1);
	check("free one", pier_unmap(got[0], 1), PIER_OK);
	check("map again after freeing", pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, NULL), PIER_OK);
	printf("mem: quota child mapped %d pages\n", n);
	return pier_send(PIER_H_PARENT, 2, NULL, 0) == PIER_OK && !fails ? 0 : 1;
}

/* Each round spawns a child that maps memory and exits; at the end no page is missing. */
static int on_done(const struct pier_packet *pkt)
{
	uint64_t space;

	if (pkt->type == 2) {
		check("quota child ok", 1, 1);
		free_before = free_pages();
	} else if (++rounds < ROUNDS) {
		/* fall through to the next spawn */
	} else {
		check("free pages back where they were", (long)free_pages(), (long)free_before);
		printf("mem: done\n");
		pier_exit(fails);
	}
	check("spawn a child", pier_spawn_quota("mem child", 12, 0, port_done, 0, &space), PIER_OK);
	return 0;
}

static int child(void)
{
	void *p = malloc(64 * 1024);
	uint64_t a;

	memset(p, 7, 64 * 1024);
	pier_map(0, 8, PIER_PROT_R | PIER_PROT_W, &a);
	pier_send(PIER_H_PARENT, 1, NULL, 0);
	return 0;   /* exits: every page goes back */
}

int main(int argc, char **argv)
{
	uint64_t space;

	image_touch();        /* it counts free pages (image_touch.h) */
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child();
	if (argc > 1 && !strcmp(argv[1], "quota"))
		return quota_child();
	requests();
	heap();
	pier_port_create(on_done, 4, 0, 0, &port_done);
	/* 40 pages: the image, a stack and a few page tables, then a little heap. */
	check("spawn under a quota", pier_spawn_quota("mem quota", 12, 0, port_done, 40, &space), PIER_OK);
	return 0;
}
