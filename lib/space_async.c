/* The space port's requests made asynchronously: the answer comes as a packet on a port the caller names. */
#include <libpier.h>

int pier_map_async(uint64_t addr, uint32_t pages, uint32_t prot, uint32_t answer)
{
	struct pier_map req = { .addr = addr, .pages = pages, .prot = prot };

	return pier_request(PIER_H_SPACE, PIER_SPACE_MAP, &req, sizeof(req), answer);
}

int pier_unmap_async(uint64_t addr, uint32_t pages, uint32_t answer)
{
	struct pier_range req = { .addr = addr, .pages = pages };

	return pier_request(PIER_H_SPACE, PIER_SPACE_UNMAP, &req, sizeof(req), answer);
}

int pier_protect_async(uint64_t addr, uint32_t pages, uint32_t prot, uint32_t answer)
{
	struct pier_map req = { .addr = addr, .pages = pages, .prot = prot };

	return pier_request(PIER_H_SPACE, PIER_SPACE_PROTECT, &req, sizeof(req), answer);
}

int pier_query_async(uint64_t addr, uint32_t answer)
{
	struct pier_range req = { .addr = addr };

	return pier_request(PIER_H_SPACE, PIER_SPACE_QUERY, &req, sizeof(req), answer);
}

int pier_share_async(uint32_t to, uint64_t addr, uint32_t pages, uint32_t prot,
		     uint64_t at, uint32_t answer)
{
	struct pier_share req = { .addr = addr, .pages = pages, .prot = prot,
				  .at = at, .to = to };

	return pier_request(PIER_H_SPACE, PIER_SPACE_SHARE, &req, sizeof(req), answer);
}

int pier_find_async(uint32_t pages, uint32_t answer)
{
	struct pier_range req = { .pages = pages };

	return pier_request(PIER_H_SPACE, PIER_SPACE_FIND, &req, sizeof(req), answer);
}
