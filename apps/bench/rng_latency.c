/* bench: figure 13, one `random 16`: a 16-byte call to rng0 until its answer, device round trip included. */
#include <pier/rng.h>
#include "figures.h"

/*
 * The call is what getentropy(buf, 16) makes: to the virtio-rng driver's
 * service port, which holds it, queues a buffer and notifies the device;
 * QEMU fills it, the interrupt port wakes the service port, which answers
 * by token. Counted from before the ecall to after it returns, every
 * space's instructions in between (under -icount, the host's time reading
 * /dev/urandom costs none).
 */
static uint32_t rng;
static uint8_t buf[16];
static struct pier_rng_read req = { .size = sizeof(buf) };
static struct pier_frame rng_frame;

int rng_setup(void)
{
	int rc = pier_lookup("rng0", &rng);

	rng_frame = (struct pier_frame){
		.frmsz = sizeof(rng_frame), .flags = PIER_OP_CALL, .type = PIER_RNG_READ,
		.dst = rng, .pktsz = sizeof(req), .pkt = &req, .rbuf = buf, .rbufsz = sizeof(buf),
	};
	return rc;
}

int s_rng16(uint32_t *d)
{
	uint64_t a, b;
	int rc = timed_ecall(&rng_frame, &a, &b);

	*d = (uint32_t)(b - a);
	if (rc == PIER_OK && rng_frame.rsz != sizeof(buf))
		rc = PIER_E_PACKET_SIZE;
	return rc;
}
