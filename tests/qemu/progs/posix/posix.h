/* What the posix test's files share. */
#ifndef POSIX_TEST_H
#define POSIX_TEST_H

/* Print PASS or FAIL for one check; a FAIL is counted. */
void posix_check(const char *what, long got, long want);
void posix_files(void);
void posix_clocks(int bound);

#endif
