/* lazyelf: a program's image loaded page by page on first touch, by its code and by kernel copies. */
#include <stdio.h>
#include <string.h>
#include <libpier.h>

/*
 * The image is large on purpose: 64 pages of .rodata, 64 of a table in
 * the text segment, 128 of .bss. The kernel maps none of them at the
 * spawn (docs/design.md, "A program's image"); each is loaded when it is
 * first touched. In this space: a read of a page maps exactly it; a
 * packet sent or a call made from untouched .rodata goes out whole, and a
 * reply into untouched .bss lands (from a port of this space and from
 * another space's); a kernel copy into .rodata is refused and loads
 * nothing; the space port keeps the image the program's (no fixed map
 * over it; query and protect see it whole; an unmapped page comes back
 * from the file). Then children: one stores into .rodata, one runs code
 * in .rodata: two faults, reported as what they are, while a witness
 * answers on; and one whose quota cannot hold its image is refused at
 * spawn (the image's pages are kept for it against its quota there, so
 * a program never runs out of quota on its own code).
 */
#define PG 4096u
#define RO_PAGES 64
#define TX_PAGES 64
#define BSS_PAGES 128
#define CAUSE_FETCH_PAGE 12
#define CAUSE_STORE_PAGE 15
#define IMAGE_START 0x10000u    /* lib/user.ld */

enum { M_ECHO = 1, M_SEEN, M_HELLO };

__attribute__((aligned(PG))) const uint8_t big_ro[RO_PAGES * PG] = { [0 ... RO_PAGES * PG - 1] = 0x5a };
/* In the text segment (R and X, lib/user.ld's .text.*), read as data here. */
__attribute__((section(".text.lazyelf_table"), aligned(PG)))
const uint8_t big_text[TX_PAGES * PG] = { [0 ... TX_PAGES * PG - 1] = 0x13 };
static uint8_t big_bss[BSS_PAGES * PG] __attribute__((aligned(PG)));
extern char __end[];

