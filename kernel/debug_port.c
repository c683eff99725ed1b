/* The debug port: early log output from user programs, and a no-op for measuring kernel calls. */
#include <pier/pier.h>
#include "kport.h"
#include "log.h"

struct port debug_port = {
	.serve = debug_serve, .name = "debug", .refs = 1,
};

int debug_serve(struct port *from, struct kcall *k)
{
	(void)from;
	if (k->type == PIER_DEBUG_WRITE) {
		kputs_n(k->data, k->size);
		return PIER_OK;
	}
	if (k->type == PIER_DEBUG_NOP)
		return PIER_OK;
	return PIER_E_TYPE;
}
