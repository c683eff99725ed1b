/* For test programs that make device handles: the device tree, and nodes by compatible. */
#include <string.h>
#include <libpier.h>
#include "dtdev.h"
#include "board_dt.h"

#define DTB_MAX (64u * 1024u)

static uint8_t blob[DTB_MAX] __attribute__((aligned(8)));
struct fdt dt;
struct board board;

int dt_load(void)
{
	uint32_t got, len, total;
	int rc;

	if ((rc = pier_dtb_read(0, blob, 40, &got)) != PIER_OK)
		return rc;
	total = fdt_be32(blob + 4);	/* the header's totalsize */
	if (got < 40 || total > DTB_MAX)
		return FDT_E_TRUNCATED;
	for (len = got; len < total; len += got) {
		uint32_t want = total - len < PIER_PACKET_MAX ? total - len : PIER_PACKET_MAX;

		if ((rc = pier_dtb_read(len, blob + len, want, &got)) != PIER_OK)
			return rc;
		if (got == 0)
			return FDT_E_TRUNCATED;
	}
	if ((rc = fdt_init(&dt, blob, len)) < 0)
		return rc;
	return board_from_fdt(blob, len, &board);
}

int dt_devices(const char *compat, struct dtdev *out, int max)
{
	const void *v;
	uint32_t len;
	int n = 0;

	for (int node = dt.root; node >= 0 && n < max; node = fdt_walk(&dt, node, NULL)) {
		if (fdt_prop(&dt, node, "compatible", &v, &len) < 0 ||
		    !fdt_strlist_has(v, len, compat))
			continue;
		out[n] = (struct dtdev){ .node = node };
		if (board_reg0(&dt, node, &out[n].base, &out[n].size) < 0 ||
		    fdt_prop_u32(&dt, node, "interrupts", &out[n].irq) < 0)
			continue;
		n++;
	}
	return n;
}
