/* sd-spi: the SD logic's bus (struct sd_bus) as calls to an SPI service. */
#ifndef SPIBUS_H
#define SPIBUS_H

#include <stdint.h>
#include "sdcard.h"

struct spibus {
	uint32_t spi;      /* send handle to the SPI service */
	uint32_t cs;       /* our chip select */
	uint32_t hz;       /* the rate the controller set last */
	uint64_t calls;    /* calls made to the SPI service */
};

void spibus_bind(struct spibus *b, struct sd_bus *bus);

#endif
