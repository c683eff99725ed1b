/* Host tests of the ELF checker: a real RISC-V program, mutated, and hand-made files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pier/ports.h>
#include "elf.h"

#ifndef ELF_SAMPLE_PATH
#error "build with -DELF_SAMPLE_PATH='\"build/host/elf_sample.elf\"' (see tests/host/elf.mk)"
#endif

/* The sample program, built by elf.mk, carried inside this binary. */
__asm__(".pushsection .rodata\n"
	".balign 16\n"
	"elf_sample_start:\n"
	".incbin \"" ELF_SAMPLE_PATH "\"\n"
	"elf_sample_end:\n"
	".popsection\n");
extern const uint8_t elf_sample_start[], elf_sample_end[];

#define USER_END 0x4000000000ull	/* Sv39 lower half */
#define PHOFF 0x20
#define PHENTSIZE 0x36
#define PHNUM 0x38
#define PH_TYPE 0
#define PH_FLAGS 4
#define PH_OFFSET 8
#define PH_VADDR 16
#define PH_FILESZ 32
#define PH_MEMSZ 40

static uint8_t *img;	/* an exact-size copy, so ASan sees reads past the end */
static size_t len;

static uint64_t get(const uint8_t *p, size_t off, int n)
{
	uint64_t v = 0;
	memcpy(&v, p + off, (size_t)n);
	return v;
}

static void put(uint8_t *p, size_t off, int n, uint64_t v)
{
	memcpy(p + off, &v, (size_t)n);
}

static int setup(void **state)
{
	(void)state;
	len = (size_t)(elf_sample_end - elf_sample_start);
	img = malloc(len);
	memcpy(img, elf_sample_start, len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(img);
	return 0;
}

/* File offset of the n-th program header of type PT_LOAD with (or without) X. */
static size_t load_ph(int want_exec)
{
	size_t phoff = get(img, PHOFF, 8);
	for (size_t i = 0; i < get(img, PHNUM, 2); i++) {
		size_t ph = phoff + i * 56;
		if (get(img, ph + PH_TYPE, 4) == 1 &&
		    !!(get(img, ph + PH_FLAGS, 4) & ELF_PF_X) == want_exec)
			return ph;
	}
	fail_msg("sample has no %s PT_LOAD", want_exec ? "exec" : "data");
	return 0;
}

static int parse(uint64_t user_end)
{
	struct elf_image im;
	return elf_parse(img, len, user_end, &im);
}

static void test_real_program(void **state)
{
	(void)state;
	struct elf_image im;
	assert_int_equal(elf_parse(img, len, USER_END, &im), PIER_OK);
	assert_int_equal(im.entry, 0x10000);
	assert_int_equal(im.nsegs, 2);
	assert_int_equal(im.seg[0].flags, ELF_PF_R | ELF_PF_X);
	assert_int_equal(im.seg[1].flags, ELF_PF_R | ELF_PF_W);
	assert_true(im.seg[1].memsz > im.seg[1].filesz);	/* bss */
	for (int i = 0; i < 2; i++) {
		assert_true(im.seg[i].vaddr >= 0x1000);
		assert_true(im.seg[i].offset + im.seg[i].filesz <= len);
	}
	/* At an odd address, as the image may sit in the boot archive. */
	uint8_t *odd = malloc(len + 1);
	memcpy(odd + 1, img, len);
	struct elf_image im2;
	assert_int_equal(elf_parse(odd + 1, len, USER_END, &im2), PIER_OK);
	assert_memory_equal(&im, &im2, sizeof(im));
	free(odd);
}

static void test_header_rejects(void **state)
{
	(void)state;
	static const struct { size_t off; int n; uint64_t v; } bad[] = {
		{ 0, 1, 0x7e },		/* magic */
		{ 3, 1, 'f' },
		{ 4, 1, 1 },		/* ELFCLASS32 */
		{ 5, 1, 2 },		/* big endian */
		{ 6, 1, 0 },		/* ident version */
		{ 0x10, 2, 3 },		/* ET_DYN */
		{ 0x10, 2, 1 },		/* ET_REL */
		{ 0x12, 2, 62 },	/* x86-64 */
		{ PHOFF, 8, UINT64_MAX },
		{ PHOFF, 8, 1 << 20 },	/* past the file */
		{ PHENTSIZE, 2, 32 },
		{ PHNUM, 2, 0xffff },	/* runs past the file */
		{ PHNUM, 2, 0 },	/* nothing to run */
	};
	uint8_t *orig = malloc(len);
	memcpy(orig, img, len);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(img, orig, len);
		put(img, bad[i].off, bad[i].n, bad[i].v);
		/* *out must stay untouched on failure. */
		struct elf_image im, before;
		memset(&im, 0xcc, sizeof(im));
		before = im;
		assert_int_equal(elf_parse(img, len, USER_END, &im), PIER_E_BADELF);
		assert_memory_equal(&im, &before, sizeof(im));
	}
	memcpy(img, orig, len);
	free(orig);
}

