/* virtio-blk: serves the block protocol ("blk0") from a virtio block device, many requests in flight. */

/*
 * init starts it for a virtio-mmio slot whose device ID is 2, with the
 * slot's device handle. Sessions, regions and the checks every request
 * passes are drivers/common/blksrv.c's; this file turns a checked read,
 * write or flush into a chain of three descriptors (header, the data in
 * the session's region, status byte) or two (flush), holds the caller's
 * call, and answers it by its token when the device hands the chain back.
 * Requests the queue has no descriptors for wait, held, in a FIFO.
 *
 * One port serves clients and takes the interrupt: it holds the calls,
 * and only the port that held a call may answer it. Nothing needs a lock.
 *
 * Restart: a driver that ends leaves the calls it held to be answered
 * PIER_E_RESTARTED by the kernel, and its DMA memory quarantined. A new
 * instance resets the device (virtio_probe), then PIER_DEV_DMA_RESET
 * frees it; requests naming the old sessions are answered
 * PIER_E_RESTARTED (blksrv.c).
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/block.h>
#include "virtio.h"
#include "blksrv.h"

#define PRIO 20
#define QUEUE_WANT 128u               /* entries asked of the device: 42 requests of three */
#define SLOTS (BLKSRV_SESSIONS * PIER_BLK_DEPTH)   /* every request that may be in flight */
#define STATUS_AT 2048u               /* status bytes after the headers, in the same page */

/* Feature bits of a block device (virtio 5.2.3), and its requests (5.2.6). */
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)
#define VIRTIO_BLK_T_IN 0u
#define VIRTIO_BLK_T_OUT 1u
#define VIRTIO_BLK_T_FLUSH 4u
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_UNSUPP 2u

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(SLOTS * sizeof(struct vblk_hdr) <= STATUS_AT && STATUS_AT + SLOTS <= 4096u,
	       "headers and status bytes fit one page");

/* The name this driver serves. */
static const char *service = "blk0";

static uint32_t dev, svc_port;
static struct virtio_io io;
static struct virtio_dev vdev;
static struct virtq q;
static struct pier_dma qmem, hdrs;
static int coherent, added;
static uint64_t qbytes;               /* virtq_bytes(q.num), for the syncs */

/* A request from its check until its answer. */
struct req {
	uint32_t token;               /* the held call; 0: slot free */
	uint32_t type;                /* PIER_BLK_READ, _WRITE, _FLUSH */
	struct blk_session *s;
	struct pier_blk_io io;
};
static struct req slot[SLOTS];
static uint32_t waiting[SLOTS];       /* slots queued for descriptors, oldest first */
static uint32_t wait_first, wait_count;

static void dma_sync(uint64_t va, uint64_t size, uint32_t dir)
{
	if (!coherent)
		(void)pier_dma_sync(dev, va, size, dir);
}

/* A finished request whose answer waits for the end of the interrupt's
 * activation (finish): one system call answers it and ends. */
static uint32_t last_token, last_type;
static int last_status;

/* Answer slot i's request: the one before it now, itself at the end. */
static void answer(uint32_t i, int status)
{
	struct req *r = &slot[i];

	if (last_token)
		(void)pier_reply_token(last_token, last_status, last_type, 0, 0);
	last_token = r->token;
	last_type = r->type;
	last_status = status;
	blksrv_done(r->s);
	r->token = 0;
}

/* End the interrupt's activation: acknowledge the interrupt to the
 * kernel, with the last request harvested answered in the same call. */
static int finish(void)
{
	uint32_t token = last_token;

	if (token) {
		last_token = 0;
		/* Back only if refused, which neither half can be here. */
		(void)pier_return_token_ack(token, last_status, last_type, 0, 0, dev, 0);
		(void)pier_reply_token(token, last_status, last_type, 0, 0);
	}
	(void)pier_dev_irq_ack(dev);
	return PIER_OK;
}

