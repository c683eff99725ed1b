/* Command lines: split a quoted line into words, and quote words into a line. */

/*
 * The quoting is a small part of the POSIX shell's, the same everywhere
 * a command line is read (lib/crt0.c for a program's argv, the shell,
 * init's manifest lines and run= entries):
 *   - blanks (space, tab, CR, LF) separate words;
 *   - '...' takes everything up to the next ' as it is;
 *   - "..." too, except that \" and \\ stand for " and \;
 *   - outside quotes, \ takes the next character as it is;
 *   - quoted parts join the word around them: a"b c"d is one word, "" an
 *     empty one.
 * No variables, globs or other shell syntax: $, *, ; and the rest are
 * plain characters. Portable C: the host test builds it too.
 */
#include <stddef.h>
#include "cmdline.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * In place: a word's unquoted text is never longer than its quoted text,
 * so each word is written over the line as it is read. argv[argc] = NULL.
 * Each loop step moves r forward, so the loop ends at the line's end.
 */
int cmdline_split(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int argc = 0, rc = 0;

	for (;;) {
		while (blank(*r))
			r++;
		if (*r == '\0')
			break;
		if (argc >= max) {
			rc = CMDLINE_TOO_MANY;
			break;
		}
		argv[argc++] = w;
		while (*r && !blank(*r)) {
			char q = *r;

			if (q == '\\') {
				if (r[1])
					r++;
				*w++ = *r++;
			} else if (q == '\'' || q == '"') {
				for (r++; *r && *r != q; r++) {
					if (q == '"' && *r == '\\' && (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r;
				}
				if (*r == q)
					r++;
				else
					rc = CMDLINE_UNTERMINATED;
			} else {
				*w++ = *r++;
			}
		}
		/* r may be at the blank after the word: step over it before
		 * ending the word, which may overwrite that blank. */
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[argc] = NULL;
	return rc < 0 ? rc : argc;
}

/* A word that reads back as itself needs no quotes. */
static int plain(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (blank(*s) || *s == '\'' || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* The words, quoted where needed ('...', with ' as '\''), blank-separated. */
int cmdline_join(char *dst, size_t cap, int argc, char *const argv[])
{
	size_t n = 0;

#define PUT(c) do { if (n + 1 >= cap) return CMDLINE_TOO_LONG; dst[n++] = (c); } while (0)
	if (cap == 0)
		return CMDLINE_TOO_LONG;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];

		if (i > 0)
			PUT(' ');
		if (plain(s)) {
			for (; *s; s++)
				PUT(*s);
			continue;
		}
		PUT('\'');
		for (; *s; s++) {
			if (*s == '\'') {
				PUT('\'');
				PUT('\\');
				PUT('\'');
			}
			PUT(*s);
		}
		PUT('\'');
	}
#undef PUT
	dst[n] = '\0';
	return (int)n;
}
