/* fuzz: detached ports, attach and detach, watches: hostile but well-formed requests. */
#include <string.h>
#include "fuzz.h"

#define KERNEL_VA 0xffffffc080200000ull

static int call(uint32_t type, const void *r, uint32_t size, void *out, uint32_t outsz)
{
	return pier_call(PIER_H_TASK, type, r, size, out, outsz, NULL);
}

/* Serve detached port h from here with the fuzz handler of slot (as fz_port_new's ports). */
int fz_attach(uint32_t h, uint64_t slot, uint32_t prio)
{
	struct pier_port_attach a = { .handle = h, .priority = prio, .entry = (uintptr_t)fz_entry,
				      .arg = slot, .stack_pages = PICK32(0, 1, 2),
				      .flags = chance(50) ? FZ_TAKES_GRANTS : 0 };

	return call(PIER_TASK_PORT_ATTACH, &a, sizeof(a), NULL, 0);
}

/* A detached port, served at once: from then on a fuzz port like the others. */
static void detached(void)
{
	int slot = fz_slot_free();
	struct pier_port_create c = { .depth = PICK32(0, 1, 8, 64, 65),
				      .flags = PIER_PORT_DETACHED | (chance(10) ? PICK32(1, 2, 4) : 0),
				      .entry = rnd(), .priority = (uint32_t)rnd() };
	struct pier_port_created out = { 0 };
	int rc;

	if (slot < 0)
		return;
	rc = call(PIER_TASK_PORT_CREATE, &c, sizeof(c), &out, sizeof(out));
	if (c.flags != PIER_PORT_DETACHED || c.depth > PIER_DEPTH_MAX) {
		if (rc == PIER_OK)
			fz_fail("a detached port with flags 0x%x depth %u was made",
				(unsigned)c.flags, (unsigned)c.depth);
		return;
	}
	if (fz_check(rc, NULL, 0, "detached port create") != PIER_OK)
		return;
	rc = fz_attach(out.handle, (uint64_t)slot, below(fz.maxprio + 1));
	fz_check(rc, NULL, 0, "attach");
	if (rc != PIER_OK) {
		fz_check(pier_port_destroy(out.handle), NULL, 0, "destroy");
		return;
	}
	fz.slot[slot].handle = out.handle;
	fz.slot[slot].live = 1;
}

/* Attach with every field wrong in turn: the fuzzer's detached ports are all served. */
static void attach_bad(void)
{
	struct pier_port_attach a = {
		.handle = chance(60) ? fz_slot_handle() : fz_pick_victim(),
		.priority = PICK32(0, fz.maxprio, fz.maxprio + 1, 31, 32, below(40)),
		.entry = chance(70) ? (uintptr_t)fz_entry : PICK64(0x4000000000ull, KERNEL_VA, ~0ull),
		.arg = 5000 + below(100),
		.stack_pages = PICK32(0, 1, 64, 65, 1000),
		.flags = chance(80) ? 0 : PICK32(1, 2, 4, 8, 0x80000000u),
	};
	int rc = call(PIER_TASK_PORT_ATTACH, &a, PICK32(sizeof(a), sizeof(a), sizeof(a), 16, 40),
		      NULL, 0);

	if (rc == PIER_OK)
		fz_fail("attached handle %u, which nobody had left unserved", (unsigned)a.handle);
	fz_check(rc, NULL, 0, "attach");
}

/* Detach one of ours and serve it again: its calls were restarted, its queue waited. */
static void detach_again(void)
{
	int destroy = chance(20);
	/* A destroy only of our fuzz ports: others (the infrastructure's, or
	 * those an answered create made) are not this step's to end. */
	uint32_t h = destroy || chance(70) ? fz_slot_handle() : fz_pick_victim();
	struct pier_handle_req r = { .handle = h };
	int rc = call(destroy ? PIER_TASK_PORT_DESTROY : PIER_TASK_PORT_DETACH, &r,
		      PICK32(sizeof(r), sizeof(r), sizeof(r), 4), NULL, 0);
	unsigned i;

	fz_check(rc, NULL, 0, "detach");
	if (rc != PIER_OK)
		return;
	for (i = 0; i < NSLOTS; i++)
		if (fz.slot[i].live && fz.slot[i].handle == h)
			break;
	if (i == NSLOTS) {
		fz_fail("handle %u was detached or destroyed, but it is no slot of ours", (unsigned)h);
		return;
	}
	/* A destroy by the owner: the slot is gone. A detach: serve it again. */
	if (fz_attach(h, i, below(fz.maxprio + 1)) != PIER_OK) {
		pier_port_destroy(h);
		fz.slot[i].live = 0;
	}
}

/* Watches of anything, notices to our fuzz ports (never to the fuzzer's own). */
static void watch(void)
{
	struct pier_watch_req w = {
		.handle = chance(50) ? fz_slot_handle() : fz_pick_handle(),
		.port = chance(80) ? fz_slot_handle() : fz_pick_handle(),
		.cookie = below(4),
	};
	int rc;

	if (fz_is_infra(w.port))
		w.port = fz_slot_handle();
	if (chance(60))
		rc = call(PIER_TASK_WATCH, &w, PICK32(sizeof(w), sizeof(w), sizeof(w), 8), NULL, 0);
	else
		rc = pier_unwatch(w.handle, w.cookie);
	fz_check(rc, NULL, 0, "watch");
}

void fz_lend_step(void)
{
	switch (below(6)) {
	case 0:
		detached();
		break;
	case 1:
		attach_bad();
		break;
	case 2:
		detach_again();
		break;
	default:
		watch();
	}
}