/* Give slot i's request to the device: PIER_E_FULL if it lacks descriptors. */
static int queue(uint32_t i)
{
	struct req *r = &slot[i];
	struct vblk_hdr *h = (struct vblk_hdr *)(uintptr_t)(hdrs.va + i * sizeof(*h));
	uint8_t *st = (uint8_t *)(uintptr_t)(hdrs.va + STATUS_AT + i);
	struct virtq_buf b[3];
	unsigned n = 0, nout;
	int rc;

	h->type = r->type == PIER_BLK_READ ? VIRTIO_BLK_T_IN :
		  r->type == PIER_BLK_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	h->reserved = 0;
	h->sector = r->type == PIER_BLK_FLUSH ? 0 : r->io.lba;
	*st = 0xff;
	b[n++] = (struct virtq_buf){ hdrs.bus + i * sizeof(*h), sizeof(*h) };
	nout = 1;
	if (r->type != PIER_BLK_FLUSH) {
		uint32_t len = r->io.count * 512u;

		b[n++] = (struct virtq_buf){ r->s->bus + r->io.offset, len };
		if (r->type == PIER_BLK_WRITE) {
			nout = 2;
			dma_sync(r->s->va + r->io.offset, len, PIER_DMA_TO_DEVICE);
		}
	}
	b[n++] = (struct virtq_buf){ hdrs.bus + STATUS_AT + i, 1 };
	if ((rc = virtq_add(&q, b, nout, n - nout, (void *)(uintptr_t)(i + 1))) < 0)
		return rc;
	added = 1;
	return PIER_OK;
}

static void kick(void)
{
	if (!added)
		return;
	added = 0;
	dma_sync(hdrs.va, 4096, PIER_DMA_BIDIRECTIONAL);
	dma_sync(qmem.va, qbytes, PIER_DMA_BIDIRECTIONAL);
	virtq_notify(&q);
}

/* The device broke the queue's rules: end, and init restarts us; the
 * kernel answers every held call PIER_E_RESTARTED, to be repeated. */
static _Noreturn void give_up(const char *why)
{
	virtio_fail(&vdev);
	printf("virtio-blk: %s\n", why);
	pier_exit(1);
}

static void start_waiting(void)
{
	/* Bounded by SLOTS. */
	while (wait_count && queue(waiting[wait_first]) == PIER_OK) {
		wait_first = (wait_first + 1) % SLOTS;
		wait_count--;
	}
}

static void harvest(void)
{
	void *cookie;
	uint32_t len;
	int rc;

	dma_sync(qmem.va, qbytes, PIER_DMA_BIDIRECTIONAL);
	dma_sync(hdrs.va, 4096, PIER_DMA_FROM_DEVICE);
	/* Bounded: virtq_harvest refuses more than q.num entries at once. */
	while ((rc = virtq_harvest(&q, &cookie, &len)) == 1) {
		uint32_t i = (uint32_t)(uintptr_t)cookie - 1;
		struct req *r = &slot[i];
		uint8_t st;

		if (i >= SLOTS || !r->token)
			give_up("the device returned a request it was not given");
		st = *(volatile uint8_t *)(uintptr_t)(hdrs.va + STATUS_AT + i);
		if (r->type == PIER_BLK_READ && st == VIRTIO_BLK_S_OK)
			dma_sync(r->s->va + r->io.offset, r->io.count * 512u, PIER_DMA_FROM_DEVICE);
		answer(i, st == VIRTIO_BLK_S_OK ? PIER_OK :
		       st == VIRTIO_BLK_S_UNSUPP ? PIER_E_UNSUPPORTED : PIER_E_IO);
	}
	if (rc < 0 || (virtio_status(&vdev) & VIRTIO_S_NEEDS_RESET))
		give_up("the device needs a reset");
	start_waiting();
	kick();
}

