/* The block protocol's checks of a request: sector run, region offset, read-only. */
#include <pier/status.h>
#include "blkcheck.h"

int blk_check_count(const struct pier_blk_info *info, uint32_t count)
{
	if (count == 0 || count > info->max_size / info->sector_size)
		return PIER_E_ARG;
	return PIER_OK;
}

int blk_check_range(const struct pier_blk_info *info, uint32_t region, uint32_t type,
		    const struct pier_blk_io *io)
{
	/* count <= max_size / sector_size (blk_check_count), so bytes fits 64 bits easily. */
	uint64_t bytes = (uint64_t)io->count * info->sector_size;

	if (io->offset % info->sector_size)
		return PIER_E_MISALIGNED;
	if (io->offset > region || bytes > region - io->offset)
		return PIER_E_REGION;
	if (io->lba > info->sectors || io->count > info->sectors - io->lba)
		return PIER_E_BOUNDS;
	if (type == PIER_BLK_WRITE && (info->flags & PIER_BLK_RO))
		return PIER_E_READONLY;
	return PIER_OK;
}
