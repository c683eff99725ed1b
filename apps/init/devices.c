/* init's devices: the device tree read through the task port, and the console driver chosen by compatible. */

/*
 * The tree is parsed with the kernel's own reader (kernel/fdt.c and
 * kernel/board.c are freestanding C without globals, built into init too).
 * board_from_fdt() names the stdout UART; drivers_table.c says which
 * driver serves it. A device handle (PIER_TASK_DEVICE, init holds the
 * super right) is the right to its registers and interrupt; init keeps it
 * until the driver asks for it with INIT_DEVICE.
 */
#include <stdio.h>
#include <string.h>
#include "board.h"
#include "init.h"
#include "drivers_table.h"

#define DTB_MAX (64u * 1024u)
#define DEVICES_MAX 8

static uint8_t dtb[DTB_MAX] __attribute__((aligned(8)));
static uint32_t dtb_len;
static struct fdt fdt;
static struct board board;
uint64_t console_driver;

static struct { uint64_t space; uint32_t handle; } given[DEVICES_MAX];

int dt_load(void)
{
	uint32_t got, total;
	int rc;

	if ((rc = pier_dtb_read(0, dtb, 40, &got)) != PIER_OK)
		return rc;
	total = fdt_be32(dtb + 4);	/* the header's totalsize */
	if (got < 40 || total > DTB_MAX)
		return FDT_E_TRUNCATED;
	for (dtb_len = got; dtb_len < total; dtb_len += got) {
		uint32_t want = total - dtb_len < PIER_PACKET_MAX ?
				total - dtb_len : PIER_PACKET_MAX;

		rc = pier_dtb_read(dtb_len, dtb + dtb_len, want, &got);
		if (rc != PIER_OK)
			return rc;
		if (got == 0)
			return FDT_E_TRUNCATED;
	}
	if ((rc = fdt_init(&fdt, dtb, dtb_len)) < 0)
		return rc;
	return board_from_fdt(dtb, dtb_len, &board);
}

int dt_device(const char *compat, struct pier_device *d)
{
	const void *v;
	uint32_t len, pos = 0;
	int n, parent, ac, sc;

	for (n = fdt.root; n >= 0; n = fdt_walk(&fdt, n, NULL)) {
		if (fdt_prop(&fdt, n, "compatible", &v, &len) == 0 &&
		    fdt_strlist_has(v, len, compat) && fdt_okay(&fdt, n))
			break;
	}
	if (n < 0)
		return n;
	memset(d, 0, sizeof(*d));
	if ((parent = fdt_parent(&fdt, n)) < 0)
		return parent;
	ac = fdt_acells(&fdt, parent);
	sc = fdt_scells(&fdt, parent);
	if (ac < 0 || sc < 0 || fdt_prop(&fdt, n, "reg", &v, &len) < 0 ||
	    fdt_cells(v, len, &pos, (uint32_t)ac, &d->base) < 0 ||
	    fdt_cells(v, len, &pos, (uint32_t)sc, &d->size) < 0)
		return FDT_E_VALUE;
	if (fdt_prop(&fdt, n, "interrupts", &v, &len) == 0 && len >= 4)
		d->irq = fdt_be32(v);
	return 0;
}

int device_give(uint64_t space, uint32_t handle)
{
	for (int i = 0; i < DEVICES_MAX; i++) {
		if (given[i].space == 0) {
			given[i].space = space;
			given[i].handle = handle;
			return PIER_OK;
		}
	}
	return PIER_E_LIMIT;
}

uint32_t device_of(uint64_t space)
{
	for (int i = 0; i < DEVICES_MAX; i++)
		if (given[i].space == space && space != 0)
			return given[i].handle;
	return 0;
}

int console_driver_start(uint32_t init_port)
{
	const struct board_uart *u = &board.uart;
	const char *compat, *driver;
	char cmd[PIER_PACKET_MAX - 8];
	uint32_t dev;
	int rc;

	if (!u->present) {
		printf("init: the device tree names no console UART\n");
		return 0;
	}
	if ((driver = drivers_table_uart(u, &compat, cmd, sizeof(cmd))) == NULL) {
		printf("init: no driver for %s (%s) yet\n", u->path, compat);
		return 0;
	}
	rc = pier_device_create(u->base, u->size, u->irq, &dev);
	if (rc == PIER_OK)
		rc = pier_spawn_max(cmd, PIER_PRIO_DEFAULT, PRIO_DRIVER_MAX, 0, init_port, 0,
				    &console_driver);
	if (rc == PIER_OK)
		rc = device_give(console_driver, dev);
	if (rc != PIER_OK) {
		printf("init: cannot start %s for %s: %s\n", driver, u->path,
		       pier_strerror(rc));
		console_driver = 0;
		return 0;
	}
	printf("init: started %s for %s (%s, irq %u) as space %llu\n", cmd,
	       u->path, compat, (unsigned)u->irq,
	       (unsigned long long)console_driver);
	return 1;
}
