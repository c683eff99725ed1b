/* Host tests of the cpio reader, on archives made by the system cpio and by hand. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpio.h"
#include "cpio_index.h"

static char dir[] = "/tmp/pier-cpio-XXXXXX";
static uint8_t *plain;		/* names as given: "init", "sub/drv" */
static size_t plain_len;
static uint8_t *dotted;		/* made with find: "./init", "./sub/drv" */
static size_t dotted_len;

static uint8_t *run(const char *cmd, size_t *len)
{
	char full[512];
	snprintf(full, sizeof(full), "cd %s && %s", dir, cmd);
	FILE *f = popen(full, "r");
	assert_non_null(f);
	size_t cap = 1 << 16;
	uint8_t *buf = malloc(cap);
	*len = fread(buf, 1, cap, f);
	assert_int_equal(pclose(f), 0);
	assert_true(*len > 0 && *len < cap);
	return buf;
}

static int group_setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "cd %s && mkdir sub && printf hello > init && "
		 "printf x > sub/drv && : > empty && printf abcd > four", dir);
	if (system(cmd) != 0)
		return -1;
	plain = run("printf 'init\\nsub\\nsub/drv\\nempty\\nfour\\n' | "
		    "cpio -o -H newc --quiet", &plain_len);
	dotted = run("find . | sort | cpio -o -H newc --quiet", &dotted_len);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	free(plain);
	free(dotted);
	return system(cmd) == 0 ? 0 : -1;
}

static void expect_file(const uint8_t *a, size_t len, const char *name, const char *body)
{
	const void *data;
	size_t size;
	assert_int_equal(cpio_find(a, len, name, strlen(name), &data, &size), PIER_OK);
	assert_int_equal(size, strlen(body));
	assert_memory_equal(data, body, size);
}

static void expect_missing(const uint8_t *a, size_t len, const char *name)
{
	const void *data;
	size_t size;
	assert_int_equal(cpio_find(a, len, name, strlen(name), &data, &size), PIER_E_NOENT);
}

static void test_find(void **state)
{
	(void)state;
	const uint8_t *arch[] = { plain, dotted };
	size_t lens[] = { plain_len, dotted_len };
	for (int i = 0; i < 2; i++) {
		expect_file(arch[i], lens[i], "init", "hello");
		expect_file(arch[i], lens[i], "./init", "hello");
		expect_file(arch[i], lens[i], "sub/drv", "x");
		expect_file(arch[i], lens[i], "./sub/drv", "x");
		expect_file(arch[i], lens[i], "empty", "");
		expect_file(arch[i], lens[i], "four", "abcd");
		expect_missing(arch[i], lens[i], "sub");	/* a directory */
		expect_missing(arch[i], lens[i], "ini");
		expect_missing(arch[i], lens[i], "init2");
		expect_missing(arch[i], lens[i], "drv");
		expect_missing(arch[i], lens[i], "");
		expect_missing(arch[i], lens[i], "TRAILER!!!");
	}
	/* The name need not be NUL-terminated: only namelen bytes count. */
	const void *data;
	size_t size;
	assert_int_equal(cpio_find(plain, plain_len, "initXYZ", 4, &data, &size), PIER_OK);
}

/* The index answers as the search from the start does, for every name; binary search when sorted. */
static void test_index(void **state)
{
	static const char *names[] = { "init", "./init", "sub/drv", "./sub/drv", "empty", "four",
				       "sub", "ini", "init2", "drv", "", "TRAILER!!!", "a", "zzz",
				       "./", "emptyx", "fou" };
	const uint8_t *arch[] = { plain, dotted };
	size_t lens[] = { plain_len, dotted_len };
	const bool sorted[] = { false, true };  /* "init" before "empty"; find | sort */

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct cpio_file files[8];
		struct cpio_index ix = { files, 8, 0, false };
		size_t n;

		assert_int_equal(cpio_count(arch[i], lens[i], &n), PIER_OK);
		assert_int_equal(n, 4);                 /* the directory is not a file */
		ix.max = n;
		assert_int_equal(cpio_index(arch[i], lens[i], &ix), PIER_OK);
		assert_int_equal(ix.n, 4);
		assert_int_equal(ix.sorted, sorted[i]);
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			const void *d1 = NULL, *d2 = NULL;
			size_t s1 = 0, s2 = 0;
			int r1 = cpio_find(arch[i], lens[i], names[k], strlen(names[k]), &d1, &s1);
			int r2 = cpio_lookup(&ix, names[k], strlen(names[k]), &d2, &s2);

			assert_int_equal(r1, r2);
			assert_ptr_equal(d1, d2);
			assert_int_equal(s1, s2);
		}
		/* Only namelen bytes count. */
		const void *d;
		size_t sz;
		assert_int_equal(cpio_lookup(&ix, "initXYZ", 4, &d, &sz), PIER_OK);
		/* An index with room for fewer files holds the first ones. */
		ix.max = 2;
		assert_int_equal(cpio_index(arch[i], lens[i], &ix), PIER_OK);
		assert_int_equal(ix.n, 2);
	}
	/* A broken archive: the files before the break are in, and it says so. */
	for (size_t cut = 0; cut < dotted_len; cut += 7) {
		struct cpio_file files[8];
		struct cpio_index ix = { files, 8, 0, false };
		uint8_t *c = malloc(cut ? cut : 1);
		size_t n;

		memcpy(c, dotted, cut);
		int rc = cpio_count(c, cut, &n);
		assert_true(rc == PIER_OK || rc == CPIO_E_FORMAT);
		assert_true(n <= 4);
		rc = cpio_index(c, cut, &ix);
		assert_true(rc == CPIO_E_FORMAT || ix.n == 4);
		assert_int_equal(ix.n, n);
		free(c);
	}
}

