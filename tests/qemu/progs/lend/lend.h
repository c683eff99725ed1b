/* lend: what the parent (main.c) and its children (child.c) share. */
#ifndef LEND_H
#define LEND_H

#include <stdint.h>
#include <libpier.h>

/* Calls to the parent's report port R (PIER_H_PARENT in every child). */
enum {
	R_GET_SVC = 1,  /* reply grants a SEND|SERVE|GRANT handle to the service */
	R_KILL_ME,      /* the first server, while handling a call: kill my space */
	R_NOTE,         /* a server saw a note packet: data = its number */
	R_LEND,         /* the owner child grants its detached port */
	R_CHECK,        /* data = struct report: a child's check */
	R_PROBE,        /* the second server serves now: the parent's misuses */
};

/* What travels on the service port. */
enum { S_CALL = 1, S_NOTE };

struct report {
	char what[48];
	int32_t got, want;
};

void child_check(const char *what, int got, int want);
int child_main(const char *mode);

#endif