static int on_blk(const struct pier_packet *pkt)
{
	struct blk_session *s;
	struct pier_blk_io bio;
	int status, token;
	uint32_t i;

	if (pkt->type == PIER_MSG_IRQ) {
		/* Acknowledge the device first (its line drops), harvest, and
		 * only then the kernel: a chain finished meanwhile raises the
		 * line again and is another packet. The last answer and the
		 * kernel's acknowledge end the activation. */
		(void)virtio_irq_ack(&vdev);
		harvest();
		return finish();
	}
	if (blksrv_packet(pkt, &status, &s, &bio))
		return status;
	/* A flush with nothing to flush: the device writes through. */
	if (pkt->type == PIER_BLK_FLUSH && !(vdev.features & VIRTIO_BLK_F_FLUSH)) {
		blksrv_done(s);
		return PIER_OK;
	}
	for (i = 0; i < SLOTS && slot[i].token; i++)
		;
	token = pier_hold();
	if (i == SLOTS || token < 0) {   /* cannot be: a slot per request that may be in flight */
		blksrv_done(s);
		return token < 0 ? token : PIER_E_STATE;
	}
	slot[i] = (struct req){ (uint32_t)token, pkt->type, s, bio };
	if (wait_count || queue(i) != PIER_OK) {
		waiting[(wait_first + wait_count) % SLOTS] = i;
		wait_count++;
	}
	kick();
	return PIER_OK;
}

static int region_alloc(uint32_t pages, uint64_t *va, uint64_t *bus)
{
	struct pier_dma d;
	int rc = pier_dma_alloc(dev, pages, &d);

	*va = d.va;
	*bus = d.bus;
	return rc;
}

static void region_free(uint64_t va)
{
	(void)pier_dma_free(dev, va);
}

static const struct blksrv_ops ops = { region_alloc, region_free };

static int setup(void)
{
	struct pier_device_info dinfo;
	struct pier_blk_info info = { 0 };
	volatile void *regs;
	uint16_t num;
	int rc;

	if ((rc = pier_dev_info_all(dev, &dinfo)) != PIER_OK ||
	    (rc = pier_dev_map_index(dev, 0, &regs)) != PIER_OK)
		return rc;
	coherent = (dinfo.flags & PIER_DEVINFO_COHERENT) != 0;
	virtio_io_mmio(&io, regs);
	if ((rc = virtio_probe(&vdev, &io, VIRTIO_ID_BLK)) != PIER_OK)
		return rc;
	/* The device is reset: what an earlier instance left may be freed. */
	if ((rc = pier_dma_reset(dev)) != PIER_OK ||
	    (rc = virtio_negotiate(&vdev, VIRTIO_BLK_F_RO | VIRTIO_BLK_F_FLUSH)) != PIER_OK)
		return rc;
	info.sectors = virtio_config64(&vdev, 0);     /* capacity, in 512-byte sectors */
	info.sector_size = 512;
	info.flags = (vdev.features & VIRTIO_BLK_F_RO ? PIER_BLK_RO : 0) |
		     (vdev.features & VIRTIO_BLK_F_FLUSH ? PIER_BLK_CACHE : 0);
	info.max_size = PIER_BLK_REGION_MAX;
	info.best_size = 64u * 1024u;
	num = virtq_size(&vdev, 0, QUEUE_WANT);
	if (num < 3)
		return PIER_E_UNSUPPORTED;
	if ((rc = pier_dma_alloc(dev, (uint32_t)(virtq_bytes(num) / 4096u), &qmem)) != PIER_OK ||
	    (rc = pier_dma_alloc(dev, 1, &hdrs)) != PIER_OK)
		return rc;
	rc = virtq_setup(&vdev, &q, 0, num, (void *)(uintptr_t)qmem.va, qmem.bus,
			 virtq_bytes(num));
	if (rc != PIER_OK || (rc = blksrv_init(&info, &ops)) != PIER_OK)
		return rc;
	qbytes = virtq_bytes(num);
	/* Opens grant the client's port: the service port takes grants. */
	if ((rc = pier_serve(service, on_blk, PRIO, PIER_PORT_GRANTS, &svc_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind_index(dev, 0, svc_port)) != PIER_OK)
		return rc;
	blksrv_service(svc_port);
	virtio_driver_ok(&vdev);
	return PIER_OK;
}

int main(int argc, char **argv)
{
	return virtio_driver_start(argc, argv, "virtio-blk", &service, &dev, &vdev, setup);
}
