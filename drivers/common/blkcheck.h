/* The block protocol's checks of one request against the device and a region: pure functions, tested on the host. */
#ifndef BLKCHECK_H
#define BLKCHECK_H

#include <stdint.h>
#include <pier/block.h>

/* A read or write's count: PIER_E_ARG if 0 or over the device's max_size, else PIER_OK. */
int blk_check_count(const struct pier_blk_info *info, uint32_t count);

/*
 * A read or write of a session whose region is region bytes, in the
 * protocol's order: PIER_E_MISALIGNED, PIER_E_REGION, PIER_E_BOUNDS,
 * PIER_E_READONLY (a write), else PIER_OK. No sum here can wrap.
 */
int blk_check_range(const struct pier_blk_info *info, uint32_t region, uint32_t type,
		    const struct pier_blk_io *io);

#endif
