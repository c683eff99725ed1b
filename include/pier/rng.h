/* The entropy protocol: random bytes from a hardware source (service "rng0"). */
#ifndef PIER_RNG_H
#define PIER_RNG_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * PIER_RNG_READ   call, req pier_rng_read: the reply holds that many random
 *                 bytes (at most PIER_RNG_MAX, and at most the reply buffer).
 *                 The driver holds the call until the device has them.
 */
enum pier_rng_msg {
	PIER_RNG_READ = PIER_PROTO(PIER_PROTO_RNG) | 1u,
};
#define PIER_RNG_MAX 256u

struct pier_rng_read {
	uint32_t size;     /* 1..PIER_RNG_MAX */
	uint32_t _pad;
};

#endif
