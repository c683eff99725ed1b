/* handles: a handle to a port that has gone can be given back, and its number is used again. */

/*
 * The driver spawns "handles child" above itself. The child makes a port,
 * grants it to the driver's mailbox and exits, so the driver is left with
 * a handle to a port that has gone. PIER_TASK_HANDLE_DROP must empty that
 * entry, refuse the well-known handles and the driver's own live ports,
 * and leave the number free for the next grant.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

#define T_GIFT 0x47

static uint32_t mailbox, gift;
static int fails;

static void check(const char *what, int got, int want)
{
	if (got == want) {
		printf("handles: PASS %s\n", what);
	} else {
		printf("handles: FAIL %s: got %s, want %s\n", what, pier_strerror(got),
		       pier_strerror(want));
		fails++;
	}
}

/* Above the driver: a gift is recorded before the spawn call returns to it. */
static int on_mailbox(const struct pier_packet *pkt)
{
	if (pkt->type == T_GIFT)
		gift = pier_handle_take(pkt);
	return PIER_OK;
}

static int on_nothing(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

/* The child: a port of its own, granted to the parent; then it exits. */
static int child(void)
{
	uint32_t port;
	int rc = pier_port_create(on_nothing, 4, 0, 0, &port);

	if (rc == PIER_OK)
		rc = pier_send_grant(PIER_H_PARENT, T_GIFT, NULL, 0, port);
	pier_exit(rc == PIER_OK ? 0 : 1);
}

/* Spawn a child and return the handle it granted, or 0. */
static uint32_t gift_from_child(void)
{
	uint64_t space;
	int rc;

	gift = 0;
	rc = pier_spawn("handles child", 20, mailbox, &space);
	check("spawn a child", rc, PIER_OK);
	return gift;
}

int main(int argc, char **argv)
{
	uint32_t own, h, again;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child();
	check("make the mailbox", pier_port_create(on_mailbox, 12, 0, PIER_PORT_GRANTS, &mailbox), PIER_OK);
	check("make a port", pier_port_create(on_nothing, 4, 0, 0, &own), PIER_OK);

	check("drop handle 0", pier_handle_drop(PIER_H_NONE), PIER_E_HANDLE);
	check("drop a handle never given", pier_handle_drop(4000), PIER_E_HANDLE);
	check("drop the task port's handle", pier_handle_drop(PIER_H_TASK), PIER_E_ARG);
	check("drop the space port's handle", pier_handle_drop(PIER_H_SPACE), PIER_E_ARG);
	check("drop a live port of our own", pier_handle_drop(own), PIER_E_STATE);
	check("that port still takes packets", pier_send(own, 1, NULL, 0), PIER_OK);

	h = gift_from_child();
	if (!h) {
		printf("handles: FAIL the child granted no handle\n");
		pier_exit(1);
	}
	check("a send to the child's port, gone", pier_send(h, 1, NULL, 0), PIER_E_GONE);
	check("drop its handle", pier_handle_drop(h), PIER_OK);
	check("drop it again", pier_handle_drop(h), PIER_E_HANDLE);
	check("a send through the dropped handle", pier_send(h, 1, NULL, 0), PIER_E_HANDLE);

	again = gift_from_child();
	check("the next grant reuses the number", again == h ? PIER_OK : PIER_E_STATE, PIER_OK);
	check("and drops as well", pier_handle_drop(again), PIER_OK);

	check("destroy our own port", pier_port_destroy(own), PIER_OK);
	if (!fails)
		printf("handles: done\n");
	pier_exit(fails ? 1 : 0);
}
