/*
 * Defects 4 and 7: any space could run at priority 31 and starve
 * everyone, and a limited space could spawn an unlimited child, charged
 * to nobody. Defect 5: a dead supervisor port kept its freed space's
 * address, so a new space built in that memory could kill the children
 * it had supervised.
 */
#include <stdio.h>
#include "hostile.h"

static uint64_t used(void)
{
	struct pier_query q = { 0 };

	pier_query(0x10000, &q);
	return q.pages;
}

void test_spaces(void)
{
	uint32_t h;
	uint64_t id, before;

	/* This space was started with maxprio=25. */
	check("a port above this space's maximum", pier_port_create(0, 26, 0, 0, &h),
	      PIER_E_RIGHTS);
	check("a child allowed more than this space",
	      pier_spawn_max("hostile idle", 12, 26, 0, 0, 40, &id), PIER_E_RIGHTS);
	mail.reports = mail.report_fails = 0;
	check("spawn a child with maximum 12", spawn_role("prio", 40, &id), PIER_OK);
	check("it was refused everything above 12", mail.reports * 100 + mail.report_fails, 100);

	/* This space was started with a quota. */
	check("an unlimited child", pier_spawn_max("hostile idle", 12, 12, 0, 0, 0, &id),
	      PIER_E_QUOTA);
	check("a child given more than this space has",
	      pier_spawn_max("hostile idle", 12, 12, 0, 0, 1u << 20, &id), PIER_E_QUOTA);
	before = used();
	mail.ports = 0;
	check("a limited child", spawn_role("quota", 100, &id), PIER_OK);
	check("its own limits held", mail.reports * 100 + mail.report_fails, 200);
	check("its quota is charged here while it lives", used() >= before + 100, 1);
	check("tell it to quit", mail.ports == 1 ? pier_send(mail.port, M_QUIT, 0, 0) : -1, PIER_OK);
	check("its quota is given back when it dies", used(), before);
	pier_handle_drop(mail.port);
}

void test_supervisor(void)
{
	uint64_t sleeper, killer;

	mail.ids = mail.ports = mail.statuses = 0;
	check("spawn a supervisor of a sleeper", spawn_role("sup", 100, &killer), PIER_OK);
	check("it told the sleeper's id and exited", mail.ids == 1 && mail.ports == 1 &&
	      !space_alive(killer), 1);
	sleeper = mail.id;
	/* The freed space's memory is the next one a space takes. */
	char role[40];

	snprintf(role, sizeof(role), "killer %lu", (unsigned long)sleeper);
	check("spawn a space where the supervisor was", spawn_role(role, 40, &killer), PIER_OK);
	check("it may not kill the sleeper", mail.statuses == 1 ? mail.status : 1, PIER_E_RIGHTS);
	check("the sleeper lives", space_alive(sleeper), 1);
	check("tell the sleeper to quit", pier_send(mail.port, M_QUIT, 0, 0), PIER_OK);
	check("it has gone", space_alive(sleeper), 0);
	pier_handle_drop(mail.port);
}
