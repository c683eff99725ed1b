/* fuzz: hostile but well-formed requests to the space port, kept away from the fuzzer's own memory. */
#include "fuzz.h"

#define PROG_LO 0x10000ull             /* the program, its scratch pages: never unmapped */
#define KERNEL_VA 0xffffffc080200000ull

int main(int argc, char **argv);

/* An address: mostly in the window, sometimes at an edge, sometimes nowhere a space may map. */
static uint64_t pick_addr(int at)
{
	uint32_t r = below(100);

	if (r < 45)
		return WIN_BASE + PG * (chance(60) ? below(64) : below(WIN_PAGES));
	if (r < 52)
		return 0;               /* anywhere (map, share's at); refused elsewhere */
	if (r < 57)
		return WIN_BASE + PG * below(64) + 1 + below(PG - 1);
	if (r < 62)
		return 0x1000 + PG * below(15);
	if (r < 66)
		return PIER_HEAP_END - PG * (1 + below(4));
	if (r < 72 && !at)
		return PICK64((uintptr_t)&main & ~(PG - 1), SCR_BASE, SCR_RO);
	return PICK64(0x3e00000000ull, 0x3f00000000ull - PG, 0x1000000000ull, 0x4000000000ull - PG,
		      KERNEL_VA, ~0xfffull, 1ull << 63, 0x800);
}

static uint32_t pick_pages(int anywhere)
{
	uint32_t n = chance(60) ? PICK32(1, 1, 1, 2, 3, 8, 16) :
		     PICK32(0, 64, 300, 1u << 18, (1u << 18) + 1, 0xffffffffu, below(600));

	if (anywhere && (fz.avoid & AV_BIGMAP) && n > 512)
		n = 512;
	return n;
}

static uint32_t pick_prot(void)
{
	return PICK32(PIER_PROT_R, PIER_PROT_R | PIER_PROT_W, PIER_PROT_R | PIER_PROT_W,
		      PIER_PROT_R | PIER_PROT_X, PIER_PROT_X, PIER_PROT_W,
		      PIER_PROT_W | PIER_PROT_X, 0, 8, 0xff, PIER_PROT_R | 8);
}

/*
 * Unmap and protect may only reach what fuzz steps map: the window, the
 * pages below the program, the end of the program area. Never the
 * program, its scratch pages or its stacks.
 */
static void keep_off_program(uint64_t *addr, uint32_t *pages)
{
	if (*addr >= PROG_LO && *addr < WIN_BASE)
		*addr = WIN_BASE + (*addr & (PG * 64 - 1));
	if (*addr >= 0x1000 && *addr < PROG_LO && !(*addr & (PG - 1)) &&
	    *pages > (PROG_LO - *addr) / PG)
		*pages = (uint32_t)((PROG_LO - *addr) / PG);
}

static int req(uint32_t type, const void *r, uint32_t size, void *reply, uint32_t replymax,
	       int *how)
{
	struct fz_kr k = { .dst = PIER_H_SPACE, .type = type, .req = r, .size = size,
			   .reply = reply, .replymax = replymax, .how = KREQ_ANY };
	int rc = fz_kreq(&k);

	*how = k.how;
	return rc;
}

static void map(void)
{
	struct pier_map r = { .addr = pick_addr(0), .prot = pick_prot() };
	struct pier_mapped out;
	int how, rc;

	r.pages = pick_pages(r.addr == 0);
	rc = req(PIER_SPACE_MAP, &r, sizeof(r), &out, sizeof(out), &how);
	fz_map_note(r.addr, r.pages);
	if (how == KREQ_CALL && rc == PIER_OK && r.addr >= PROG_LO && r.addr < WIN_BASE)
		fz_fail("mapped over the program at 0x%llx", (unsigned long long)r.addr);
	if (how == KREQ_CALL && rc == PIER_OK)
		fz_map_note(out.addr, r.pages);
}

static void unmap_or_protect(int protect)
{
	struct pier_map r = { .addr = pick_addr(0), .pages = pick_pages(0), .prot = pick_prot() };
	struct pier_range u;
	int how;

	keep_off_program(&r.addr, &r.pages);
	if (protect) {
		req(PIER_SPACE_PROTECT, &r, sizeof(r), NULL, 0, &how);
		return;
	}
	u = (struct pier_range){ .addr = r.addr, .pages = r.pages, ._pad = chance(5) };
	req(PIER_SPACE_UNMAP, &u, sizeof(u), NULL, 0, &how);
}

/* The program's text must read as mapped, readable and executable. */
static void query(void)
{
	struct pier_range r = { .addr = chance(20) ? (uintptr_t)&main : pick_addr(0),
				.pages = (uint32_t)rnd() };
	struct pier_query out;
	int how, rc = req(PIER_SPACE_QUERY, &r, sizeof(r), &out, sizeof(out), &how);

	if (how == KREQ_CALL && rc == PIER_OK && r.addr == (uintptr_t)&main &&
	    (!out.mapped || !(out.prot & PIER_PROT_X)))
		fz_fail("query of the program's text: mapped %u prot %u", (unsigned)out.mapped,
			(unsigned)out.prot);
}

/* Share our pages with one of our ports (a second view here), a child's, or a port with no space. */
static void share(void)
{
	struct pier_share r = {
		.addr = chance(70) ? pick_addr(0) : PICK64(SCR_BASE, SCR_RB, SCR_RO),
		.prot = pick_prot(),
		.at = pick_addr(1),
		._pad = chance(5),
	};
	uint32_t pick = below(100);
	int ours = 0, how, rc;
	struct pier_mapped out;

	if (pick < 35) {
		r.to = fz_slot_handle();
		ours = 1;
	} else if (pick < 45) {
		r.to = PICK32(fz.in.ans, fz.in.sync, fz.in.echo);
		ours = 1;
	} else if (pick < 70) {
		r.to = fz_kid_port();
	} else if (pick < 73 && fz.console) {
		r.to = PIER_H_PARENT;
	} else {
		r.to = PICK32(0, 1, 2, 5, 6, 3, 7 + below(60), 0xffffffffu);
		ours = r.to == PIER_H_START || r.to >= 7;
	}
	r.pages = pick_pages(r.at == 0);
	if (ours)
		keep_off_program(&r.at, &r.pages);
	rc = req(PIER_SPACE_SHARE, &r, sizeof(r), &out, sizeof(out), &how);
	if (ours) {
		fz_map_note(r.at, r.pages);
		if (how == KREQ_CALL && rc == PIER_OK)
			fz_map_note(out.addr, r.pages);
	}
}

void fz_space_step(void)
{
	switch (below(8)) {
	case 0:
	case 1:
		map();
		break;
	case 2:
		unmap_or_protect(0);
		break;
	case 3:
		unmap_or_protect(1);
		break;
	case 4:
		query();
		break;
	default:
		share();
	}
}
