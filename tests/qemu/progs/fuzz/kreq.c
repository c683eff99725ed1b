/* fuzz: well-formed requests to kernel ports, made as calls, as answered sends or as plain sends. */
#include <string.h>
#include "fuzz.h"

/*
 * Make a request to a kernel port. A call puts the reply in the checked
 * reply buffer and copies what fits into k->reply; an answered send has
 * its answer queued at one of our ports; a plain send drops the reply.
 * Now and then the size is off by a little, or the packet is somewhere bad.
 */
int fz_kreq(struct fz_kr *k)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .type = k->type, .dst = k->dst, .pktsz = k->size,
		.pkt = (const void *)(uintptr_t)SCR_REQ, .rsz = RSZ_UNSET,
	};
	uint64_t fva = SCR_BASE + 8 * below(8);
	uint32_t r = below(100), size = k->size > 1024 ? 1024 : k->size;
	struct pier_frame after;
	int rc;

	memcpy((void *)(uintptr_t)SCR_REQ, k->req, size);
	if (!k->exact && chance(6))
		f.pktsz = size + PICK32(1, 8, (uint32_t)-1, (uint32_t)-8, 200);
	if (f.pktsz > 1024)
		f.pktsz = 0;
	if (!k->exact && chance(2))
		f.pkt = (const void *)(uintptr_t)PICK64(0, 0xffffffc080200000ull, SCR_HOLE - 4);
	if (k->how == KREQ_ANY)
		k->how = k->answer || r < 25 ? KREQ_ANSWER : r < 32 ? KREQ_SEND : KREQ_CALL;
	if (k->how == KREQ_ANSWER) {
		f.flags = PIER_OP_SEND | PIER_F_ANSWER;
		f.grant = k->answer ? k->answer : fz_pick_answer();
	} else if (k->how == KREQ_SEND) {
		f.flags = PIER_OP_SEND;
		f.grant = k->grant;
	} else {
		f.flags = PIER_OP_CALL;
		f.grant = k->grant;
		f.rbuf = (void *)(uintptr_t)(SCR_RB + (chance(80) ? 8 * below(64) : below(PG)));
		f.rbufsz = k->exact || chance(85) ? k->replymax :
			   PICK32(0, k->replymax ? k->replymax - 1 : 1, 256, 4096, below(300));
	}
	fz_guard_fill();
	memcpy((void *)(uintptr_t)fva, &f, sizeof(f));
	rc = fz_ecall_at(fva, &f);
	fz_check(rc, &f, fva, "kernel request");
	if (k->reply)
		memset(k->reply, 0, k->replymax);
	if (k->how != KREQ_CALL)
		return rc;
	memcpy(&after, (const void *)(uintptr_t)fva, sizeof(after));
	fz_guard_check((uintptr_t)f.rbuf, f.rbufsz, &after, rc, &f, fva);
	if (rc == PIER_OK && k->reply && after.rsz <= k->replymax)
		memcpy(k->reply, f.rbuf, after.rsz);
	if (rc == PIER_OK && after.rgrant)
		fz_check(pier_handle_drop(after.rgrant), NULL, 0, "drop of a reply's handle");
	return rc;
}

/* A handle for a request's field: ours, children's, the kernel's, none, gone, huge. */
uint32_t fz_pick_handle(void)
{
	uint32_t r = below(100), h = 0;

	if (r < 35)
		h = fz_slot_handle();
	else if (r < 47)
		h = fz_kid_port();
	else if (r < 62)
		h = 1 + below(6);
	else if (r < 67)
		return 0;
	else if (r < 90)
		h = 7 + below(70);
	else
		h = PICK32(4095, 16383, 16384, 1u << 31, 0xffffffffu);
	return h ? h : 7 + below(70);
}

/* What to destroy or drop: our fuzz ports mostly; never our infrastructure. */
uint32_t fz_pick_victim(void)
{
	uint32_t h = chance(55) ? fz_slot_handle() : fz_pick_handle();

	return fz_is_infra(h) ? 0 : h;
}

/* Maps outside the window, to unmap at the end of the batch. */
static struct {
	uint64_t addr;
	uint32_t pages;
} far[32];
static unsigned nfar;

void fz_map_note(uint64_t addr, uint32_t pages)
{
	if (addr >= WIN_BASE && addr + (uint64_t)pages * PG <= WIN_BASE + (uint64_t)WIN_PAGES * PG)
		return;
	/* Refused anyway, below the program (unmapped whole at the end), or the program's own. */
	if (addr < WIN_BASE || addr >= 0x1000000000ull || (addr & (PG - 1)))
		return;
	if (pages > 64)
		pages = 64;
	if (nfar < 32) {
		far[nfar].addr = addr;
		far[nfar].pages = pages;
		nfar++;
	}
}

/* Unmap everything a fuzz step may have mapped in this space. */
void fz_map_cleanup(void)
{
	fz_check(pier_unmap(WIN_BASE, WIN_PAGES), NULL, 0, "window unmap");
	fz_check(pier_unmap(0x1000, 15), NULL, 0, "low unmap");
	for (unsigned i = 0; i < nfar; i++)
		fz_check(pier_unmap(far[i].addr, far[i].pages), NULL, 0, "far unmap");
	nfar = 0;
}
