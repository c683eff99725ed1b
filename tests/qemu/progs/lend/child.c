/* lend's children: two servers of the parent's detached port, its owner, and a stranger. */
#include <stdio.h>
#include <string.h>
#include "lend.h"
#include "image_touch.h"

static uint32_t svc;            /* the service, from R_GET_SVC */
static uint32_t port_z;

/* A check, made here and counted by the parent (R, PIER_H_PARENT). */
void child_check(const char *what, int got, int want)
{
	struct report r = { .got = got, .want = want };

	strncpy(r.what, what, sizeof(r.what) - 1);
	pier_call(PIER_H_PARENT, R_CHECK, &r, sizeof(r), NULL, 0, NULL);
}

static int get_svc(void)
{
	struct pier_frame f = { .type = R_GET_SVC, .dst = PIER_H_PARENT };
	int rc = pier_call_frame(&f);

	svc = f.rgrant;
	return rc == PIER_OK && !svc ? PIER_E_HANDLE : rc;
}

/* The first server: holds the first two calls, and is killed handling the third. */
static int on_serve1(const struct pier_packet *pkt)
{
	int i;

	if (pkt->type != S_CALL || pkt->size != sizeof(i))
		return PIER_E_TYPE;
	memcpy(&i, pkt->data, sizeof(i));
	if (i < 2)
		return pier_hold() > 0 ? PIER_OK : PIER_E_STATE;
	pier_call(PIER_H_PARENT, R_KILL_ME, NULL, 0, NULL, 0, NULL);
	printf("lend: FAIL the first server lived on\n");
	return PIER_E_STATE;
}

/* The second server answers every call with 10 i + 1 and reports notes. */
static int on_serve2(const struct pier_packet *pkt)
{
	int i;

	if (pkt->size != sizeof(i))
		return PIER_E_PACKET_SIZE;
	memcpy(&i, pkt->data, sizeof(i));
	if (pkt->type == S_NOTE)
		return pier_call(PIER_H_PARENT, R_NOTE, &i, sizeof(i), NULL, 0, NULL);
	i = 10 * i + 1;
	return pier_reply(S_CALL, &i, sizeof(i));
}

/* The third server faults on the first call it handles. */
static int on_faulty(const struct pier_packet *pkt)
{
	(void)pkt;
	return *(volatile int *)0x20000000;
}

/* Runs when the queue is served (below the service): the attacher's destroy only detaches. */
static int on_z(const struct pier_packet *pkt)
{
	(void)pkt;
	child_check("the parent's probe", pier_call(PIER_H_PARENT, R_PROBE, NULL, 0, NULL, 0, NULL),
		    PIER_OK);
	child_check("destroy by the attacher", pier_port_destroy(svc), PIER_OK);
	child_check("a second detach", pier_port_detach(svc), PIER_E_STATE);
	return PIER_OK;
}

int child_main(const char *mode)
{
	uint32_t lent, give;
	int rc;

	if (!strcmp(mode, "owner")) {
		/* Lends its own detached port to the parent, then is killed. */
		rc = pier_port_create_detached(4, &lent);
		if (rc == PIER_OK)
			rc = pier_handle_derive(lent, PIER_R_SEND | PIER_R_SERVE | PIER_R_GRANT, &give);
		if (rc == PIER_OK) {
			struct pier_frame f = { .type = R_LEND, .dst = PIER_H_PARENT, .grant = give };

			rc = pier_call_frame(&f);
		}
		child_check("the owner lends", rc, PIER_OK);
		return rc;
	}
	if ((rc = get_svc()) != PIER_OK) {
		child_check("service handle", rc, PIER_OK);
		return rc;
	}
	if (!strcmp(mode, "other")) {
		/* Neither owner nor server. */
		child_check("destroy by a stranger", pier_port_destroy(svc), PIER_E_RIGHTS);
		child_check("detach by a stranger", pier_port_detach(svc), PIER_E_STATE);
		pier_exit(0);
	}
	if (!strcmp(mode, "serve1"))
		return pier_port_attach(svc, on_serve1, 4, 0);
	if (!strcmp(mode, "faulty"))
		return pier_port_attach(svc, on_faulty, 4, 0);
	if (!strcmp(mode, "small")) {
		/* A stack is charged as it is touched, but its top page at
		 * once (the packet goes there): a quota of 40 pages used up
		 * by mapped pages cannot pay even that. */
		struct pier_port_attach a = { .handle = svc, .priority = 4, .entry = 0x10000,
					      .stack_pages = PIER_STACK_PAGES_MAX };
		int n = 0;

		image_touch();  /* its code, loaded before the quota is gone */
		while (n < 64 && pier_map(0, 1, PIER_PROT_R | PIER_PROT_W, NULL) == PIER_OK)
			n++;
		child_check("the quota used up", n > 0 && n < 64, 1);
		child_check("attach over the quota", pier_call(PIER_H_TASK, PIER_TASK_PORT_ATTACH,
							       &a, sizeof(a), NULL, 0, NULL),
			    PIER_E_QUOTA);
		pier_exit(0);
	}
	rc = pier_port_attach(svc, on_serve2, 4, 0);
	child_check("the second server attaches", rc, PIER_OK);
	child_check("attach twice", pier_port_attach(svc, on_serve2, 4, 0), PIER_E_STATE);
	child_check("Z", pier_port_create(on_z, 3, 0, 0, &port_z), PIER_OK);
	child_check("Z runs after the queue", pier_send(port_z, 0, NULL, 0), PIER_OK);
	return rc;
}
