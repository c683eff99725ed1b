/* virtio-rng: serves "rng0" from a virtio entropy device, with many requests in flight at once. */

/*
 * init starts it for a virtio-mmio slot whose device ID is 4, with the
 * slot's device handle (pier_my_device). Each PIER_RNG_READ is held
 * (pier_hold) and gets one slot of a DMA page: the slot is queued to the
 * device as a writable buffer, and when the device hands it back the
 * service port answers that caller by its token (pier_reply_token; the
 * last answer of an interrupt's activation also acknowledges the
 * interrupt and ends it, pier_return_token_ack).
 * Calls beyond the slots wait in a FIFO, all of them held; beyond
 * PIER_HELD_MAX the kernel's limit answers PIER_E_LIMIT.
 *
 * Held calls belong to the port that holds them, so the service port
 * answers them, and the device's interrupt is bound to it too (a port a
 * driver serves may take its interrupts): one port owns the queue, the
 * slots and the waiting FIFO, and nothing needs a lock.
 *
 * Restart: a driver that ends leaves its DMA memory quarantined, since
 * the device may still write it. A new instance resets the device first
 * (virtio_probe does) and then sends PIER_DEV_DMA_RESET, which frees it.
 */
#include <stdio.h>
#include <libpier.h>
#include <pier/rng.h>
#include "virtio.h"

#define PRIO 20
#define QUEUE_WANT 16u                /* entries asked of the device */
#define SLOTS QUEUE_WANT              /* one page of PIER_RNG_MAX slots */
#define WAIT_MAX (PIER_HELD_MAX - SLOTS)
#define SHORT_TRIES 8u                /* empty answers before giving up on a slot */

_Static_assert(SLOTS * PIER_RNG_MAX <= 4096u, "slots fit one page");

/* The name this driver serves. */
static const char *service = "rng0";

static uint32_t dev, svc_port;
static struct virtio_io io;
static struct virtio_dev vdev;
static struct virtq q;
static struct pier_dma qmem, buf;
static int coherent;
static int added;                     /* chains queued since the last notify */
static uint64_t qbytes;               /* virtq_bytes(q.num), for the syncs */

/* A slot while the device fills it: whose call, how much, how far. */
static struct slot {
	uint32_t token;       /* 0: free */
	uint32_t size, got, empty;
} slot[SLOTS];

/* Calls waiting for a slot, oldest first. */
static struct { uint32_t token, size; } waiting[WAIT_MAX];
static uint32_t wait_first, wait_count;

/* The last answer of an interrupt's activation, made as it ends
 * (finish): its bytes copied out, since its slot is free again. */
static uint32_t last_token, last_size;
static int last_status;
static uint64_t last_data[PIER_RNG_MAX / 8];

static void dma_sync(uint64_t va, uint64_t size, uint32_t dir)
{
	if (!coherent)
		(void)pier_dma_sync(dev, va, size, dir);
}

/* Queue the rest of slot i to the device. */
static int queue_slot(uint32_t i)
{
	struct virtq_buf b = {
		.bus = buf.bus + i * PIER_RNG_MAX + slot[i].got,
		.len = slot[i].size - slot[i].got,
	};

	return virtq_add(&q, &b, 0, 1, (void *)(uintptr_t)(i + 1));
}

/* Words of a slot (8-aligned) covering its first size bytes. */
static inline uint32_t words(uint32_t size)
{
	return (size + 7u) / 8u;
}

static int start(uint32_t token, uint32_t size)
{
	/* A device may offer fewer than SLOTS entries: a slot per entry. */
	for (uint32_t i = 0; i < SLOTS && i < q.num; i++) {
		uint64_t *w = (uint64_t *)(uintptr_t)(buf.va + i * PIER_RNG_MAX);

		if (slot[i].token)
			continue;
		/* Whatever this caller may be sent is zero until the device
		 * writes it: no byte of an earlier caller's. */
		for (uint32_t k = 0; k < words(size); k++)      /* at most PIER_RNG_MAX / 8 */
			w[k] = 0;
		dma_sync((uint64_t)(uintptr_t)w, size, PIER_DMA_TO_DEVICE);
		slot[i] = (struct slot){ .token = token, .size = size };
		if (queue_slot(i) < 0) {	/* cannot be: a slot per entry */
			slot[i].token = 0;
			return PIER_E_STATE;
		}
		added = 1;
		return PIER_OK;
	}
	return PIER_E_FULL;
}

