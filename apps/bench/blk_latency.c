/* bench: figure 14, one 4 KiB and one 64 KiB read through blk0 (virtio-blk), client call to its answer. */
#include <blk.h>
#include "figures.h"

/*
 * A raw PIER_BLK_READ call on an open session: the virtio-blk driver's
 * service port checks it, holds it, queues a three-descriptor chain and
 * notifies the device; QEMU reads the image file into the session's
 * region (DMA memory shared into this space), the interrupt reaches the
 * same port, which answers by token. Counted from before the ecall to
 * after it returns, every space's instructions in between, kernel's and
 * driver's included; under -icount the host's file read costs none.
 */
static struct pier_blk b;
static struct pier_blk_io req4, req64;
static struct pier_frame f4, f64;

int blk_setup(void)
{
	int rc = pier_blk_open(&b, "blk0", 64u * 1024u);

	if (rc != PIER_OK)
		return rc;
	req4 = (struct pier_blk_io){ b.session, 64, 8, 0 };
	req64 = (struct pier_blk_io){ b.session, 256, 128, 0 };
	f4 = (struct pier_frame){
		.frmsz = sizeof(f4), .flags = PIER_OP_CALL, .type = PIER_BLK_READ,
		.dst = b.svc, .pktsz = sizeof(req4), .pkt = &req4,
	};
	f64 = f4;
	f64.pkt = &req64;
	return PIER_OK;
}

static int timed(struct pier_frame *f, uint32_t *d)
{
	uint64_t a, z;
	int rc = timed_ecall(f, &a, &z);

	*d = (uint32_t)(z - a);
	return rc;
}

int s_blk4k(uint32_t *d)
{
	return timed(&f4, d);
}

int s_blk64k(uint32_t *d)
{
	return timed(&f64, d);
}
