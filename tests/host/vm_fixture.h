/* What the page-table host tests share: fake RAM under the real page allocator, a kernel root, a checking walk. */
#ifndef VM_FIXTURE_H
#define VM_FIXTURE_H

#include <stdint.h>
#include "vm.h"
#include "pte.h"

#define RAM_BASE 0x80000000ull
#define RAM_PAGES 1024u		/* 4 MiB of fake RAM */
#define PG 4096ull

extern int bugs;		/* kernel_bug() calls: every test ends with none */

/* A fresh allocator over fresh RAM, kernel_root filled in, CSRs cleared. */
int vm_fixture_setup(void **state);
int vm_fixture_teardown(void **state);

/* The level-0 entry for va, walked independently of vm.c; NULL if no table. */
pte_t *leaf(const struct vm *vm, uint64_t va);
/* The bytes of the page mapped at va (through the fake direct map). */
uint8_t *user_bytes(const struct vm *vm, uint64_t va);

#endif
