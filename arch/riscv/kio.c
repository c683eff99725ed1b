/* The kernel's device window: 2 MiB pages in one root slot, handed out upwards. */
#include <stdint.h>
#include "kio.h"
#include "pte.h"
#include "boot.h"
#include "csr.h"

/*
 * Root slot 508 (VA 0xffffffff00000000, 1 GiB) holds device mappings. Its
 * table is shared by every space, because each space copies the root's
 * kernel half at creation: the slot must be filled before the first space
 * exists, its contents may change later.
 */
#define KIO_SLOT 508
#define KIO_BASE 0xffffffff00000000ul
#define MIB2 (1ul << 21)

static pte_t kio_l1[512] __attribute__((aligned(4096)));
static unsigned kio_next;

void kio_init(void)
{
	kernel_root[KIO_SLOT] = pte_table(kimg_pa(kio_l1));
	sfence_vma();
}

void *kio_map(uint64_t pa, uint64_t size)
{
	uint64_t start = pa & ~(MIB2 - 1);
	uint64_t n = (pa + size - start + MIB2 - 1) / MIB2;

	if (!size || kio_next + n > 512)
		return 0;
	for (uint64_t i = 0; i < n; i++)
		kio_l1[kio_next + i] = pte_make(start + i * MIB2, PTE_R | PTE_W | PTE_G);
	sfence_vma();
	void *va = (void *)(KIO_BASE + kio_next * MIB2 + (pa - start));
	kio_next += n;
	return va;
}
