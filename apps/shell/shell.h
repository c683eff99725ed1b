/* shell: the line editor and prompt (main.c) and the commands (cmds.c). */
#ifndef SHELL_H
#define SHELL_H

#include <libpier.h>

#define SHELL_ARGS_MAX 16

/* Run one command line split into words; argc > 0. */
void shell_run(int argc, char **argv, const char *rest);
void shell_prompt(void);
/* A command still printing (ticks) holds the prompt back until it ends. */
extern int shell_busy;
extern uint32_t shell_console;
/* The program run in the foreground is space (main.c): no prompt, and
 * typing is its, until it ends; Ctrl-C ends it. */
void shell_foreground_begin(void);
void shell_foreground(uint64_t space);

/* Commands over device services (cmds_dev.c). */
void cmd_random(int argc, char **argv, const char *rest);
void cmd_date(int argc, char **argv, const char *rest);
void cmd_blk(int argc, char **argv, const char *rest);
/* ps: the services init lists (services.c). */
void ps_services(void);

#endif