/* Give free slots to waiting calls. Bounded by WAIT_MAX. */
static void start_waiting(void)
{
	while (wait_count) {
		uint32_t w = wait_first;

		if (start(waiting[w].token, waiting[w].size) != PIER_OK)
			break;
		wait_first = (wait_first + 1) % WAIT_MAX;
		wait_count--;
	}
}

static void kick(void)
{
	if (!added)
		return;
	added = 0;
	dma_sync(qmem.va, qbytes, PIER_DMA_BIDIRECTIONAL);
	virtq_notify(&q);
}

/* The device broke the queue's rules: answer everyone and end; init restarts us. */
static _Noreturn void give_up(void)
{
	virtio_fail(&vdev);
	for (uint32_t i = 0; i < SLOTS; i++)
		if (slot[i].token)
			(void)pier_reply_token(slot[i].token, PIER_E_STATE, PIER_RNG_READ, 0, 0);
	if (last_token)
		(void)pier_reply_token(last_token, PIER_E_STATE, PIER_RNG_READ, 0, 0);
	for (; wait_count; wait_count--, wait_first = (wait_first + 1) % WAIT_MAX)
		(void)pier_reply_token(waiting[wait_first].token, PIER_E_STATE,
				       PIER_RNG_READ, 0, 0);
	pier_exit(1);
}

/* A reply too big for the caller's buffer leaves the call held: say so. */
static void too_big(int rc, uint32_t token)
{
	if (rc == PIER_E_REPLY_SIZE)
		(void)pier_reply_token(token, PIER_E_REPLY_SIZE, PIER_RNG_READ, 0, 0);
}

/* One finished slot: its answer kept for the activation's end (the one
 * kept before goes now), or the device asked for the rest. */
static void finished(uint32_t i, uint32_t len)
{
	struct slot *s = &slot[i];
	const uint64_t *w = (const uint64_t *)(uintptr_t)(buf.va + i * PIER_RNG_MAX);

	s->got += len;
	s->empty = len ? 0 : s->empty + 1;
	if (s->got < s->size && s->empty < SHORT_TRIES && queue_slot(i) >= 0) {
		added = 1;
		return;
	}
	if (last_token)
		too_big(pier_reply_token(last_token, last_status, PIER_RNG_READ, last_data,
					 last_size), last_token);
	dma_sync((uint64_t)(uintptr_t)w, s->size, PIER_DMA_FROM_DEVICE);
	last_token = s->token;
	last_status = PIER_OK;
	last_size = s->size;
	if (s->got != s->size) {        /* the device keeps answering with nothing */
		last_status = PIER_E_STATE;
		last_size = 0;
	}
	for (uint32_t k = 0; k < words(last_size); k++)     /* at most PIER_RNG_MAX / 8 */
		last_data[k] = w[k];
	s->token = 0;
}

/* End the interrupt's activation: acknowledge the interrupt to the
 * kernel, with the last finished slot answered in the same call. */
static int finish(void)
{
	uint32_t token = last_token;

	if (token) {
		last_token = 0;
		/* Back only if refused (a reply too big, or a caller gone),
		 * with neither half done. */
		too_big(pier_return_token_ack(token, last_status, PIER_RNG_READ, last_data,
					      last_size, dev, 0), token);
	}
	(void)pier_dev_irq_ack(dev);
	return PIER_OK;
}

/* Answer every finished slot, start waiting calls, tell the device. */
static void harvest(void)
{
	void *cookie;
	uint32_t len;
	int rc;

	dma_sync(qmem.va, qbytes, PIER_DMA_BIDIRECTIONAL);
	/* Bounded: virtq_harvest refuses more than q.num entries at once. */
	while ((rc = virtq_harvest(&q, &cookie, &len)) == 1) {
		uint32_t i = (uint32_t)(uintptr_t)cookie - 1;

		if (i >= SLOTS || !slot[i].token)
			give_up();
		finished(i, len);
	}
	if (rc < 0 || (virtio_status(&vdev) & VIRTIO_S_NEEDS_RESET))
		give_up();
	start_waiting();
	kick();
}

