/* init's driver table: a new device is a line here and a program in the boot image. */
#include <string.h>
#include <fdt/fdt.h>
#include "drivers_table.h"

/*
 * First match wins, so the most specific string comes first. A program
 * not in the boot image is skipped at boot with a line saying so (drivers
 * arrive one by one). DMA only for drivers that need it: a device with
 * DMA can write anywhere in RAM, so its driver is trusted.
 */
static const struct driver drivers[] = {
	{ "ns16550a", 0, "uart-ns16550", "console", DRV_STDOUT, 0, 0, 0 },
	{ "snps,dw-apb-uart", 0, "uart-ns16550", "console", DRV_STDOUT, 0, 0, 0 }, /* VisionFive 2 */
	{ "sifive,uart0", 0, "uart-sifive", "console", DRV_STDOUT, 0, 0, 0 },  /* HiFive boards */
	{ "google,goldfish-rtc", 0, "rtc-goldfish", "rtc", DRV_NAMEARG, 0, 0, 0 },
	{ "sifive,spi0", 0, "spi-sifive", "spi", DRV_NAMEARG, 0, 0, 0 },
	/* An SD card slot under an SPI controller (sifive_u, HiFive boards). */
	{ "mmc-spi-slot", 0, "sd-spi", "blk", DRV_BUSCHILD, RESTART_UPTO, 5, 500 },
	{ "virtio,mmio", VIRTIO_ID_EMPTY, NULL, NULL, DRV_VIRTIO, 0, 0, 0 },
	/* A disk driver that keeps failing should not spin: five tries, then held. */
	{ "virtio,mmio", 2, "virtio-blk", "blk", DRV_VIRTIO | DRV_DMA | DRV_NAMEARG, RESTART_UPTO, 5, 500 },
	{ "virtio,mmio", 4, "virtio-rng", "rng", DRV_VIRTIO | DRV_DMA | DRV_NAMEARG, 0, 0, 0 },
};

#define NDRIVERS (sizeof(drivers) / sizeof(drivers[0]))

const struct driver *drivers_match(const void *val, uint32_t len, bool stdout)
{
	for (size_t i = 0; i < NDRIVERS; i++)
		if ((stdout || !(drivers[i].flags & DRV_STDOUT)) &&
		    fdt_strlist_has(val, len, drivers[i].compat))
			return &drivers[i];
	return NULL;
}

const struct driver *drivers_virtio(uint32_t id)
{
	for (size_t i = 0; i < NDRIVERS; i++)
		if ((drivers[i].flags & DRV_VIRTIO) && drivers[i].virtio_id == id)
			return &drivers[i];
	return NULL;
}
