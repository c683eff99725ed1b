/* shell: the services part of ps, from init's name port (PIER_NAMES_LIST). */
#include <stdio.h>
#include <pier/names.h>
#include "shell.h"

static const char *const service_states[] = { "waiting", "ready", "held" };

void ps_services(void)
{
	struct pier_names_list req = { 0 };
	struct pier_service_info s;
	uint32_t got, names = pier_names();
	int rc;

	if (!names)
		return;
	printf("service          space restarts state\n");
	/* At most as many as init has: it answers PIER_E_NOENT past the last. */
	for (; (rc = pier_call(names, PIER_NAMES_LIST, &req, sizeof(req), &s, sizeof(s),
			       &got)) == PIER_OK && got == sizeof(s); req.index++)
		printf("%-16.16s %5lu %8u %s\n", s.name, (unsigned long)s.space,
		       (unsigned)s.restarts, s.state < 3 ? service_states[s.state] : "?");
	if (rc != PIER_OK && rc != PIER_E_NOENT)
		printf("ps: services: %s\n", pier_strerror(rc));
}
