/* More of <unistd.h> and <fcntl.h>: what the flat, read-only boot image can answer, and ENOSYS for the rest. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <libpier.h>

/*
 * The boot image is one read-only directory, "/", the working directory
 * for good. There are no other processes to fork or exec (a program
 * starts another with pier_spawn), no pipes, and descriptors cannot be
 * duplicated yet: those answer ENOSYS, so code that tries links and
 * fails at run time with a reason.
 */
int pier_fd_kind(int fd);   /* lib/posix_file.c */

/* The console is a terminal while there is one (else output goes to the kernel's debug port). */
int isatty(int fd)
{
	int kind = pier_fd_kind(fd);

	if (kind == 1 && pier_console())
		return 1;
	if (kind)
		errno = ENOTTY;
	return 0;
}

int access(const char *path, int mode)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	if (mode & W_OK) {
		errno = EROFS;
		return -1;
	}
	return 0;
}

char *getcwd(char *buf, size_t size)
{
	if (!buf || size < 2) {
		errno = buf ? ERANGE : EINVAL;  /* no allocating a buffer for the caller */
		return NULL;
	}
	strcpy(buf, "/");
	return buf;
}

int chdir(const char *path)
{
	struct stat st;

	if (path && (!strcmp(path, "/") || !strcmp(path, ".") || !strcmp(path, "./")))
		return 0;
	if (stat(path, &st) == 0)
		errno = ENOTDIR;
	return -1;
}

/* Making, removing and renaming write the file system. */
int mkdir(const char *path, mode_t mode)
{
	(void)path, (void)mode;
	errno = EROFS;
	return -1;
}

int rmdir(const char *path)
{
	(void)path;
	errno = EROFS;
	return -1;
}

int rename(const char *from, const char *to)
{
	(void)from, (void)to;
	errno = EROFS;
	return -1;
}

int link(const char *from, const char *to)
{
	(void)from, (void)to;
	errno = EROFS;
	return -1;
}

int symlink(const char *from, const char *to)
{
	(void)from, (void)to;
	errno = EROFS;
	return -1;
}

/* Nothing in the image is a link. */
ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	struct stat st;

	(void)buf, (void)size;
	if (stat(path, &st) == 0)
		errno = EINVAL;
	return -1;
}

int ftruncate(int fd, off_t len)
{
	(void)len;
	errno = pier_fd_kind(fd) ? EINVAL : EBADF;   /* not open for writing */
	return -1;
}

/* Nothing is ever written, so there is nothing to sync. */
int fsync(int fd)
{
	return pier_fd_kind(fd) ? 0 : -1;
}

/* Descriptor flags: read-only files, the console both ways; nothing to set. */
int fcntl(int fd, int cmd, ...)
{
	int kind = pier_fd_kind(fd);

	if (!kind)
		return -1;
	switch (cmd) {
	case F_GETFL:
		return kind == 2 ? O_RDONLY : O_RDWR;
	case F_GETFD:
	case F_SETFD:           /* close-on-exec: there is no exec */
		return 0;
	}
	errno = EINVAL;
	return -1;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_CLK_TCK: return CLOCKS_PER_SEC;
	case _SC_PAGESIZE: return 4096;
	case _SC_OPEN_MAX: return 3 + 16;
	}
	errno = EINVAL;
	return -1;
}

int dup(int fd)
{
	(void)fd;
	errno = ENOSYS;
	return -1;
}

int dup2(int fd, int to)
{
	(void)fd, (void)to;
	errno = ENOSYS;
	return -1;
}

int pipe(int fds[2])
{
	(void)fds;
	errno = ENOSYS;
	return -1;
}

pid_t fork(void)
{
	errno = ENOSYS;
	return -1;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path, (void)argv, (void)envp;
	errno = ENOSYS;
	return -1;
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, NULL);
}

int execvp(const char *file, char *const argv[])
{
	return execve(file, argv, NULL);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	(void)pid, (void)status, (void)options;
	errno = ECHILD;         /* no children made by fork */
	return -1;
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}
