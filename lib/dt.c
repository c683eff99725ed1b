/* The device tree for programs: read once through the task port; a driver finds its node by its device handle. */
#include <libpier.h>
#include "dt.h"

/* The blob stays for the program's life: nodes and property values point into it. */
static struct fdt tree;
static int loaded;

static int dt_load(void)
{
	uint8_t head[40] __attribute__((aligned(8)));
	uint32_t got, total, len, pages;
	uint64_t va;
	uint8_t *blob;
	int rc;

	if ((rc = pier_dtb_read(0, head, sizeof(head), &got)) != PIER_OK)
		return rc;
	total = fdt_be32(head + 4);	/* the header's totalsize */
	if (got < sizeof(head) || total < sizeof(head) || total > FDT_MAX_SIZE)
		return FDT_E_TRUNCATED;
	/* Pages of its own (no malloc: a driver need not carry the heap). */
	pages = (total + 4095u) / 4096u;
	if ((rc = pier_map(0, pages, PIER_PROT_R | PIER_PROT_W, &va)) != PIER_OK)
		return rc;
	blob = (uint8_t *)(uintptr_t)va;
	/* A packet at a time; a short read before the end is a truncated blob. */
	for (len = 0; len < total; len += got) {
		uint32_t want = total - len < PIER_PACKET_MAX ? total - len : PIER_PACKET_MAX;

		if ((rc = pier_dtb_read(len, blob + len, want, &got)) != PIER_OK ||
		    (rc = got == 0 ? FDT_E_TRUNCATED : 0) != 0) {
			pier_unmap(va, pages);
			return rc;
		}
	}
	if ((rc = fdt_init(&tree, blob, total)) < 0) {
		pier_unmap(va, pages);
		return rc;
	}
	return PIER_OK;
}

int dt_get(const struct fdt **out)
{
	int rc;

	if (!loaded) {
		if ((rc = dt_load()) != PIER_OK)
			return rc;
		loaded = 1;
	}
	*out = &tree;
	return PIER_OK;
}

int dt_device_node(uint32_t dev, const struct fdt **f, int *node)
{
	struct pier_device_info info;
	int rc;

	if ((rc = dt_get(f)) != PIER_OK || (rc = pier_dev_info_all(dev, &info)) != PIER_OK)
		return rc;
	/* Whatever the handle says, it must name a node of this blob. */
	if (info.node > FDT_MAX_SIZE || fdt_name(*f, (int)info.node) == NULL)
		return FDT_E_NOTFOUND;
	*node = (int)info.node;
	return PIER_OK;
}