static void test_segment_rejects(void **state)
{
	(void)state;
	size_t text = load_ph(1), data = load_ph(0);
	uint64_t tva = get(img, text + PH_VADDR, 8), tmem = get(img, text + PH_MEMSZ, 8);
	uint64_t dva = get(img, data + PH_VADDR, 8), dmem = get(img, data + PH_MEMSZ, 8);
	uint64_t dfile = get(img, data + PH_FILESZ, 8);
	uint64_t entry = get(img, 0x18, 8);
	uint8_t *orig = malloc(len);
	memcpy(orig, img, len);
#define TRY(off, n, v, want) do { \
		memcpy(img, orig, len); \
		put(img, (off), (n), (v)); \
		assert_int_equal(parse(USER_END), (want)); \
	} while (0)

	TRY(text + PH_OFFSET, 8, len, PIER_E_BADELF);		/* bytes past the file */
	TRY(text + PH_OFFSET, 8, UINT64_MAX - 1, PIER_E_BADELF);
	TRY(text + PH_FILESZ, 8, len + 1, PIER_E_BADELF);
	TRY(data + PH_FILESZ, 8, dmem + 1, PIER_E_BADELF);	/* filesz > memsz */
	TRY(data + PH_MEMSZ, 8, dfile - 1, PIER_E_BADELF);
	TRY(data + PH_VADDR, 8, 0x800, PIER_E_BADELF);		/* page 0 */
	TRY(data + PH_VADDR, 8, 0, PIER_E_BADELF);
	TRY(data + PH_VADDR, 8, USER_END, PIER_E_BADELF);
	TRY(data + PH_VADDR, 8, UINT64_MAX - 0x10, PIER_E_BADELF);
	TRY(data + PH_MEMSZ, 8, UINT64_MAX, PIER_E_BADELF);
	memcpy(img, orig, len);
	put(img, data + PH_VADDR, 8, UINT64_MAX - 0x10);	/* wraps around */
	assert_int_equal(parse(UINT64_MAX), PIER_E_BADELF);
	TRY(data + PH_FLAGS, 4, ELF_PF_R | ELF_PF_W | ELF_PF_X, PIER_E_BADELF);	/* W^X */
	TRY(text + PH_FLAGS, 4, ELF_PF_R | ELF_PF_W | ELF_PF_X, PIER_E_BADELF);
	TRY(text + PH_FLAGS, 4, ELF_PF_R, PIER_E_BADELF);	/* entry not executable */
	TRY(0x18, 8, dva, PIER_E_BADELF);			/* entry in data */
	TRY(0x18, 8, tva + tmem, PIER_E_BADELF);		/* just past text */
	TRY(0x18, 8, tva + tmem - 1, PIER_OK);
	TRY(0x18, 8, entry, PIER_OK);
	TRY(data + PH_VADDR, 8, tva, PIER_E_BADELF);		/* overlap */
	TRY(data + PH_VADDR, 8, tva + tmem - 1, PIER_E_BADELF);
	/* Same page as the end of text: one page cannot be both W and X. */
	TRY(data + PH_VADDR, 8, ((tva + tmem - 1) | 0xfff) - 1, PIER_E_BADELF);
	TRY(data + PH_VADDR, 8, ((tva + tmem - 1) | 0xfff) + 1, PIER_OK);
	TRY(data + PH_TYPE, 4, 3, PIER_E_BADELF);		/* PT_INTERP */
	TRY(data + PH_TYPE, 4, 2, PIER_E_BADELF);		/* PT_DYNAMIC */
	TRY(data + PH_TYPE, 4, 4, PIER_E_BADELF);		/* PT_NOTE of data: not notes */
	/* A load of memsz 0 maps nothing and is not counted. */
	memcpy(img, orig, len);
	put(img, data + PH_MEMSZ, 8, 0);
	put(img, data + PH_FILESZ, 8, 0);
	struct elf_image im;
	assert_int_equal(elf_parse(img, len, USER_END, &im), PIER_OK);
	assert_int_equal(im.nsegs, 1);
#undef TRY
	memcpy(img, orig, len);
	/* user_end: the data segment may end exactly there, not a byte later. */
	assert_int_equal(parse(dva + dmem), PIER_OK);
	assert_int_equal(parse(dva + dmem - 1), PIER_E_BADELF);
	assert_int_equal(parse(UINT64_MAX), PIER_OK);
	assert_int_equal(parse(0), PIER_E_BADELF);
	free(orig);
}

/* Truncated anywhere before the last byte the loader needs: rejected. */
static void test_truncated(void **state)
{
	(void)state;
	struct elf_image im;
	assert_int_equal(elf_parse(img, len, USER_END, &im), PIER_OK);
	size_t need = get(img, PHOFF, 8) + get(img, PHNUM, 2) * 56;
	for (int i = 0; i < im.nsegs; i++)
		if (im.seg[i].offset + im.seg[i].filesz > need)
			need = im.seg[i].offset + im.seg[i].filesz;
	for (size_t l = 0; l <= len; l++) {
		uint8_t *cut = malloc(l ? l : 1);
		memcpy(cut, img, l);
		struct elf_image out;
		assert_int_equal(elf_parse(cut, l, USER_END, &out),
				 l < need ? PIER_E_BADELF : PIER_OK);
		free(cut);
	}
}

