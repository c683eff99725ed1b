/* lazystack's children: a witness, one whose stack outgrows its quota, one whose kernel copies do. */
#include <stdio.h>
#include <string.h>
#include "lazystack.h"

/* A check reported to the parent, which prints it. */
static void child_check(const char *what, long got, long want)
{
	struct report r = { .got = (int32_t)got, .want = (int32_t)want };

	snprintf(r.what, sizeof(r.what), "%s", what);
	pier_call(PIER_H_PARENT, M_CHECK, &r, sizeof(r), NULL, 0, NULL);
}

/* About 1 KiB a level, each level's frame kept (not a tail call). */
static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char buf[1000];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n == 0)
		return 0;
	return recurse(n - 1) + (unsigned char)buf[0] + (unsigned char)buf[sizeof(buf) - 1];
}

/*
 * Another program on the machine: its call is held until the hostile
 * child has faulted, then it works on (a few pages of its own stack
 * touched for the first time) and says so.
 */
static int witness(void)
{
	struct pier_self me = { 0 };
	int rc = pier_call(PIER_H_PARENT, M_WITNESS, NULL, 0, NULL, 0, NULL);
	unsigned long sum = recurse(20);

	pier_self(&me);
	printf("lazystack: witness space %lu still running after the fault (%lu)\n",
	       (unsigned long)me.space, sum);
	return rc;
}

/* Under a quota of a few dozen pages, an 8 MiB main stack recursed into without end. */
static int grow(void)
{
	recurse(100000);        /* 100 MiB: the quota runs out long before the stack */
	return 1;
}

/* The full child's second port: its stack lends an untouched address. */
static int on_lender(const struct pier_packet *pkt)
{
	uint64_t a = untouched_below();

	(void)pkt;
	return pier_reply(0, &a, sizeof(a));
}

/* Touch 16 KiB of this stack now, while the quota allows: the calls below need no more. */
static __attribute__((noinline)) void prefault(void)
{
	volatile char buf[16 * KIB];

	for (unsigned long i = 0; i < sizeof(buf); i += 512)
		buf[i] = 1;
}

/*
 * A space at its quota: a kernel copy into an untouched page of a
 * handler stack (another port's, which is fair) fails with a status,
 * as a packet read from one does; pages freed, the copy works.
 */
static int full(void)
{
	static struct pier_range q = { .addr = 0x10000 };
	uint64_t got[200], a = 0;
	uint32_t lender;
	int n = 0, rc = PIER_OK;

	prefault();
	child_check("full: an 8 MiB port", pier_port_create_stack(on_lender, 5, 0, 0, 8 * 1024,
								  &lender), PIER_OK);
	child_check("full: its untouched address",
		    pier_call(lender, M_ADDR, NULL, 0, &a, sizeof(a), NULL), PIER_OK);
	while (n < 200 && (rc = pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, &got[n])) == PIER_OK)
		n++;
	child_check("full: the quota used up", rc, PIER_E_QUOTA);
	child_check("full: a kernel reply into an untouched stack page",
		    pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &q, sizeof(q), (void *)a,
			      sizeof(struct pier_query), NULL), PIER_E_QUOTA);
	child_check("full: a packet from an untouched stack page",
		    pier_call(lender, M_ECHO, (void *)(a - 8 * KIB), 64, NULL, 0, NULL),
		    PIER_E_QUOTA);
	/* The page may need a page table too: two pages freed. */
	child_check("full: two pages freed", n > 1 ? pier_unmap(got[0], 1) | pier_unmap(got[1], 1)
		    : -1, PIER_OK);
	child_check("full: the reply goes in now",
		    pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &q, sizeof(q), (void *)a,
			      sizeof(struct pier_query), NULL), PIER_OK);
	child_check("full: the page it touched is charged",
		    ((struct pier_query *)a)->pages + 1 >= ((struct pier_query *)a)->quota, 1);
	pier_send(PIER_H_PARENT, M_FULL_DONE, NULL, 0);
	pier_exit(0);           /* with a port of its own, returning would keep it alive */
	return 0;
}

int child_main(const char *mode)
{
	if (!strcmp(mode, "witness"))
		return witness();
	if (!strcmp(mode, "grow"))
		return grow();
	if (!strcmp(mode, "full"))
		return full();
	return 1;
}
