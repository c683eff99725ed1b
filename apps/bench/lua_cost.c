/* bench: figure 17, Lua (ports/lua) started, recursing N levels deep, and ended: a real program's cost. */
#include <stdio.h>
#include <string.h>
#include "figures.h"

/*
 * From before the spawn call to the first instruction of the handler
 * that gets the program's PIER_MSG_ENDED (this space supervises it):
 * the kernel loading the interpreter, Lua starting its state and
 * libraries, compiling the chunk, the recursion (a Lua call and a stack
 * frame on the heap per level: the allocator and the collector at work),
 * and the exit. Two depths: were a level's cost to grow with the number
 * of live blocks, as with picolibc's first-fit malloc, the deeper run
 * would cost more than six times the difference per level.
 */
#define LUA_CMD "lua -e 'local function d(k) if k == 0 then return 0 end " \
		"return 1 + d(k - 1) end assert(d(%u) == %u)'"

static uint32_t watch;             /* gets the children's ENDED */
static uint64_t end_stamp, end_space;
static int end_code;
static unsigned ends;

static int h_ended(const struct pier_packet *pkt, uint64_t stamp)
{
	struct pier_ended e;

	if (pkt->type != PIER_MSG_ENDED || pkt->size != sizeof(e))
		return PIER_OK;         /* a fault report: the sample sees no end */
	memcpy(&e, pkt->data, sizeof(e));
	end_stamp = stamp;
	end_space = e.space;
	end_code = (int)e.code;
	ends++;
	return PIER_OK;
}

int lua_setup(void)
{
	int rc = port_new(bench_entry, (uintptr_t)h_ended, PRIO_MAILBOX, 4, &watch);

	return rc == PIER_OK ? pier_supervise(watch) : rc;
}

static int lua_run(unsigned depth, uint32_t *d)
{
	char cmd[160];
	unsigned before = ends;
	uint64_t space, a;
	int rc;

	snprintf(cmd, sizeof(cmd), LUA_CMD, depth, depth);
	a = instret();
	rc = pier_spawn_max(cmd, PRIO_CHILD, PRIO_CHILD, 0, 0, 0, &space);
	if (rc == PIER_OK)
		rc = settle();  /* the child outranks the settle port: it runs to its end */
	if (rc == PIER_OK && (ends != before + 1 || end_space != space || end_code != 0))
		rc = PIER_E_STATE;
	*d = (uint32_t)(end_stamp - a);
	return rc;
}

int s_lua25k(uint32_t *d)
{
	return lua_run(25000, d);
}

int s_lua150k(uint32_t *d)
{
	return lua_run(150000, d);
}
