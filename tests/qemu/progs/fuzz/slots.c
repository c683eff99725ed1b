/* fuzz: the ports fuzz steps make, and calls to them that make their handlers reply, hold or fail. */
#include <string.h>
#include "fuzz.h"

uint32_t fz_slot_handle(void)
{
	uint32_t start = below(NSLOTS);

	for (uint32_t i = 0; i < NSLOTS; i++) {
		struct fz_slot *s = &fz.slot[(start + i) % NSLOTS];

		if (s->live && s->handle)
			return s->handle;
	}
	return 0;
}

int fz_slot_free(void)
{
	for (int i = 0; i < NSLOTS; i++)
		if (!fz.slot[i].live)
			return i;
	return -1;
}

static void create(void)
{
	int i = fz_slot_free();
	uint32_t h, flags = chance(20) ? PIER_PORT_IDLE : 0;
	int rc;

#ifdef PIER_PORT_GRANTS
	if (chance(50))
		flags |= PIER_PORT_GRANTS;
#endif
#ifdef PIER_PORT_SHARES
	if (chance(50))
		flags |= PIER_PORT_SHARES;
#endif
	if (i < 0)
		return;
	rc = fz_port_new((uint64_t)i, below(fz.maxprio + 1), 1 + below(PIER_DEPTH_MAX), flags, &h);
	fz_check(rc, NULL, 0, "port create");
	if (rc == PIER_OK) {
		fz.slot[i].handle = h;
		fz.slot[i].live = 1;
	}
}

static void destroy(void)
{
	uint32_t h = fz_slot_handle();

	if (!h)
		return;
	fz_check(pier_port_destroy(h), NULL, 0, "port destroy");
	for (unsigned i = 0; i < NSLOTS; i++)
		if (fz.slot[i].handle == h)
			fz.slot[i].live = 0;
}

/*
 * A call (or a send) that tells the handler what to do: reply small or
 * too large, hold and answer later, grant, fail. Children's ports and
 * the service port run the same handler.
 */
static void command(void)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = chance(80) ? PIER_OP_CALL : PIER_OP_SEND,
		.type = (uint32_t)rnd(), .pktsz = 3 + below(60),
		.pkt = (const void *)(uintptr_t)SCR_PKT, .rsz = RSZ_UNSET,
		.rbuf = (void *)(uintptr_t)(SCR_RB + 8 * below(480)),
		.rbufsz = PICK32(0, 8, 16, 64, 255, 256, 256, 300),
	}, after;
	uint8_t *cmd = (uint8_t *)(uintptr_t)SCR_PKT;
	uint64_t fva = SCR_BASE + 8 * below(8);
	int rc;

	f.dst = chance(70) ? fz_slot_handle() : chance(50) ? fz_kid_port() : 0;
	if (!f.dst)     /* the service port: the fuzzer's, or for a child its parent's */
		f.dst = fz.child ? PIER_H_PARENT : fz.in.svc;
	cmd[0] = (uint8_t)below(8);
	cmd[1] = (uint8_t)rnd();
	cmd[2] = (uint8_t)rnd();
	if (chance(90))         /* mostly a type the port gets; else the kernel's: PIER_E_TYPE */
		f.type &= ~PIER_MSG_KERNEL;
	if (chance(20))
		f.grant = fz_slot_handle();
	fz_guard_fill();
	memcpy((void *)(uintptr_t)fva, &f, sizeof(f));
	rc = fz_ecall_at(fva, &f);
	fz_check(rc, &f, fva, "command");
	memcpy(&after, (const void *)(uintptr_t)fva, sizeof(after));
	if (f.flags == PIER_OP_CALL) {
		fz_guard_check((uintptr_t)f.rbuf, f.rbufsz, &after, rc, &f, fva);
		if (rc == PIER_OK && after.rgrant)
			fz_check(pier_handle_drop(after.rgrant), NULL, 0, "drop of a reply's handle");
	}
}

void fz_ports_step(void)
{
	switch (below(6)) {
	case 0:
		create();
		break;
	case 1:
		destroy();
		break;
	default:
		command();
	}
}
