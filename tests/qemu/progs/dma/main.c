/* dma: DMA buffers of a device handle: where they are, what they hold, who may free them, and their quarantine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dma.h"
#include "dtdev.h"

/*
 * Started with super on QEMU virt with a virtio-rng device (legacy
 * virtio-mmio): it makes its own device handles as init would. A handle
 * with PIER_DEVICE_DMA for the rng's slot allocates buffers: page-aligned
 * bus addresses in RAM, not overlapping, zeroed, writable, never
 * executable, charged to this space. Then the refusals: no DMA right,
 * bad sizes, foreign and double frees, syncs outside a buffer, the
 * per-device limit. A child driver allocates and is killed: its pages
 * are quarantined until this space, a later holder, resets the device.
 * Last the rng fills a buffer by its bus address (virtio.c).
 */
#define PAGE 4096ul
#define CHILD_QUOTA 128
#define BUFS_MAX 64             /* kernel/dma.h DMA_BUFS_MAX */
#define DEV_PAGES_MAX 1024      /* kernel/dma.h DMA_DEV_PAGES_MAX */

int fails;
static struct dtdev slot[DTDEV_SLOTS];

void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("dma: PASS %s\n", what);
	} else {
		printf("dma: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static uint32_t make(const struct dtdev *d, uint32_t nirqs, uint32_t flags)
{
	struct pier_device_req r = { .nranges = 1, .nirqs = nirqs, .flags = flags,
				     .node = (uint32_t)d->node };
	uint32_t h = 0;

	r.range[0] = (struct pier_dev_range){ d->base, d->size };
	r.irq[0] = d->irq;
	check("make a device handle", pier_device_create_req(&r, &h), PIER_OK);
	return h;
}

static uint64_t used(void)
{
	struct pier_query q = { 0 };

	pier_query((uint64_t)(uintptr_t)&fails, &q);
	return q.pages;
}

static int in_ram(uint64_t bus, uint64_t bytes)
{
	for (uint32_t i = 0; i < board.nmem; i++)
		if (bus >= board.mem[i].base && bus - board.mem[i].base + bytes <= board.mem[i].size)
			return 1;
	return 0;
}

static int apart(const struct pier_dma *a, uint32_t na, const struct pier_dma *b, uint32_t nb)
{
	return (a->bus + na * PAGE <= b->bus || b->bus + nb * PAGE <= a->bus) &&
	       (a->va + na * PAGE <= b->va || b->va + nb * PAGE <= a->va);
}

static void buffers(uint32_t dev)
{
	struct pier_dma a, b, c;
	struct pier_query q;
	volatile uint8_t *p;
	uint64_t u0 = used(), grew;
	long zero = 1, kept = 1;

	check("4 pages", pier_dma_alloc(dev, 4, &a), PIER_OK);
	grew = used() - u0;
	check("used grows by the 4 pages (and a table or two)", grew >= 4 && grew <= 7, 1);
	check("bus address page-aligned", (long)(a.bus % PAGE), 0);
	check("address page-aligned", (long)(a.va % PAGE), 0);
	check("bus address in RAM", in_ram(a.bus, 4 * PAGE), 1);
	p = (volatile uint8_t *)(uintptr_t)a.va;
	for (unsigned i = 0; i < 4 * PAGE; i++)
		zero &= p[i] == 0;
	check("zeroed", zero, 1);
	for (unsigned i = 0; i < 4 * PAGE; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	for (unsigned i = 0; i < 4 * PAGE; i++)
		kept &= p[i] == (uint8_t)(i * 7 + 1);
	check("writable", kept, 1);
	check("query", pier_query(a.va, &q), PIER_OK);
	check("mapped read-write, not executable", q.prot, PIER_PROT_R | PIER_PROT_W);
	check("never made executable", pier_protect(a.va, 1, PIER_PROT_R | PIER_PROT_X),
	      PIER_E_RIGHTS);
	check("3 pages", pier_dma_alloc(dev, 3, &b), PIER_OK);
	check("1 page", pier_dma_alloc(dev, 1, &c), PIER_OK);
	check("in RAM", in_ram(b.bus, 3 * PAGE) && in_ram(c.bus, PAGE), 1);
	check("no two overlap", apart(&a, 4, &b, 3) && apart(&a, 4, &c, 1) && apart(&b, 3, &c, 1), 1);
	check("free", pier_dma_free(dev, a.va), PIER_OK);
	check("free", pier_dma_free(dev, b.va), PIER_OK);
	check("free", pier_dma_free(dev, c.va), PIER_OK);
	check("used is back", (long)used(), (long)u0 + (grew - 4));
}

static void refusals(uint32_t dev, uint32_t other)
{
	struct pier_dma_alloc bad = { .pages = 1, .flags = 1 };
	struct pier_device_info info;
	struct pier_dma x, y;
	struct pier_query q;
	uint32_t nodma;
	void *heap = malloc(64);

	check("0 pages", pier_dma_alloc(dev, 0, &x), PIER_E_ARG);
	check("too many pages", pier_dma_alloc(dev, PIER_DMA_PAGES_MAX + 1, &x), PIER_E_ARG);
	check("a flag", pier_call_exact(dev, PIER_DEV_DMA_ALLOC, &bad, sizeof(bad), &x, sizeof(x)),
	      PIER_E_ARG);
	check("a short request", pier_call_exact(dev, PIER_DEV_DMA_ALLOC, &bad, 4, &x, sizeof(x)),
	      PIER_E_PACKET_SIZE);
	check("derive without DMA", pier_handle_derive(dev, PIER_R_SEND, &nodma), PIER_OK);
	check("its info", pier_dev_info_all(nodma, &info), PIER_OK);
	check("says no DMA", info.flags, PIER_DEVINFO_COHERENT);
	check("alloc without the right", pier_dma_alloc(nodma, 1, &x), PIER_E_RIGHTS);
	check("reset without the right", pier_dma_reset(nodma), PIER_E_RIGHTS);

	check("2 pages", pier_dma_alloc(dev, 2, &x), PIER_OK);
	check("free without the right", pier_dma_free(nodma, x.va), PIER_E_RIGHTS);
	check("sync without the right", pier_dma_sync(nodma, x.va, 1, PIER_DMA_TO_DEVICE),
	      PIER_E_RIGHTS);
	check("free its second page", pier_dma_free(dev, x.va + PAGE), PIER_E_ARG);
	check("free heap memory", pier_dma_free(dev, (uint64_t)(uintptr_t)heap), PIER_E_ARG);
	check("free through another device", pier_dma_free(other, x.va), PIER_E_ARG);
	check("sync through another device", pier_dma_sync(other, x.va, 1, PIER_DMA_TO_DEVICE),
	      PIER_E_ARG);
	check("sync to the device", pier_dma_sync(dev, x.va, 2 * PAGE, PIER_DMA_TO_DEVICE), PIER_OK);
	check("sync from the device", pier_dma_sync(dev, x.va + 5, 100, PIER_DMA_FROM_DEVICE),
	      PIER_OK);
	check("sync both ways", pier_dma_sync(dev, x.va + PAGE, PAGE, PIER_DMA_BIDIRECTIONAL),
	      PIER_OK);
	check("sync direction 0", pier_dma_sync(dev, x.va, 1, 0), PIER_E_ARG);
	check("sync direction 4", pier_dma_sync(dev, x.va, 1, 4), PIER_E_ARG);
	check("sync 0 bytes", pier_dma_sync(dev, x.va, 0, PIER_DMA_TO_DEVICE), PIER_E_ARG);
	check("sync past the end", pier_dma_sync(dev, x.va + PAGE, PAGE + 1, PIER_DMA_TO_DEVICE),
	      PIER_E_ARG);
	check("sync from before it", pier_dma_sync(dev, x.va - 1, 2, PIER_DMA_TO_DEVICE), PIER_E_ARG);
	check("sync a wrapping size", pier_dma_sync(dev, x.va + 1, ~0ull, PIER_DMA_TO_DEVICE),
	      PIER_E_ARG);
	check("sync heap memory", pier_dma_sync(dev, (uint64_t)(uintptr_t)heap, 1, 1), PIER_E_ARG);
	check("free it", pier_dma_free(dev, x.va), PIER_OK);
	check("free it again", pier_dma_free(dev, x.va), PIER_E_ARG);

	/* The space unmaps a page and maps its own there: freeing leaves that one. */
	check("2 pages", pier_dma_alloc(dev, 2, &y), PIER_OK);
	check("unmap one", pier_unmap(y.va, 1), PIER_OK);
	check("map ours there", pier_map(y.va, 1, PIER_PROT_R | PIER_PROT_W, NULL), PIER_OK);
	check("free the buffer", pier_dma_free(dev, y.va), PIER_OK);
	check("ours is still there", pier_query(y.va, &q) == PIER_OK && q.mapped, 1);
	check("the other page went", pier_query(y.va + PAGE, &q) == PIER_OK && !q.mapped, 1);
	check("unmap ours", pier_unmap(y.va, 1), PIER_OK);
	pier_handle_drop(nodma);
	free(heap);
}

static void limit(uint32_t dev)
{
	static struct pier_dma b[BUFS_MAX];
	struct pier_dma x;
	int ok = 1;

	for (int i = 0; i < BUFS_MAX; i++)
		ok &= pier_dma_alloc(dev, 1, &b[i]) == PIER_OK;
	check("64 buffers", ok, 1);
	check("a 65th", pier_dma_alloc(dev, 1, &x), PIER_E_LIMIT);
	for (int i = 0; i < BUFS_MAX; i++)
		ok &= pier_dma_free(dev, b[i].va) == PIER_OK;
	check("all freed", ok, 1);
	for (unsigned i = 0; i < DEV_PAGES_MAX / PIER_DMA_PAGES_MAX; i++)
		ok &= pier_dma_alloc(dev, PIER_DMA_PAGES_MAX, &b[i]) == PIER_OK;
	check("4 MiB in 256-page buffers", ok, 1);
	check("a page more", pier_dma_alloc(dev, 1, &x), PIER_E_LIMIT);
	for (unsigned i = 0; i < DEV_PAGES_MAX / PIER_DMA_PAGES_MAX; i++)
		ok &= pier_dma_free(dev, b[i].va) == PIER_OK;
	check("all freed", ok, 1);
}

/* Once the dead space is reaped: what meminfo says. */
static struct pier_meminfo settled(void)
{
	struct pier_meminfo m = { 0 };

	for (int i = 0; i < 10000; i++)         /* each asks for a bounded reap step */
		if (pier_meminfo(&m) != PIER_OK || m.reclaiming_pages == 0)
			break;
	return m;
}

static void quarantine(uint32_t dev)
{
	struct pier_meminfo m0 = settled(), m1, m2;
	uint64_t child;

	check("nothing quarantined yet", (long)m0.quarantined_pages, 0);
	check("spawn a child driver with the device",
	      pier_spawn_quota("dma child", 20, 0, dev, CHILD_QUOTA, &child), PIER_OK);
	check("kill it", pier_kill(child), PIER_OK);
	m1 = settled();
	check("its 10 pages are quarantined", (long)m1.quarantined_pages, 10);
	check("and not free: only the rest of the child came back",
	      m1.free_pages < m0.free_pages, 1);
	check("the device is reset", pier_dma_reset(dev), PIER_OK);
	m2 = settled();
	check("nothing quarantined", (long)m2.quarantined_pages, 0);
	/* Their records went too, which may have emptied a kernel slab page. */
	check("the 10 pages are free", (long)(m2.free_pages - m1.free_pages),
	      10 + (long)(m1.kernel_pages - m2.kernel_pages));
	check("a second reset has nothing to do", pier_dma_reset(dev), PIER_OK);
}

/* The last handle to a device goes while a buffer is mapped: nobody can
 * reset it any more, so its page is held for good; the space keeps it. */
static void orphan(const struct dtdev *d)
{
	uint32_t h = make(d, 0, PIER_DEVICE_DMA);
	struct pier_meminfo m;
	struct pier_dma x;

	check("a buffer", pier_dma_alloc(h, 1, &x), PIER_OK);
	*(volatile uint32_t *)(uintptr_t)x.va = 0x600d;
	check("drop the only handle", pier_handle_drop(h), PIER_OK);
	m = settled();
	check("its page is held as quarantined", (long)m.quarantined_pages, 1);
	check("still ours to use", *(volatile uint32_t *)(uintptr_t)x.va, 0x600d);
	check("unmap it", pier_unmap(x.va, 1), PIER_OK);
	m = settled();
	check("still held", (long)m.quarantined_pages, 1);
}

int main(int argc, char **argv)
{
	struct pier_device_info info;
	volatile void *regs = NULL;
	uint32_t dev, other;
	int n, rng = -1;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child_main();
	check("read the device tree", dt_load(), 0);
	n = dt_devices("virtio,mmio", slot, DTDEV_SLOTS);
	check("virtio-mmio slots", n, DTDEV_SLOTS);
	for (int i = 0; i < n && rng < 0; i++) {
		uint32_t h = make(&slot[i], 0, 0);

		if (pier_dev_map(h, &regs) == PIER_OK && ((volatile uint32_t *)regs)[2] == 4)
			rng = i;
		pier_handle_drop(h);
	}
	check("a virtio-rng slot", rng >= 0, 1);
	if (rng < 0)
		return 1;
	dev = make(&slot[rng], 1, PIER_DEVICE_DMA);
	other = make(&slot[(rng + 1) % n], 0, PIER_DEVICE_DMA);
	check("info", pier_dev_info_all(dev, &info), PIER_OK);
	check("DMA, coherent", info.flags, PIER_DEVINFO_DMA | PIER_DEVINFO_COHERENT);
	buffers(dev);
	refusals(dev, other);
	limit(dev);
	quarantine(dev);
	orphan(&slot[(rng + 2) % n]);
	check("map the rng", pier_dev_map(dev, &regs), PIER_OK);
	virtio_rng_proof(dev, regs);
	printf("dma: done\n");
	return fails;
}
