/* posix: read-only files of the boot image through open/read/lseek and stdio, and their errors. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <libpier.h>
#include "posix.h"

static char whole[8192], lines[8192];

/* The board's manifest read three ways must agree: read(), fgets(), and the kernel request. */
static void text_file(void)
{
	struct stat st;
	char buf[PIER_PACKET_MAX];
	uint32_t got = 0;
	size_t n = 0, m = 0;
	ssize_t r;
	int fd = open("/manifest", O_RDONLY);
	FILE *f;

	posix_check("open /manifest", fd >= 3, 1);
	posix_check("fstat", fstat(fd, &st), 0);
	posix_check("  a regular file", S_ISREG(st.st_mode), 1);
	while ((r = read(fd, whole + n, 100)) > 0 && n < sizeof(whole) - 100)
		n += (size_t)r;
	posix_check("read it in pieces of 100: its size", (long)n, (long)st.st_size);
	posix_check("lseek to the end", lseek(fd, 0, SEEK_END), (long)st.st_size);
	posix_check("lseek back 10", lseek(fd, -10, SEEK_CUR), (long)st.st_size - 10);
	posix_check("read the last 10", read(fd, buf, sizeof(buf)), 10);
	posix_check("  the same bytes", memcmp(buf, whole + n - 10, 10), 0);
	posix_check("read at the end", read(fd, buf, sizeof(buf)), 0);
	errno = 0;
	posix_check("lseek before the start", lseek(fd, -1, SEEK_SET), -1);
	posix_check("  EINVAL", errno, EINVAL);
	posix_check("close", close(fd), 0);
	errno = 0;
	posix_check("read after close", read(fd, buf, 1), -1);
	posix_check("  EBADF", errno, EBADF);

	pier_bootfile("manifest", 0, buf, sizeof(buf), &got);
	posix_check("the kernel's first bytes are read's", memcmp(buf, whole, got), 0);

	f = fopen("manifest", "r");
	posix_check("fopen", f != NULL, 1);
	if (!f)
		return;
	while (m < sizeof(lines) - 200 && fgets(lines + m, 200, f))
		m += strlen(lines + m);
	posix_check("fgets every line: as many bytes", (long)m, (long)n);
	posix_check("  the same bytes", memcmp(lines, whole, n), 0);
	posix_check("fseek", fseek(f, 5, SEEK_SET), 0);
	posix_check("  ftell", ftell(f), 5);
	posix_check("  fgetc there", fgetc(f), (unsigned char)whole[5]);
	posix_check("fclose", fclose(f), 0);
	printf("posix: manifest is %zu bytes\n", n);
}

/* A program file, longer than one request: fread in large pieces. */
static void binary_file(void)
{
	struct stat st;
	static char big[4096];
	size_t total = 0, r;
	FILE *f = fopen("./hello", "rb");

	posix_check("stat hello", stat("hello", &st), 0);
	posix_check("fopen ./hello", f != NULL, 1);
	if (!f)
		return;
	r = fread(big, 1, 4, f);
	posix_check("fread its first 4", (long)r, 4);
	posix_check("  an ELF file", memcmp(big, "\177ELF", 4), 0);
	total = r;
	while ((r = fread(big, 1, sizeof(big), f)) > 0)
		total += r;
	posix_check("fread it all: its size", (long)total, (long)st.st_size);
	posix_check("  longer than a request", st.st_size > PIER_PACKET_MAX, 1);
	posix_check("  then end of file", feof(f) != 0, 1);
	fclose(f);
}

static void errors(void)
{
	char c;
	int fds[20], n = 0, fd;

	errno = 0;
	posix_check("open a missing file", open("nosuch", O_RDONLY), -1);
	posix_check("  ENOENT", errno, ENOENT);
	errno = 0;
	posix_check("open a directory path", open("/a/b", O_RDONLY), -1);
	posix_check("  ENOENT", errno, ENOENT);
	errno = 0;
	posix_check("open for writing", open("manifest", O_WRONLY), -1);
	posix_check("  EROFS", errno, EROFS);
	errno = 0;
	posix_check("create", open("newfile", O_WRONLY | O_CREAT, 0644), -1);
	posix_check("  EROFS", errno, EROFS);
	errno = 0;
	posix_check("fopen for writing", fopen("manifest", "w") == NULL, 1);
	posix_check("  EROFS", errno, EROFS);
	errno = 0;
	posix_check("unlink", unlink("manifest"), -1);
	posix_check("  EROFS", errno, EROFS);
	errno = 0;
	posix_check("stat a missing file", stat("nosuch", &(struct stat){ 0 }), -1);
	posix_check("  ENOENT", errno, ENOENT);
	errno = 0;
	posix_check("read a bad descriptor", read(99, &c, 1), -1);
	posix_check("  EBADF", errno, EBADF);
	errno = 0;
	posix_check("lseek the console", lseek(1, 0, SEEK_SET), -1);
	posix_check("  ESPIPE", errno, ESPIPE);
	fd = open("manifest", O_RDONLY);
	errno = 0;
	posix_check("write a read-only file", write(fd, "x", 1), -1);
	posix_check("  EBADF", errno, EBADF);
	errno = 0;
	posix_check("isatty on a file", isatty(fd), 0);
	posix_check("  ENOTTY", errno, ENOTTY);
	close(fd);
	while (n < 20 && (fds[n] = open("manifest", O_RDONLY)) >= 0)
		n++;
	posix_check("descriptors run out", n < 20, 1);
	posix_check("  EMFILE", errno, EMFILE);
	while (n > 0)
		close(fds[--n]);
	posix_check("isatty(1) when there is a console", isatty(1), pier_console() != 0);
	posix_check("write(1)", write(1, "posix: written by write(1)\n", 27), 27);
}

/* The rest of <unistd.h>: a flat read-only directory, and no other processes. */
static void unistd(void)
{
	char cwd[8];
	int fds[2], fd = open("manifest", O_RDONLY);

	posix_check("access to read", access("manifest", R_OK), 0);
	errno = 0;
	posix_check("access to write", access("manifest", W_OK), -1);
	posix_check("  EROFS", errno, EROFS);
	posix_check("getcwd is /", strcmp(getcwd(cwd, sizeof(cwd)), "/"), 0);
	posix_check("chdir /", chdir("/"), 0);
	errno = 0;
	posix_check("chdir to a file", chdir("manifest"), -1);
	posix_check("  ENOTDIR", errno, ENOTDIR);
	errno = 0;
	posix_check("mkdir", mkdir("d", 0755), -1);
	posix_check("  EROFS", errno, EROFS);
	errno = 0;
	posix_check("rename", rename("manifest", "m2"), -1);
	posix_check("  EROFS", errno, EROFS);
	posix_check("fcntl F_GETFL", fcntl(fd, F_GETFL), O_RDONLY);
	posix_check("sysconf page size", sysconf(_SC_PAGESIZE), 4096);
	close(fd);
	errno = 0;
	posix_check("fork", fork(), -1);
	posix_check("  ENOSYS", errno, ENOSYS);
	errno = 0;
	posix_check("pipe", pipe(fds), -1);
	posix_check("  ENOSYS", errno, ENOSYS);
	errno = 0;
	posix_check("waitpid", waitpid(-1, NULL, 0), -1);
	posix_check("  ECHILD", errno, ECHILD);
}

void posix_files(void)
{
	text_file();
	binary_file();
	errors();
	unistd();
}
