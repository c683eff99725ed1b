/* Each port a program makes has its own thread-local block (port_tls.h), so errno is the port's own. */
#include <stdlib.h>
#include <string.h>
#include "port_tls.h"

/* lib/user.ld: the program's TLS image and the block's size and alignment. */
extern char __tdata_source[], __tdata_size[], __tls_size[], __tls_align[];

/*
 * The value of a linker-script symbol (its "address"). Through an empty
 * asm: C says an object's address is never null, so the compiler would
 * take a size of 0 for not-0 and fold the tests on it away.
 */
static size_t sym(const char *s)
{
	uintptr_t v = (uintptr_t)s;

	__asm__("" : "+r"(v));
	return v;
}
#define TDATA_SIZE sym(__tdata_size)
#define TLS_SIZE sym(__tls_size)
#define TLS_ALIGN sym(__tls_align)

static struct pier_mutex lock = PIER_MUTEX_INIT;
static void *tdata_image;       /* .tdata as the program started, if it has any */
static struct port_tls *live;   /* bound records, newest first */

void port_tls_snapshot(void)
{
	size_t n = TDATA_SIZE;

	if (n && (tdata_image = malloc(n)) != NULL)
		memcpy(tdata_image, __tdata_source, n);
}

/*
 * Records come from pages of their own, not from malloc, whose first
 * use maps a 128 KiB region: a driver making two ports would pay that
 * for a few hundred bytes. A page is carved into as many records as fit
 * (one record may span pages, for a program with a big TLS block); freed
 * records are kept for the next port, never unmapped. Under the lock.
 */
static struct port_tls *spare;  /* free records, linked by next */

static size_t record_size(size_t *head)
{
	size_t align = TLS_ALIGN < 16 ? 16 : TLS_ALIGN;

	*head = (sizeof(struct port_tls) + align - 1) & ~(align - 1);
	return (*head + TLS_SIZE + align - 1) & ~(align - 1);
}

static int refill(void)
{
	size_t head, size = record_size(&head);
	size_t pages = (size + 4095) / 4096, each = pages * 4096 / size;
	uint64_t at;
	int rc = pier_map(0, (uint32_t)pages, PIER_PROT_R | PIER_PROT_W, &at);

	if (rc != PIER_OK)
		return rc;
	for (size_t i = 0; i < each; i++) {     /* at most 4096 / 16 records */
		struct port_tls *r = (struct port_tls *)(uintptr_t)(at + i * size);

		r->next = spare;
		spare = r;
	}
	return PIER_OK;
}

int port_tls_new(pier_handler_fn fn, struct port_tls **out)
{
	size_t head;
	struct port_tls *r;
	int rc = PIER_OK;

	record_size(&head);
	if (TDATA_SIZE && !tdata_image)
		return PIER_E_NOMEM;
	pier_mutex_lock(&lock);
	if (!spare)
		rc = refill();
	r = spare;
	if (r)
		spare = r->next;
	pier_mutex_unlock(&lock);
	if (!r)
		return rc;
	r->fn = fn;
	r->tls = (char *)r + head;
	r->handle = 0;
	r->next = NULL;
	if (TDATA_SIZE)
		memcpy(r->tls, tdata_image, TDATA_SIZE);
	memset((char *)r->tls + TDATA_SIZE, 0,
	       TLS_SIZE - TDATA_SIZE);
	*out = r;
	return PIER_OK;
}

static void give_back(struct port_tls *r)
{
	r->next = spare;
	spare = r;
}

void port_tls_bind(struct port_tls *r, uint32_t handle)
{
	pier_mutex_lock(&lock);
	r->handle = handle;
	r->next = live;
	live = r;
	pier_mutex_unlock(&lock);
}

void port_tls_abandon(struct port_tls *r)
{
	pier_mutex_lock(&lock);
	give_back(r);
	pier_mutex_unlock(&lock);
}

/*
 * The kernel refuses a port's destroying itself (PIER_E_STATE), and a
 * port destroyed by another never runs again, even if it was preempted
 * mid-activation: nobody runs on the block once this is called.
 */
void port_tls_drop(uint32_t handle)
{
	struct port_tls *gone = NULL;

	pier_mutex_lock(&lock);
	for (struct port_tls **p = &live; *p; p = &(*p)->next) {       /* one step a live port */
		if ((*p)->handle == handle) {
			gone = *p;
			*p = gone->next;
			give_back(gone);
			break;
		}
	}
	pier_mutex_unlock(&lock);
}
