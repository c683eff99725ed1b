/* notice: what its parts share (main.c, ended.c, watch.c). */
#ifndef NOTICE_H
#define NOTICE_H

#include <stdint.h>
#include <libpier.h>

extern int fails, checks;
void check(const char *what, long got, long want);

/* Each part runs from the director (prio 2) and returns when it has run out. */
void ended_start(void);       /* PIER_MSG_ENDED: spawns and ends children */
int ended_finish(void);       /* after the supervisor has drained: 1 if all were heard */
void watch_run(void);         /* watches and PIER_MSG_NOTICE */
void undelivered_run(void);   /* PIER_MSG_UNDELIVERED */

int child_main(int argc, char **argv);
int watch_child(const char *mode);

#endif
