/* Host tests of lib/cmdline.c: quoting rules, limits, and join then split giving the words back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cmdline.h"

/* Split s and compare with the words want (NULL-terminated). */
static void expect(const char *s, int rc, const char *const *want)
{
	char line[256], *argv[9];
	int n = 0;

	strcpy(line, s);
	assert_int_equal(cmdline_split(line, argv, 8), rc);
	for (; want[n]; n++) {
		assert_non_null(argv[n]);
		assert_string_equal(argv[n], want[n]);
	}
	assert_null(argv[n]);
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_split(void **state)
{
	(void)state;
	expect("", 0, W(NULL));
	expect("  \t ", 0, W(NULL));
	expect("run lua", 2, W("run", "lua"));
	expect("  a   b\tc \r\n", 3, W("a", "b", "c"));
	expect("run prog -e \"print(1, 2)\"", 4, W("run", "prog", "-e", "print(1, 2)"));
	expect("'a b' \"c d\"", 2, W("a b", "c d"));
	expect("a\\ b c", 2, W("a b", "c"));
	expect("'it'\\''s'", 1, W("it's"));
	expect("\"say \\\"hi\\\" \\\\ \\n\"", 1, W("say \"hi\" \\ \\n"));
	expect("'no \\escape here'", 1, W("no \\escape here"));
	expect("a\"b c\"d", 1, W("ab cd"));
	expect("\"\" ''", 2, W("", ""));
	expect("x,y+z $HOME *", 3, W("x,y+z", "$HOME", "*"));
	expect("end\\", 1, W("end\\"));
	expect("'open", CMDLINE_UNTERMINATED, W("open"));
	expect("a \"b c", CMDLINE_UNTERMINATED, W("a", "b c"));
	expect("1 2 3 4 5 6 7 8 9 10", CMDLINE_TOO_MANY, W("1", "2", "3", "4", "5", "6", "7", "8"));
}

static void test_join(void **state)
{
	char out[64] = "";
	char *words[] = { "prog", "-e", "print(1, 2)", "", "it's", "a\\b" };

	(void)state;
	int n = cmdline_join(out, sizeof(out), 6, words);

	assert_int_equal(n, (int)strlen(out));
	assert_string_equal(out, "prog -e 'print(1, 2)' '' 'it'\\''s' 'a\\b'");
	assert_int_equal(cmdline_join(out, 10, 3, words), CMDLINE_TOO_LONG);
	assert_int_equal(cmdline_join(out, 0, 1, words), CMDLINE_TOO_LONG);
	assert_int_equal(cmdline_join(out, sizeof(out), 0, words), 0);
	assert_string_equal(out, "");
}

/* Any words, joined and split again, come back as they were. */
static void test_round_trip(void **state)
{
	static const char alphabet[] = "ab '\"\\\t,+$";
	uint64_t r = 12345;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char words[6][12], *in[6], line[512], *out[7];
		int n = (int)(r % 6);

		for (int i = 0; i < n; i++) {
			int len = (int)((r >> 8) % 11);

			for (int k = 0; k < len; k++) {
				r ^= r << 13, r ^= r >> 7, r ^= r << 17;
				words[i][k] = alphabet[r % (sizeof(alphabet) - 1)];
			}
			words[i][len] = '\0';
			in[i] = words[i];
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		}
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		assert_true(cmdline_join(line, sizeof(line), n, in) >= 0);
		assert_int_equal(cmdline_split(line, out, 6), n);
		for (int i = 0; i < n; i++)
			assert_string_equal(out[i], in[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
