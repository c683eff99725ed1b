/*
 * hostile: the isolation issue's defects, tried again from one
 * unprivileged space (started with a quota and no super right). Each
 * attack that once panicked, hung, starved or drained the machine now
 * gets a named status, and the rest of the system (init, the console
 * driver printing this) keeps running. The timer, map and device attacks
 * have programs of their own.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "hostile.h"

int fails;
struct mail mail;
uint32_t mailbox;

void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("hostile: PASS %s\n", what);
	} else {
		printf("hostile: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* Above every child, so what they send is recorded before they go on. */
static int on_mail(const struct pier_packet *pkt)
{
	int v = 0;

	if (pkt->size >= sizeof(int))
		memcpy(&v, pkt->data, sizeof(v));
	mail.badge = pkt->badge;
	switch (pkt->type) {
	case M_REPORT:
		mail.reports++;
		mail.report_fails += v;
		break;
	case M_ID:
		memcpy(&mail.id, pkt->data, sizeof(mail.id));
		mail.ids++;
		break;
	case M_PORT:
		mail.port = pier_handle_take(pkt);
		mail.port_at[v & 3] = mail.port;
		mail.ports++;
		break;
	case M_STATUS:
		mail.status = v;
		mail.statuses++;
		break;
	case PIER_MSG_ANSWER: {
		const struct pier_answer *a = (const void *)pkt->data;

		mail.answer_type = a->type;
		mail.answer_status = a->status;
		mail.answers++;
		break;
	}
	}
	return PIER_OK;
}

int mailbox_make(void)
{
	return pier_port_create(on_mail, 20, PIER_DEPTH_MAX, PIER_PORT_GRANTS, &mailbox);
}

int spawn_role(const char *role, uint64_t quota, uint64_t *id)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "hostile %s", role);
	return pier_spawn_max(cmd, 12, 12, 0, mailbox, quota, id);
}

int space_alive(uint64_t id)
{
	struct pier_space_info s;

	for (uint32_t i = 0; pier_space_info(i, &s) == PIER_OK; i++)
		if (s.id == id)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct pier_meminfo m;

	if (argc > 1)
		return child_main(argv[1], argc > 2 ? argv[2] : "");
	check("make the mailbox", mailbox_make(), PIER_OK);
	test_answers();
	test_spaces();
	test_supervisor();
	test_consent();
	test_frames();
	/* Everyone else runs on: init is there, and the console driver
	 * printed every line above. */
	check("init still runs", space_alive(1), 1);
	check("the kernel still answers", pier_meminfo(&m), PIER_OK);
	printf("hostile: %d failed\n", fails);
	if (!fails)
		printf("hostile: done\n");
	pier_port_destroy(mailbox);
	return fails;
}
