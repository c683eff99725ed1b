/* The dma test's child: a driver that allocates DMA buffers and is then killed with them. */
#include <stdio.h>
#include "dma.h"

static int idle(const struct pier_packet *pkt)
{
	(void)pkt;
	return PIER_OK;
}

/* Spawned with a quota of CHILD_QUOTA pages and the device handle at PIER_H_PARENT. */
int child_main(void)
{
	struct pier_dma a, b;
	uint32_t port;

	check("child: more than its quota", pier_dma_alloc(PIER_H_PARENT, 200, &a), PIER_E_QUOTA);
	check("child: 8 pages", pier_dma_alloc(PIER_H_PARENT, 8, &a), PIER_OK);
	check("child: 2 pages", pier_dma_alloc(PIER_H_PARENT, 2, &b), PIER_OK);
	((volatile uint8_t *)(uintptr_t)a.va)[0] = 1;  /* the device "is using" them */
	/* A port keeps the space alive after main, until the parent kills it. */
	check("child: a port", pier_port_create(idle, 1, 0, 0, &port), PIER_OK);
	printf("dma: child holds 10 pages\n");
	return 0;
}
