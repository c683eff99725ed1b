/* The space port from user code: map, unmap, protect, query, share, find; and the sbrk under malloc. */
#include <errno.h>
#include <stddef.h>
#include <libpier.h>

#define PAGE 4096ull
#define PIECE PIER_SPACE_PAGES_MAX

static uint32_t piece(uint32_t left)
{
	return left < PIECE ? left : PIECE;
}

/* One request: at most PIER_SPACE_PAGES_MAX pages. */
static int map_request(uint64_t addr, uint32_t pages, uint32_t prot, uint64_t *out)
{
	struct pier_map req = { .addr = addr, .pages = pages, .prot = prot };
	struct pier_mapped m = { 0 };
	int rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_MAP, &req, sizeof(req),
				 &m, sizeof(m));

	if (rc == PIER_OK && out)
		*out = m.addr;
	return rc;
}

/* [addr, addr + pages) piece by piece; if a piece fails, the pieces mapped go again. */
static int map_pieces(uint64_t addr, uint32_t pages, uint32_t prot)
{
	for (uint32_t done = 0; done < pages; done += piece(pages - done)) {
		int rc = map_request(addr + done * PAGE, piece(pages - done), prot, NULL);

		if (rc != PIER_OK) {
			if (done)
				pier_unmap(addr, done);
			return rc;
		}
	}
	return PIER_OK;
}

int pier_find(uint32_t pages, uint64_t *out)
{
	struct pier_range req = { .pages = pages };
	struct pier_mapped m = { 0 };
	int rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_FIND, &req, sizeof(req),
				 &m, sizeof(m));

	if (rc == PIER_OK && out)
		*out = m.addr;
	return rc;
}

/*
 * The kernel maps at most PIER_SPACE_PAGES_MAX pages a request. More are
 * mapped in pieces: "anywhere" asks where the whole run would go
 * (PIER_SPACE_FIND) and maps the pieces there. Another port of this space
 * mapping in between may take part of the run (PIER_E_STATE); then the
 * run is looked for again, a few times.
 */
int pier_map(uint64_t addr, uint32_t pages, uint32_t prot, uint64_t *out)
{
	int rc = PIER_E_STATE;

	if (pages <= PIECE)
		return map_request(addr, pages, prot, out);
	for (int tries = 0; tries < 4 && rc == PIER_E_STATE; tries++) {
		uint64_t at = addr;

		if (!addr && (rc = pier_find(pages, &at)) != PIER_OK)
			return rc;
		rc = map_pieces(at, pages, prot);
		if (rc == PIER_OK && out)
			*out = at;
		if (addr)
			break;      /* a place the caller chose: taken is taken */
	}
	return rc;
}

/* In pieces, stopping at the first that fails. */
int pier_unmap(uint64_t addr, uint32_t pages)
{
	uint32_t done = 0;
	int rc;

	do {
		struct pier_range req = { .addr = addr + done * PAGE, .pages = piece(pages - done) };

		rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_UNMAP, &req, sizeof(req), 0, 0);
		done += req.pages;
	} while (rc == PIER_OK && done < pages);
	return rc;
}

/* In pieces, stopping at the first that fails: the pieces before it stay changed. */
int pier_protect(uint64_t addr, uint32_t pages, uint32_t prot)
{
	uint32_t done = 0;
	int rc;

	do {
		struct pier_map req = { .addr = addr + done * PAGE, .pages = piece(pages - done),
					.prot = prot };

		rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_PROTECT, &req, sizeof(req), 0, 0);
		done += req.pages;
	} while (rc == PIER_OK && done < pages);
	return rc;
}

int pier_query(uint64_t addr, struct pier_query *out)
{
	struct pier_range req = { .addr = addr };

	return pier_call_exact(PIER_H_SPACE, PIER_SPACE_QUERY, &req, sizeof(req),
			       out, sizeof(*out));
}

int pier_share(uint32_t to, uint64_t addr, uint32_t pages, uint32_t prot,
	       uint64_t at, uint64_t *out)
{
	struct pier_share req = { .addr = addr, .pages = pages, .prot = prot,
				  .at = at, .to = to };
	struct pier_mapped m = { 0 };
	int rc = pier_call_exact(PIER_H_SPACE, PIER_SPACE_SHARE, &req, sizeof(req),
				 &m, sizeof(m));

	if (rc == PIER_OK && out)
		*out = m.addr;
	return rc;
}

int pier_supervise(uint32_t port)
{
	struct pier_handle_req req = { .handle = port };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_SUPERVISE, &req, sizeof(req), 0, 0);
}

/*
 * picolibc's libc.a has an sbrk of its own, which needs __heap_start from
 * its linker script. Ours must win in every program, also in one that
 * calls nothing else from this file: lib/crt0.c refers to sbrk, so the
 * link takes this file from libpier.a with the entry code, before libc.a
 * is searched for it (see "Linking" in docs/programs.md).
 *
 * picolibc's malloc grows its heap with sbrk. The break lives in its own
 * region below PIER_HEAP_BASE (where "map anywhere" goes), so it can grow
 * contiguously; whole pages are mapped as it passes them and unmapped when
 * malloc gives memory back with a negative increment.
 */
#define BRK_BASE 0x0400000000ull
#define BRK_END PIER_HEAP_BASE

static uint64_t brk = BRK_BASE;

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

void *sbrk(ptrdiff_t incr)
{
	uint64_t old = brk, new = brk + (uint64_t)incr;

	if ((incr > 0 && (new < old || new > BRK_END)) ||
	    (incr < 0 && (new > old || new < BRK_BASE))) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (page_up(new) > page_up(old) &&
	    pier_map(page_up(old), (page_up(new) - page_up(old)) / PAGE,
		     PIER_PROT_R | PIER_PROT_W, NULL) != PIER_OK) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (page_up(new) < page_up(old))
		pier_unmap(page_up(new), (page_up(old) - page_up(new)) / PAGE);
	brk = new;
	return (void *)(uintptr_t)old;
}
