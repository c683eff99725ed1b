/* The process calls picolibc expects of its system: getpid, kill, times, sigprocmask (_exit is in task.c). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/times.h>
#include <libpier.h>

/*
 * A space is the process: getpid() is its id. There are no asynchronous
 * signals on Pier (nothing interrupts a handler to run another), so a
 * signal is only what raise() and kill() do at once: picolibc's raise()
 * runs a handler installed with signal() itself and calls kill() only
 * for the default action, which for most signals ends the process.
 * abort() is raise(SIGABRT), and assert() prints its message to stderr
 * and calls abort().
 *
 * A space ended by a signal prints the reason on stderr and exits with
 * 128 + the signal's number (134 for SIGABRT), as a POSIX shell reports
 * it; the kernel's line "space N (name) exited with 134" follows. Its
 * atexit handlers do not run (as with a real signal).
 */

pid_t getpid(void)
{
	static pid_t self;
	struct pier_self me;

	if (!self && pier_self(&me) == PIER_OK)
		self = (pid_t)me.space;
	return self;
}

/* The default action of sig: 1 end the process, 0 nothing, -1 stop (which Pier cannot). */
static int default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
		return 0;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return -1;
	}
	return 1;
}

_Noreturn static void end_by_signal(int sig)
{
	const char *what = strsignal(sig);

	fflush(stdout);
	fprintf(stderr, "%s: ended by signal %d (%s)\n",
		pier_progname ? pier_progname : "?", sig, what ? what : "?");
	pier_exit(128 + sig);
}

/* Another space may be ended only with the right the task port's kill wants. */
static int kill_other(pid_t pid, int sig)
{
	struct pier_space_info si;
	int rc;

	if (sig == 0) {
		/* Does it exist? Every space, one request each: bounded by their number. */
		for (uint32_t i = 0; (rc = pier_space_info(i, &si)) == PIER_OK; i++)
			if (si.id == (uint64_t)pid)
				return 0;
		errno = ESRCH;
		return -1;
	}
	if (default_action(sig) != 1) {
		errno = ENOSYS;     /* no way to deliver it without ending the space */
		return -1;
	}
	rc = pier_kill((uint64_t)pid);
	if (rc == PIER_OK)
		return 0;
	errno = rc == PIER_E_NOENT ? ESRCH : rc == PIER_E_RIGHTS ? EPERM : EINVAL;
	return -1;
}

int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (pid <= 0 && pid != 0) {
		errno = ENOSYS;     /* no process groups */
		return -1;
	}
	if (pid != 0 && pid != getpid())
		return kill_other(pid, sig);
	if (sig == 0)
		return 0;
	switch (default_action(sig)) {
	case 1:
		end_by_signal(sig);
	case 0:
		return 0;
	}
	errno = ENOSYS;
	return -1;
}

/*
 * CPU time as the kernel accounts it (struct pier_self): all of it is
 * tms_utime, the kernel's share included; children are not counted.
 * The unit is picolibc's CLOCKS_PER_SEC, which its clock() assumes; the
 * return value is the monotonic time in the same unit.
 */
clock_t times(struct tms *buf)
{
	struct pier_self me;
	struct pier_time now;

	if (pier_self(&me) != PIER_OK || pier_time_now(&now) != PIER_OK) {
		errno = EIO;
		return (clock_t)-1;
	}
	if (buf) {
		buf->tms_utime = (clock_t)(me.cpu_ns / (1000000000u / CLOCKS_PER_SEC));
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return (clock_t)(now.ns / (1000000000u / CLOCKS_PER_SEC));
}

/*
 * Nothing is ever delivered asynchronously, so blocking a signal changes
 * nothing that could happen; the mask is kept so that it reads back.
 */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	static sigset_t mask;

	if (old)
		*old = mask;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK: mask |= *set; break;
	case SIG_UNBLOCK: mask &= ~*set; break;
	case SIG_SETMASK: mask = *set; break;
	default:
		errno = EINVAL;
		return -1;
	}
	return 0;
}
