/* The runtime's private ports: made on first need at the space's highest priority, published once (rt_port.h). */
#include <libpier.h>
#include "rt_port.h"

void pier_entry(void);

int rt_port_get(uint32_t *slot, uintptr_t fn, uint32_t depth, uint32_t *handle)
{
	struct pier_port_create req = {
		.entry = (uintptr_t)pier_entry,
		.arg = fn,
		.depth = depth,
		.stack_pages = 1,
	};
	struct pier_port_created out;
	struct pier_handle_req gone;
	struct pier_self me;
	uint32_t none = 0;
	int rc;

	if ((*handle = __atomic_load_n(slot, __ATOMIC_ACQUIRE)) != 0)
		return PIER_OK;
	if ((rc = pier_self(&me)) != PIER_OK)
		return rc;
	req.priority = me.max_prio;
	/* The task port directly: pier_port_create would count it live. */
	rc = pier_call_exact(PIER_H_TASK, PIER_TASK_PORT_CREATE, &req, sizeof(req),
			     &out, sizeof(out));
	if (rc != PIER_OK)
		return rc;
	if (__atomic_compare_exchange_n(slot, &none, out.handle, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		*handle = out.handle;
		return PIER_OK;
	}
	gone = (struct pier_handle_req){ .handle = out.handle };
	pier_call(PIER_H_TASK, PIER_TASK_PORT_DESTROY, &gone, sizeof(gone), NULL, 0, NULL);
	*handle = none;         /* the winner's */
	return PIER_OK;
}
