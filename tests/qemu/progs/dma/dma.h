/* The dma test's parts: checks, the child driver, the raw virtio proof. */
#ifndef DMA_TEST_H
#define DMA_TEST_H

#include <stdint.h>
#include <libpier.h>

extern int fails;
void check(const char *what, long got, long want);
/* argv[1] == "child": allocate as a driver would, with the device at PIER_H_PARENT. */
int child_main(void);
/* Drive a legacy virtio-rng at regs through DMA buffers of dev: 0 if it wrote entropy there. */
void virtio_rng_proof(uint32_t dev, volatile uint32_t *regs);

#endif