static int fails, faults, seen;
static uint32_t port_echo, port_kids, witness_echo;
static uint64_t kid_witness, kid_store, kid_exec, kid_oom;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("lazyelf: PASS %s\n", what);
	} else {
		printf("lazyelf: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

/* User pages mapped in this space (tables apart), from the task port's listing. */
static __attribute__((noinline)) long user_pages(void)
{
	struct pier_self me = { 0 };
	struct pier_space_info si;

	pier_self(&me);
	for (uint32_t i = 0; i < 64; i++)
		if (pier_space_info(i, &si) == PIER_OK && si.id == me.space)
			return (long)si.pages;
	return -1;
}

static __attribute__((noinline)) void read_pages(uintptr_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		(void)*(volatile const uint8_t *)(at + i * PG);
}

static __attribute__((noinline)) void write_pages(uintptr_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		*(volatile uint8_t *)(at + i * PG) = 1;
}

/* Pages that fn(at, n) mapped: the code that measures is run once first, so only fn's touches count. */
static __attribute__((noinline)) long mapped_by(void (*fn)(uintptr_t, unsigned), uintptr_t at,
						unsigned n)
{
	long p0 = user_pages();

	fn(at, n);
	return user_pages() - p0;
}

static int on_echo(const struct pier_packet *pkt)
{
	if (pkt->type == M_SEEN) {
		seen = pkt->size == 64 && pkt->data[0] == 0x5a && pkt->data[63] == 0x5a;
		return 0;
	}
	pier_reply(0, pkt->data, pkt->size);
	return 0;
}

static long echo_ro_to_bss(uint32_t port, unsigned ro_page, unsigned bss_page)
{
	uint32_t rsz = 0;
	long p0 = user_pages();
	int rc = pier_call(port, M_ECHO, &big_ro[ro_page * PG], 64, &big_bss[bss_page * PG], 64,
			   &rsz);

	if (rc || rsz != 64 || big_bss[bss_page * PG] != 0x5a ||
	    memcmp(&big_bss[bss_page * PG], &big_ro[ro_page * PG], 64))
		return -100 + rc;
	return user_pages() - p0;
}

static void in_this_space(void)
{
	long image = (long)(((uintptr_t)__end - IMAGE_START) / PG), at_start = user_pages();
	uint8_t warm[2 * PG];
	struct pier_query q = { 0 };
	long p0;

	printf("lazyelf: started with %ld of its %ld image pages mapped\n", at_start, image);
	check("an image of over 256 pages", image > RO_PAGES + TX_PAGES + BSS_PAGES, 1);
	check("few of them mapped at the start", at_start <= 32, 1);
	mapped_by(read_pages, (uintptr_t)warm, 1);      /* the measuring code, once */
	mapped_by(write_pages, (uintptr_t)warm, 1);
	check("a read of one .rodata page maps it", mapped_by(read_pages, (uintptr_t)&big_ro[10 * PG], 1), 1);
	check("again: nothing more", mapped_by(read_pages, (uintptr_t)&big_ro[10 * PG], 1), 0);
	check("reads of four text-table pages map four", mapped_by(read_pages, (uintptr_t)&big_text[20 * PG], 4), 4);
	check("the table's bytes", big_text[20 * PG + 5], 0x13);
	check("writes to three .bss pages map three", mapped_by(write_pages, (uintptr_t)&big_bss[10 * PG], 3), 3);
	check("a .bss page reads zero", mapped_by(read_pages, (uintptr_t)&big_bss[20 * PG], 1), 1);
	check("...and is zero", big_bss[20 * PG + 100], 0);

	check("an echo port", pier_port_create(on_echo, 14, 0, 0, &port_echo), PIER_OK);
	check("an echo of stack bytes", pier_call(port_echo, M_ECHO, warm, 64, warm + 64, 64, NULL), PIER_OK);
	check("a call from untouched .rodata into untouched .bss", echo_ro_to_bss(port_echo, 30, 40), 2);
	p0 = user_pages();
	check("a send from untouched .rodata", pier_send(port_echo, M_SEEN, &big_ro[33 * PG], 64), PIER_OK);
	check("it arrived whole", seen, 1);
	check("one page loaded for it", user_pages() - p0, 1);
	p0 = user_pages();
	check("a kernel reply into .rodata is refused",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &(struct pier_range){ .addr = 0x10000 },
			sizeof(struct pier_range), (void *)&big_ro[34 * PG], sizeof(q), NULL),
	      PIER_E_UNMAPPED);
	check("and loaded nothing", user_pages() - p0, 0);

	p0 = user_pages();
	check("a kernel reply into 40 pages of untouched .bss",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &(struct pier_range){ .addr = 0x10000 },
			sizeof(struct pier_range), &big_bss[80 * PG], 40 * PG, NULL), PIER_OK);
	check("loads the one page the reply fills", user_pages() - p0, 1);
	p0 = user_pages();
	check("no fixed map over untouched .bss", pier_map((uintptr_t)&big_bss[60 * PG], 1,
							   PIER_PROT_R | PIER_PROT_W, NULL), PIER_E_STATE);
	check("nor over untouched text", pier_map((uintptr_t)&big_text[60 * PG], 1, PIER_PROT_R, NULL),
	      PIER_E_STATE);
	check("query an untouched .rodata page", pier_query((uintptr_t)&big_ro[50 * PG], &q), PIER_OK);
	check("it is there, read-only", q.mapped && q.prot == PIER_PROT_R, 1);
	check("the query loaded nothing", user_pages() - p0, 0);
	struct pier_query u0, u1;

	pier_query(0x10000, &u0);
	check("protect two untouched .bss pages read-only",
	      pier_protect((uintptr_t)&big_bss[70 * PG], 2, PIER_PROT_R), PIER_OK);
	check("they were loaded for it", user_pages() - p0, 2);
	pier_query(0x10000, &u1);
	check("out of what the spawn kept for its image (charged as before)", u1.pages == u0.pages, 1);
	check("a kernel reply into them is refused",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &(struct pier_range){ .addr = 0x10000 },
			sizeof(struct pier_range), &big_bss[70 * PG], sizeof(q), NULL),
	      PIER_E_UNMAPPED);
	check("unmap them", pier_unmap((uintptr_t)&big_bss[70 * PG], 2), PIER_OK);
	check("gone", user_pages() - p0, 0);
	check("a touch brings one back from the file, writable",
	      mapped_by(write_pages, (uintptr_t)&big_bss[70 * PG], 1), 1);
}

