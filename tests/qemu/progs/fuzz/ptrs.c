/* fuzz: good and bad addresses for frames, packets and reply buffers, and the check that replies land where they should. */
#include <string.h>
#include "fuzz.h"

#define KERNEL_VA 0xffffffc080200000ull   /* the kernel image */
#define KERNEL_BASE 0xffffffc000000000ull
#define USER_END 0x4000000000ull
#define UNMAPPED_VA 0x20000000ull          /* above the program, below everything else */
#define DEVICE_VA 0x1000000000ull
#define GUARD 0xa5

int main(int argc, char **argv);
static const char rodata[64] = "fuzz: read-only bytes";

/* Two read-write pages, a hole, a read-only page with two frames on it, a hole. */
int fz_ptrs_setup(void)
{
	struct pier_frame *f;
	int rc = pier_map(SCR_BASE, 2, PIER_PROT_R | PIER_PROT_W, NULL);

	if (rc == PIER_OK)
		rc = pier_map(SCR_RO, 1, PIER_PROT_R | PIER_PROT_W, NULL);
	if (rc != PIER_OK)
		return rc;
	rnd_fill((void *)(uintptr_t)SCR_RO, PG);
	f = (struct pier_frame *)(uintptr_t)RO_SEND_NOP;
	*f = (struct pier_frame){ .frmsz = sizeof(*f), .flags = PIER_OP_SEND,
				  .type = PIER_DEBUG_NOP, .dst = PIER_H_DEBUG };
	f = (struct pier_frame *)(uintptr_t)RO_CALL_NOP;
	*f = (struct pier_frame){ .frmsz = sizeof(*f), .flags = PIER_OP_CALL,
				  .type = PIER_DEBUG_NOP, .dst = PIER_H_DEBUG };
	fz_ptrs_refill();
	return pier_protect(SCR_RO, 1, PIER_PROT_R);
}

void fz_ptrs_refill(void)
{
	rnd_fill((void *)(uintptr_t)SCR_PKT, SCR_PKT_SIZE);
}

/*
 * Where a frame goes. *valid: 1 a good place the caller writes the frame
 * to; 2 and 3 the read-only send and call; 4 misaligned (written); 5 the
 * first 24 bytes before the hole (written); 0 nowhere readable; 6 the
 * page below the program, which a fuzz step may have mapped (even as a
 * second view of the scratch page, frames and all).
 */
uint64_t fz_frame_ptr(int *valid)
{
	uint32_t r = below(100);

	if (r == 99) {
		*valid = 6;
		return 0x1000;
	}

	*valid = 1;
	if (r < 82)
		return SCR_BASE + 8 * below(8);
	if (r < 85) {
		*valid = 4;
		return SCR_BASE + 128 + 1 + below(7);
	}
	if (r < 87) {
		*valid = 5;
		return SCR_HOLE - 24;
	}
	if (r < 90) {
		*valid = chance(50) ? 2 : 3;
		return *valid == 2 ? RO_SEND_NOP : RO_CALL_NOP;
	}
	*valid = 0;
	return PICK64(0, 8, KERNEL_VA, KERNEL_BASE, ~7ull, 1ull << 63, USER_END - 32,
		      USER_END - 8, USER_END, UNMAPPED_VA, DEVICE_VA, SCR_HOLE);
}

/* 1: [p, p + size) is surely not all readable; 0: it surely is; -1: unknown. */
int fz_ptr_bad(uint64_t p, uint32_t size)
{
	uint64_t end = p + size;

	if (size == 0)
		return -1;
	if (p >= KERNEL_BASE || p >= USER_END || end > USER_END || end < p)
		return 1;
	if (p < 0x1000 || (p < SCR_HOLE + PG && end > SCR_HOLE) ||
	    (p >= UNMAPPED_VA && end <= UNMAPPED_VA + PG) || (p >= DEVICE_VA && end <= DEVICE_VA + PG))
		return 1;
	if ((p >= SCR_BASE && end <= SCR_HOLE) || (p >= SCR_RO && end <= SCR_RO + PG))
		return 0;
	return -1;
}

