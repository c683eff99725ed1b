/* Device registers the kernel itself uses (the PLIC), mapped in a window of the kernel half. */
#ifndef KIO_H
#define KIO_H

#include <stdint.h>

/* Set up the window; before any space exists, since spaces copy the kernel's root entries. */
void kio_init(void);
/* Map [pa, pa+size) uncached-as-the-platform-says, read-write; its kernel address, or 0. */
void *kio_map(uint64_t pa, uint64_t size);

#endif
