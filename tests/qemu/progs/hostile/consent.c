/*
 * Defects 8 and 9: pages shared into a space, and handles granted into
 * its table, were charged to it without its asking: 30,720 shares took
 * the machine's free RAM from 32,286 pages to 1,503, and 16,374 granting
 * calls filled the console driver's table. Now a port must consent
 * (PIER_PORT_SHARES, PIER_PORT_GRANTS), what it takes in is bounded by
 * its own quota, and a handle its handler does not take goes back.
 */
#include <stdio.h>
#include <string.h>
#include "hostile.h"

#define SHARE_AT 0x900000000ull
#define STRIDE (2ull << 20)     /* a new page table for every share */
#define CALLS 3000

static uint32_t plain, grants, shares;

/* The server grants its three ports in order: plain, grants, shares. */
static int start_server(uint64_t *id)
{
	int rc;

	mail.ports = 0;
	rc = spawn_role("server", 52, id);     /* 12 of them its 64 KiB main stack */
	if (rc == PIER_OK && mail.ports != 3)
		rc = PIER_E_STATE;
	return rc;
}

static uint64_t server_used(uint64_t id)
{
	struct pier_space_info s;

	for (uint32_t i = 0; pier_space_info(i, &s) == PIER_OK; i++)
		if (s.id == id)
			return s.used;
	return 0;
}

static void shares_test(uint64_t id)
{
	struct pier_meminfo m0, m1;
	uint64_t a, out;
	int rc = PIER_OK, i;

	check("map a page to share", pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, &a), PIER_OK);
	check("share into a port that did not ask",
	      pier_share(plain, a, 1, PIER_PROT_R, 0, &out), PIER_E_RIGHTS);
	check("nor through one that takes grants",
	      pier_share(grants, a, 1, PIER_PROT_R, 0, &out), PIER_E_RIGHTS);
	pier_meminfo(&m0);
	for (i = 0; i < 1000 && rc == PIER_OK; i++)
		rc = pier_share(shares, a, 1, PIER_PROT_R, SHARE_AT + i * STRIDE, &out);
	check("shares at 2 MiB strides end at the receiver's quota", rc, PIER_E_QUOTA);
	pier_meminfo(&m1);
	printf("hostile: %d shares took %lu pages of RAM, receiver at %lu of 40\n", i - 1,
	       (unsigned long)(m0.free_pages - m1.free_pages), (unsigned long)server_used(id));
	check("they cost the machine at most the receiver's quota",
	      m0.free_pages - m1.free_pages <= 40, 1);
	pier_unmap(a, 1);
}

static int call_grant(uint32_t to, uint32_t type, uint32_t grant)
{
	struct pier_frame f = { .dst = to, .type = type, .grant = grant };

	return pier_call_frame(&f);
}

static void grants_test(uint64_t id)
{
	uint64_t before = server_used(id);
	int rc = PIER_OK, i;

	check("grant to a port that did not ask",
	      pier_send_grant(plain, 1, NULL, 0, mailbox), PIER_E_RIGHTS);
	for (i = 0; i < CALLS && rc == PIER_OK; i++)
		rc = pier_send_grant(grants, 1, NULL, 0, mailbox);
	check("thousands of unasked grants, each accepted", i * (rc == PIER_OK), CALLS);
	check("and dropped: the server's table did not grow", server_used(id), before);
	check("a keep without a handle", call_grant(grants, M_KEEP, 0), PIER_E_HANDLE);
	check("it still takes the grant it wants", call_grant(grants, M_KEEP, mailbox), PIER_OK);
}

void test_consent(void)
{
	uint64_t id;

	check("start a server", start_server(&id), PIER_OK);
	plain = mail.port_at[0];
	grants = mail.port_at[1];
	shares = mail.port_at[2];
	shares_test(id);
	grants_test(id);
	pier_send(plain, M_QUIT, 0, 0);
	check("the server quit", space_alive(id), 0);
	pier_handle_drop(plain);
	pier_handle_drop(grants);
	pier_handle_drop(shares);
}