static void test_list(void **state)
{
	(void)state;
	static const char *names[] = { "init", "sub", "sub/drv", "empty", "four" };
	struct cpio_entry e;
	size_t off = 0;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(cpio_next(plain, plain_len, &off, &e), PIER_OK);
		assert_int_equal(e.namelen, strlen(names[i]));
		assert_memory_equal(e.name, names[i], e.namelen + 1);
		assert_int_equal(off % 4, 0);
	}
	assert_int_equal(e.mode & 0170000, 0100000);
	size_t end = off;
	assert_int_equal(cpio_next(plain, plain_len, &off, &e), PIER_E_NOENT);
	assert_int_equal(off, end);
	off = plain_len + 1;
	assert_int_equal(cpio_next(plain, plain_len, &off, &e), CPIO_E_FORMAT);
}

/* Where the trailer's header and padded name end: no shorter archive is whole. */
static size_t whole_len(const uint8_t *a, size_t len)
{
	struct cpio_entry e;
	size_t off = 0;
	while (cpio_next(a, len, &off, &e) == PIER_OK)
		;
	return off + 124;	/* 110 + "TRAILER!!!" + NUL, padded to 4 */
}

static void test_truncated(void **state)
{
	(void)state;
	const uint8_t *arch[] = { plain, dotted };
	size_t lens[] = { plain_len, dotted_len };
	for (int i = 0; i < 2; i++) {
		size_t whole = whole_len(arch[i], lens[i]);
		for (size_t len = 0; len <= lens[i]; len++) {
			/* An exact-size copy, so ASan sees any read past len. */
			uint8_t *a = malloc(len ? len : 1);
			memcpy(a, arch[i], len);
			struct cpio_entry e;
			size_t off = 0;
			int rc;
			while ((rc = cpio_next(a, len, &off, &e)) == PIER_OK)
				assert_true((const uint8_t *)e.data + e.size <= a + len);
			assert_int_equal(rc, len < whole ? CPIO_E_FORMAT : PIER_E_NOENT);
			const void *data;
			size_t size;
			rc = cpio_find(a, len, "four", 4, &data, &size);
			assert_true(rc == PIER_OK || rc == CPIO_E_FORMAT);
			if (rc == PIER_OK)
				assert_true((const uint8_t *)data + size <= a + len);
			free(a);
		}
	}
}

static void test_corrupt_fields(void **state)
{
	(void)state;
	uint8_t *a = malloc(plain_len);
	struct cpio_entry e;
	size_t off;

	/* Every character of the magic and of all 13 hex fields. */
	for (int pos = 0; pos < 110; pos++) {
		static const char bad[] = { 'g', ' ', 'x', '\0', 'G', '-' };
		for (size_t b = 0; b < sizeof(bad); b++) {
			memcpy(a, plain, plain_len);
			a[pos] = (uint8_t)bad[b];
			off = 0;
			assert_int_equal(cpio_next(a, plain_len, &off, &e), CPIO_E_FORMAT);
			assert_int_equal(off, 0);
		}
	}
	/* Lower-case hex is still hex. */
	memcpy(a, plain, plain_len);
	for (int pos = 6; pos < 110; pos++)
		if (a[pos] >= 'A' && a[pos] <= 'F')
			a[pos] = (uint8_t)(a[pos] - 'A' + 'a');
	off = 0;
	assert_int_equal(cpio_next(a, plain_len, &off, &e), PIER_OK);

	/* Sizes that point past the end, or a name without its NUL. */
	static const struct { int field; const char *hex; } bad_sizes[] = {
		{ 6, "FFFFFFFF" },	/* filesize */
		{ 6, "00010000" },
		{ 11, "FFFFFFFF" },	/* namesize */
		{ 11, "00000000" },
		{ 11, "00000004" },	/* "init" without its NUL */
		{ 11, "00000007" },	/* the byte at namesize - 1 is data, not a NUL */
	};
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		memcpy(a, plain, plain_len);
		memcpy(a + 6 + 8 * bad_sizes[i].field, bad_sizes[i].hex, 8);
		off = 0;
		assert_int_equal(cpio_next(a, plain_len, &off, &e), CPIO_E_FORMAT);
		const void *data;
		size_t size;
		assert_int_equal(cpio_find(a, plain_len, "four", 4, &data, &size), CPIO_E_FORMAT);
	}
	free(a);
}

/* A hand-made entry at an odd address: the reader must not assume alignment. */
static void test_handmade_unaligned(void **state)
{
	(void)state;
	char buf[1024];
	size_t n = 1;	/* archive starts at buf + 1 */
	n += (size_t)sprintf(buf + n, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			     1, 0100755, 0, 0, 1, 0, 3, 0, 0, 0, 0, 8, 0);
	memcpy(buf + n, "./a/b/c", 8);
	n += 8;
	while ((n - 1) % 4)
		buf[n++] = 0;
	memcpy(buf + n, "xyz", 3);
	n += 3;
	while ((n - 1) % 4)
		buf[n++] = 0;
	n += (size_t)sprintf(buf + n, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			     0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0);
	memcpy(buf + n, "TRAILER!!!", 11);
	n += 11;
	while ((n - 1) % 4)
		buf[n++] = 0;
	expect_file((uint8_t *)buf + 1, n - 1, "a/b/c", "xyz");
	expect_file((uint8_t *)buf + 1, n - 1, "./a/b/c", "xyz");
	expect_missing((uint8_t *)buf + 1, n - 1, "b/c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt_fields),
		cmocka_unit_test(test_handmade_unaligned),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