static int on_rng(const struct pier_packet *pkt)
{
	struct pier_rng_read req;
	int token, rc;

	if (pkt->type == PIER_MSG_IRQ) {
		/* Acknowledge the device first (its line drops), harvest, and
		 * only then the kernel: a buffer finished meanwhile raises the
		 * line again and is another packet. The last answer and the
		 * kernel's acknowledge end the activation. */
		(void)virtio_irq_ack(&vdev);
		harvest();
		return finish();
	}
	if (pkt->type == PIER_HELLO) {
		struct pier_hello h = { PIER_PROTO_RNG, PIER_RNG_MAX };

		return pier_reply(PIER_HELLO, &h, sizeof(h));
	}
	if (pkt->type != PIER_RNG_READ)
		return PIER_E_TYPE;
	if (pkt->size != sizeof(req))
		return PIER_E_PACKET_SIZE;
	req = *(const struct pier_rng_read *)(const void *)pkt->data;   /* 8-aligned: words */
	if (req.size == 0 || req.size > PIER_RNG_MAX)
		return PIER_E_ARG;
	if (wait_count == WAIT_MAX)
		return PIER_E_FULL;
	token = pier_hold();
	if (token < 0)
		return token;          /* a send, not a call; or too many held */
	rc = start((uint32_t)token, req.size);
	if (rc == PIER_OK) {
		kick();
	} else if (rc == PIER_E_FULL) {
		waiting[(wait_first + wait_count) % WAIT_MAX].token = (uint32_t)token;
		waiting[(wait_first + wait_count) % WAIT_MAX].size = req.size;
		wait_count++;
	} else {
		(void)pier_reply_token((uint32_t)token, rc, PIER_RNG_READ, 0, 0);
	}
	return PIER_OK;
}

/* The device, its queue and the DMA memory. */
static int setup(void)
{
	struct pier_device_info info;
	volatile void *regs;
	uint16_t num;
	int rc;

	if ((rc = pier_dev_info_all(dev, &info)) != PIER_OK ||
	    (rc = pier_dev_map_index(dev, 0, &regs)) != PIER_OK)
		return rc;
	coherent = (info.flags & PIER_DEVINFO_COHERENT) != 0;
	virtio_io_mmio(&io, regs);
	if ((rc = virtio_probe(&vdev, &io, VIRTIO_ID_RNG)) != PIER_OK)
		return rc;
	/* The device is reset: what an earlier instance left may be freed. */
	if ((rc = pier_dma_reset(dev)) != PIER_OK ||
	    (rc = virtio_negotiate(&vdev, 0)) != PIER_OK)
		return rc;
	num = virtq_size(&vdev, 0, QUEUE_WANT);
	if (num == 0)
		return PIER_E_UNSUPPORTED;
	if ((rc = pier_dma_alloc(dev, (uint32_t)(virtq_bytes(num) / 4096u), &qmem)) != PIER_OK ||
	    (rc = pier_dma_alloc(dev, 1, &buf)) != PIER_OK)
		return rc;
	rc = virtq_setup(&vdev, &q, 0, num, (void *)(uintptr_t)qmem.va, qmem.bus,
			 virtq_bytes(num));
	if (rc != PIER_OK)
		return rc;
	qbytes = virtq_bytes(num);
	/* One port serves clients and the interrupt: it holds the calls, and
	 * only the port that held a call may answer it. */
	if ((rc = pier_serve(service, on_rng, PRIO, 0, &svc_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind_index(dev, 0, svc_port)) != PIER_OK)
		return rc;
	virtio_driver_ok(&vdev);
	return PIER_OK;
}

int main(int argc, char **argv)
{
	return virtio_driver_start(argc, argv, "virtio-rng", &service, &dev, &vdev, setup);
}