/*
 * A packet pointer. A kernel port gets random bytes (or a bad pointer):
 * never the program's own data, whose words could name its own pages or
 * ports to a request.
 */
uint64_t fz_pkt_ptr(int kernel_dst, uint32_t size, int *readable)
{
	uint32_t r = below(100);
	uint64_t p;

	if (r < 62)
		p = SCR_PKT + below(1024);
	else if (r < 66)
		p = SCR_HOLE - below(size + 1);
	else if (r < 70)
		p = SCR_RO + 512 + below(PG - 512);
	else if (r < 78 && !kernel_dst)
		p = PICK64((uintptr_t)&main, (uintptr_t)rodata, (uintptr_t)&fz);
	else
		p = PICK64(0, 16, KERNEL_VA, KERNEL_BASE, ~0ull, 1ull << 63, USER_END - 8,
			   USER_END - 1, USER_END, UNMAPPED_VA, DEVICE_VA, SCR_HOLE);
	*readable = !fz_ptr_bad(p, size);
	return p;
}

/* Packet sizes: the edges (0, the structs, the maximum, past it) and anything between. */
uint32_t fz_size(void)
{
	if (chance(30))
		return PICK32(0, 0, 1, 4, 8, 16, 24, 32, 40, 56, 255, 256, 257, 300);
	return below(257);
}

/* A reply buffer and its size: mostly in the checked page, sometimes not writable at all. */
uint64_t fz_rbuf_ptr(uint32_t *size)
{
	uint32_t r = below(100);

	*size = chance(35) ? PICK32(0, 1, 8, 16, 24, 32, 56, 240, 255, 256, 257, 4096,
				    65536, 0xffffffffu) : below(300);
	if (r < 65) {
		uint32_t off = chance(20) ? 0 : below(PG);

		if (chance(15) && *size < PG)
			off = (uint32_t)PG - below(*size + 1);   /* up to the hole */
		return SCR_RB + off;
	}
	if (r < 72)
		return SCR_RO + below(PG);
	if (r < 76)
		return (uintptr_t)&main;
	return PICK64(0, KERNEL_VA, ~0ull, USER_END - 4, UNMAPPED_VA, DEVICE_VA, SCR_HOLE);
}

void fz_guard_fill(void)
{
	memset((void *)(uintptr_t)SCR_RB, GUARD, PG);
}

/*
 * After a call: the kernel wrote reply bytes only inside [rbuf, rbuf +
 * rsz), rsz fits rbufsz and a packet, and nothing when it wrote no
 * result. after is the frame as read back (NULL when it is not readable).
 */
void fz_guard_check(uint64_t rbuf, uint32_t rbufsz, const struct pier_frame *after,
		    int rc, const struct pier_frame *f, uint64_t fva)
{
	const uint8_t *page = (const uint8_t *)(uintptr_t)SCR_RB;
	uint64_t lo = 0, hi = 0;
	uint32_t bad = 0, first = 0;

	if (after && after->rsz != RSZ_UNSET) {
		uint32_t lim = rbufsz < PIER_PACKET_MAX ? rbufsz : PIER_PACKET_MAX;

		if (after->rsz > lim) {
			fz_fail("reply of %u bytes for a %u-byte buffer (status %d)",
				(unsigned)after->rsz, (unsigned)rbufsz, rc);
			fz_frame_print(f, fva);
		}
		lo = rbuf;
		hi = rbuf + after->rsz;
	}
	for (uint32_t i = 0; i < PG; i++) {
		uint64_t va = SCR_RB + i;

		if (page[i] == GUARD || (va >= lo && va < hi) ||
		    (va >= fva && va < fva + sizeof(struct pier_frame)))
			continue;
		if (!bad++)
			first = i;
	}
	if (bad) {
		fz_fail("%u bytes written outside the reply (first at rbuf page offset %u, status %d)",
			(unsigned)bad, (unsigned)first, rc);
		fz_frame_print(f, fva);
	}
}
