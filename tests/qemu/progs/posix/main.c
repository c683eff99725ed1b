/*
 * posix: the POSIX layer in lib/ as a program written for POSIX uses it.
 *
 * "posix" alone checks the calls that return: time and its formatting,
 * the clocks, CPU time, sleeping, boot-image files and errno values; with
 * "bound" (a run under -icount) the sleeps must end within a tight bound.
 * "posix exit", "return", "_exit", "kill", "abort" and "assert" end the
 * space: atexit handlers in order and the exit code, kill(getpid(),
 * SIGTERM) with 143, and abort and a failed assert reported with 134.
 */
#define _DEFAULT_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <libpier.h>

#include "posix.h"

static int fails;

void posix_check(const char *what, long got, long want)
{
	if (got == want) {
		printf("posix: PASS %s\n", what);
	} else {
		printf("posix: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static void bye(int n)
{
	printf("posix: atexit %d\n", n);
}
static void bye1(void) { bye(1); }
static void bye2(void) { bye(2); }
static void bye3(void) { bye(3); }

/* Handlers run last registered first; the code reaches the kernel. */
static int ending(const char *how)
{
	if (!strcmp(how, "exit")) {
		atexit(bye1);
		atexit(bye2);
		atexit(bye3);
		printf("posix: exiting with 3\n");
		exit(3);
	}
	if (!strcmp(how, "return")) {
		atexit(bye1);
		printf("posix: returning 5\n");
		return 5;
	}
	if (!strcmp(how, "_exit")) {
		atexit(bye1);       /* must not run */
		printf("posix: _exit 4\n");
		_exit(4);
	}
	if (!strcmp(how, "abort")) {
		printf("posix: aborting\n");
		abort();
	}
	if (!strcmp(how, "kill")) {
		printf("posix: killing itself\n");
		kill(getpid(), SIGTERM);
		printf("posix: FAIL still here\n");
		return 1;
	}
	if (!strcmp(how, "assert")) {
		printf("posix: asserting\n");
		assert(how[0] == 'x');
	}
	printf("posix: FAIL unknown mode %s\n", how);
	return 1;
}

static void process(void)
{
	struct pier_self me, junk;
	sigset_t set, old;
	struct tms t;

	posix_check("pier_self", pier_self(&me), PIER_OK);
	/* The request's own errors: a packet where none belongs, a short reply buffer. */
	posix_check("PIER_TASK_SELF with a packet",
		    pier_call(PIER_H_TASK, PIER_TASK_SELF, &me, 8, &junk, sizeof(junk), NULL),
		    PIER_E_PACKET_SIZE);
	posix_check("PIER_TASK_SELF with a short reply buffer",
		    pier_call(PIER_H_TASK, PIER_TASK_SELF, NULL, 0, &junk, 8, NULL), PIER_E_REPLY_SIZE);
	posix_check("  the highest priority", me.max_prio, 25);
	posix_check("getpid is the space id", getpid(), (long)me.space);
	posix_check("kill(self, 0)", kill(getpid(), 0), 0);
	posix_check("kill(self, SIGCHLD) is ignored", kill(getpid(), SIGCHLD), 0);
	errno = 0;
	posix_check("kill(no such space)", kill(99999, SIGTERM), -1);
	posix_check("  ESRCH", errno, ESRCH);
	errno = 0;
	posix_check("kill(init) without the right", kill(1, SIGKILL), -1);
	posix_check("  EPERM", errno, EPERM);
	errno = 0;
	posix_check("kill(self, SIGSTOP)", kill(getpid(), SIGSTOP), -1);
	posix_check("  ENOSYS", errno, ENOSYS);
	errno = 0;
	posix_check("kill(bad signal)", kill(getpid(), 999), -1);
	posix_check("  EINVAL", errno, EINVAL);

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	posix_check("sigprocmask block", sigprocmask(SIG_BLOCK, &set, NULL), 0);
	posix_check("sigprocmask reads back", sigprocmask(SIG_SETMASK, NULL, &old), 0);
	posix_check("  SIGINT blocked", sigismember(&old, SIGINT), 1);

	posix_check("times works", times(&t) != (clock_t)-1, 1);
	posix_check("  no children", (long)(t.tms_cutime + t.tms_cstime), 0);
}

int main(int argc, char **argv)
{
	int bound = argc > 1 && !strcmp(argv[1], "bound");

	if (argc > 1 && !bound)
		return ending(argv[1]);
	process();
	posix_files();
	posix_clocks(bound);
	if (fails)
		printf("posix: FAIL %d checks\n", fails);
	printf("posix: done\n");
	return fails != 0;
}