/* A hand-made file with n loads, one page apart: the first one executable. */
static size_t make_elf(uint8_t *buf, int n)
{
	size_t size = 64 + (size_t)n * 56;
	memset(buf, 0, size);
	memcpy(buf, "\177ELF\2\1\1", 7);
	put(buf, 0x10, 2, 2);
	put(buf, 0x12, 2, 243);
	put(buf, 0x14, 4, 1);
	put(buf, 0x18, 8, 0x10000);
	put(buf, PHOFF, 8, 64);
	put(buf, 0x34, 2, 64);
	put(buf, PHENTSIZE, 2, 56);
	put(buf, PHNUM, 2, (uint64_t)n);
	for (int i = 0; i < n; i++) {
		uint8_t *ph = buf + 64 + i * 56;
		put(ph, PH_TYPE, 4, 1);
		put(ph, PH_FLAGS, 4, i == 0 ? ELF_PF_R | ELF_PF_X : ELF_PF_R | ELF_PF_W);
		put(ph, PH_VADDR, 8, 0x10000 + (uint64_t)i * 0x1000);
		put(ph, PH_MEMSZ, 8, 0x1000);
	}
	return size;
}

static void test_segment_count(void **state)
{
	(void)state;
	uint8_t buf[64 + 10 * 56];
	struct elf_image im;
	size_t n = make_elf(buf, ELF_MAX_SEGS);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_OK);
	assert_int_equal(im.nsegs, ELF_MAX_SEGS);
	assert_int_equal(im.seg[7].vaddr, 0x17000);
	n = make_elf(buf, ELF_MAX_SEGS + 1);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
	/* Overlap with an earlier segment that is not the one just before. */
	n = make_elf(buf, 4);
	put(buf + 64 + 3 * 56, PH_VADDR, 8, 0x11800);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
}

/*
 * A file of one load and one PT_NOTE holding, after an unrelated note,
 * a Pier stack note asking `size` bytes. Returns the file's length;
 * *note is where the notes start.
 */
static size_t make_noted(uint8_t *buf, uint64_t size, size_t *note)
{
	size_t at = make_elf(buf, 2), start = at;
	uint8_t *ph = buf + 64 + 56;

	put(buf + at, 0, 4, 4), put(buf + at, 4, 4, 4), put(buf + at, 8, 4, 1);
	memcpy(buf + at + 12, "GNU", 4);            /* another owner, type 1 too */
	at += 20;
	put(buf + at, 0, 4, 5), put(buf + at, 4, 4, 8), put(buf + at, 8, 4, 1);
	memcpy(buf + at + 12, "Pier\0\0\0", 8);
	put(buf + at, 20, 8, size);
	at += 28;
	memset(ph, 0, 56);
	put(ph, PH_TYPE, 4, 4);
	put(ph, PH_OFFSET, 8, start);
	put(ph, PH_FILESZ, 8, at - start);
	*note = start;
	return at;
}

static void test_stack_note(void **state)
{
	(void)state;
	uint8_t buf[512];
	struct elf_image im;
	size_t note, n = make_noted(buf, 1u << 20, &note);

	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_OK);
	assert_int_equal(im.stack_size, 1u << 20);
	assert_int_equal(im.nsegs, 1);
	/* The most a stack may be, and one byte more. */
	n = make_noted(buf, (uint64_t)PIER_STACK_PAGES_MAX * 4096, &note);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_OK);
	n = make_noted(buf, (uint64_t)PIER_STACK_PAGES_MAX * 4096 + 1, &note);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
	/* A Pier note with a desc of another size is malformed. */
	n = make_noted(buf, 4096, &note);
	put(buf + note + 20, 4, 4, 4);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
	/* Sizes running past the segment, or wrapping: rejected. */
	n = make_noted(buf, 4096, &note);
	put(buf + note + 20, 0, 4, 0xfffffffd);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
	n = make_noted(buf, 4096, &note);
	put(buf + note, 4, 4, 0xffffffff);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_E_BADELF);
	/* The segment past the file's end. */
	n = make_noted(buf, 4096, &note);
	assert_int_equal(elf_parse(buf, n - 1, USER_END, &im), PIER_E_BADELF);
	/* Trailing bytes shorter than a note header are padding. */
	n = make_noted(buf, 4096, &note);
	put(buf + 64 + 56, PH_FILESZ, 8, n - note + 8);
	memset(buf + n, 0, 8);
	assert_int_equal(elf_parse(buf, n + 8, USER_END, &im), PIER_OK);
	assert_int_equal(im.stack_size, 4096);
	/* No note: no wish. */
	n = make_elf(buf, 1);
	assert_int_equal(elf_parse(buf, n, USER_END, &im), PIER_OK);
	assert_int_equal(im.stack_size, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_program),
		cmocka_unit_test(test_header_rejects),
		cmocka_unit_test(test_segment_rejects),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_segment_count),
		cmocka_unit_test(test_stack_note),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
