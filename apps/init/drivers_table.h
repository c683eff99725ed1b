/* init's driver table: which program serves a device tree node, by compatible string, and under what name. */
#ifndef DRIVERS_TABLE_H
#define DRIVERS_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define DRV_DMA 0x1u      /* the device handle carries PIER_R_DMA (PIER_DEVICE_DMA) */
#define DRV_STDOUT 0x2u   /* only the node /chosen's stdout-path names: the console */
#define DRV_VIRTIO 0x4u   /* a virtio,mmio slot: chosen by the device ID in its registers */
#define DRV_NAMEARG 0x8u  /* started as "PROGRAM SERVICE": it serves the name it is told */
/* A device on a bus another driver serves (an SPI slave): no device handle;
 * started as "PROGRAM SERVICE BUS ADDR", BUS the parent node's service,
 * ADDR the node's reg, and it may look up BUS. */
#define DRV_BUSCHILD 0x10u

/* Restart policies (docs/drivers.md): what init does when a program it started ends. */
enum restart_kind {
	RESTART_NEVER,    /* a plain program: it ends, and that is all */
	RESTART_ALWAYS,   /* restart */
	RESTART_HOLD,     /* hold: never again; its service stays, callers wait */
	RESTART_UPTO,     /* restart=N: at most N restarts, then hold */
};
#define BACKOFF_DRIVER_MS 100u   /* drivers' default: a crash loop costs 10 starts a second at most */

struct driver {
	const char *compat;    /* a string of the node's compatible list */
	uint32_t virtio_id;    /* DRV_VIRTIO: the device ID it serves */
	const char *program;   /* in the boot image; NULL: nothing to drive (an empty slot) */
	const char *service;   /* "console", or a prefix numbered per device ("rtc": rtc0, rtc1...) */
	uint32_t flags;        /* DRV_* */
	/* Its restart policy; all 0 (RESTART_NEVER) means the drivers' default:
	 * RESTART_ALWAYS with a backoff of BACKOFF_DRIVER_MS. */
	uint32_t restart, restart_max, backoff_ms;
};

/*
 * The first entry whose compat is in the list (val, len: the compatible
 * property): most specific first, as device trees list them. DRV_STDOUT
 * entries match only when stdout is true. NULL: no driver. Portable C:
 * the host test (tests/host/test_boards.c) links it.
 */
const struct driver *drivers_match(const void *val, uint32_t len, bool stdout);
/* For a DRV_VIRTIO match: the entry for the slot's device ID, or NULL. */
const struct driver *drivers_virtio(uint32_t id);

/* A virtio-mmio slot's first registers (virtio 1.x, 4.2.2). */
#define VIRTIO_MMIO_MAGIC 0x74726976u   /* "virt", little-endian, at 0x0 */
#define VIRTIO_MMIO_REG_MAGIC 0x0u
#define VIRTIO_MMIO_REG_VERSION 0x4u
#define VIRTIO_MMIO_REG_ID 0x8u
#define VIRTIO_ID_EMPTY 0u               /* no device in the slot */

#endif
