/* Inside the device tree reader: structure tokens and the raw helpers fdt.c and fdt_prop.c share. */
#ifndef FDT_RAW_H
#define FDT_RAW_H

#include <stdint.h>
#include "fdt.h"

/* Header and structure-block tokens, Devicetree Specification v0.4 ch. 5. */
#define FDT_MAGIC_WORD 0xd00dfeedu
#define FDT_HDR_SIZE 40u        /* v17 header: ten big-endian words */
enum {
	FDT_TOK_BEGIN = 1,      /* BEGIN_NODE, then the NUL-terminated name */
	FDT_TOK_END_NODE = 2,
	FDT_TOK_PROP = 3,       /* PROP, len, nameoff, then len bytes */
	FDT_TOK_NOP = 4,
	FDT_TOK_END = 9,
};

uint64_t fdt_be64(const uint8_t *p);
/* Length of the string at p, or max if no NUL within max bytes. */
uint32_t fdt_slen(const uint8_t *p, uint32_t max);
/* The token at structure offset off; *next is the offset after it. */
int fdt_tag(const struct fdt *f, int off, int *next);

#endif