/* ---- the children ---- */

static int witness_port(const struct pier_packet *pkt)
{
	pier_reply(0, pkt->data, pkt->size);
	return 0;
}

static int child_main(const char *role)
{
	uint32_t h;

	if (!strcmp(role, "witness")) {
		if (pier_port_create(witness_port, 4, 0, 0, &h))
			return 1;
		return pier_send_grant(PIER_H_PARENT, M_HELLO, NULL, 0, h) ? 1 : 0;
	}
	if (!strcmp(role, "store"))
		*(volatile uint8_t *)&big_ro[5 * PG] = 1;
	if (!strcmp(role, "exec"))
		((void (*)(void))(uintptr_t)&big_ro[6 * PG])();
	if (!strcmp(role, "oom"))
		write_pages((uintptr_t)big_bss, BSS_PAGES);
	return 2;       /* not reached: each faults */
}

static void spawn_hostile(void)
{
	check("a child that stores into .rodata",
	      pier_spawn_stack("lazyelf store", 4, 4, 0, port_kids, 0, 0, &kid_store), PIER_OK);
	check("a child that runs .rodata",
	      pier_spawn_stack("lazyelf exec", 4, 4, 0, port_kids, 0, 0, &kid_exec), PIER_OK);
	check("a child whose quota cannot hold its image is refused",
	      pier_spawn_stack("lazyelf oom", 4, 4, 0, port_kids, 64, 0, &kid_oom), PIER_E_QUOTA);
}

static void on_fault(const struct pier_packet *pkt)
{
	struct pier_fault f;
	uint32_t rsz = 0;
	char back[8] = { 0 };

	memcpy(&f, pkt->data, sizeof(f));
	if (f.space == kid_store)
		check("the store faults at its address", f.cause == CAUSE_STORE_PAGE &&
		      f.addr == (uintptr_t)&big_ro[5 * PG], 1);
	else if (f.space == kid_exec)
		check("the fetch faults at its address", f.cause == CAUSE_FETCH_PAGE &&
		      f.addr == (uintptr_t)&big_ro[6 * PG], 1);
	else if (f.space == kid_oom)
		check("the child out of quota faults on a store into .bss", f.cause == CAUSE_STORE_PAGE &&
		      f.addr >= (uintptr_t)big_bss && f.addr < (uintptr_t)big_bss + sizeof(big_bss), 1);
	else
		check("a fault of a known child", (long)f.space, 0);
	check("kill it", pier_kill(f.space), PIER_OK);
	if (++faults < 2)
		return;
	check("the witness answers", pier_call(witness_echo, M_ECHO, "witness", 8, back, sizeof(back),
					       &rsz) == PIER_OK && rsz == 8 && !strcmp(back, "witness"), 1);
	printf("lazyelf: witness space %lu still running after the faults\n", (unsigned long)kid_witness);
	check("kill the witness", pier_kill(kid_witness), PIER_OK);
	printf("lazyelf: done\n");
	pier_exit(fails);
}

static int on_kids(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case M_HELLO:
		witness_echo = pier_handle_take(pkt);
		check("the witness's port", witness_echo != 0, 1);
		check("a call from its untouched .rodata into untouched .bss, across spaces",
		      echo_ro_to_bss(witness_echo, 31, 41), 2);
		spawn_hostile();
		break;
	case PIER_MSG_FAULT:
		on_fault(pkt);
		break;
	case PIER_MSG_ENDED:
	case PIER_HELLO:
		break;
	default:
		check("a packet of a known type", pkt->type, 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child_main(argv[1]);
	in_this_space();
	check("the children's port", pier_port_create(on_kids, 12, PIER_DEPTH_MAX, PIER_PORT_GRANTS,
						      &port_kids), PIER_OK);
	check("supervise", pier_supervise(port_kids), PIER_OK);
	check("spawn the witness", pier_spawn_stack("lazyelf witness", 4, 4, 0, port_kids, 0, 0,
						    &kid_witness), PIER_OK);
	return 0;
}
