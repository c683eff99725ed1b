/* init's parts: the device tree and devices (devices.c), programs and the manifest (main.c). */
#ifndef INIT_H
#define INIT_H

#include <libpier.h>

/* The drivers' band of priorities: init's fault port alone is above it. */
#define PRIO_DRIVER_MAX 30u

/* Read the device tree through the task port; 0 or an FDT_E_* / PIER_E_* code. */
int dt_load(void);
/* The first enabled node whose compatible list has compat. */
int dt_device(const char *compat, struct pier_device *d);
/* Start the driver of the console UART the device tree names; 1 if one is
 * starting (its INIT_READY will follow), 0 if there is none. */
int console_driver_start(uint32_t init_port);
/* Grant a device handle to space (once it asks with INIT_DEVICE). */
int device_give(uint64_t space, uint32_t handle);
uint32_t device_of(uint64_t space);
/* The console driver's space, 0 when none is starting. */
extern uint64_t console_driver;

#endif
