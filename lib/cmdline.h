/* Command lines with quoting (lib/cmdline.c): split into words, join words back. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stddef.h>

#define CMDLINE_TOO_MANY (-1)      /* more than max words: the first max are in argv */
#define CMDLINE_UNTERMINATED (-2)  /* a quote never closed: it ran to the line's end */
#define CMDLINE_TOO_LONG (-3)

/* Split line in place into at most max words; argv needs max + 1 slots.
 * The word count, or a CMDLINE_* error (argv is filled all the same). */
int cmdline_split(char *line, char **argv, int max);
/* Quote and join argv[0..argc) into dst: its length, or CMDLINE_TOO_LONG. */
int cmdline_join(char *dst, size_t cap, int argc, char *const argv[]);

#endif
