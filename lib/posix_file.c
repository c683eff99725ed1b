/* File descriptors: the console as 0, 1 and 2, and read-only files of the boot image (isatty: posix_unistd.c). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <libpier.h>

/*
 * picolibc's fopen, fdopen and freopen sit on open, read, write, lseek
 * and close; these are them. The boot image (PIER_TASK_BOOTFILE) is the
 * only file system so far: flat, read-only, its files named "name",
 * "/name" or "./name". Whatever would write answers EROFS; files on
 * block storage come later.
 *
 * 0, 1 and 2 are the console through stdin and stdout (lib/stdio.c):
 * write(1) is fwrite to stdout and a flush; read(0) reads stdin up to a
 * newline.
 *
 * A descriptor's offset is not guarded against two ports of the space
 * using the same descriptor at once (they may preempt each other).
 */
#define FILES_MAX 16
#define FD_FIRST 3
#define NAME_MAX_LEN 64

struct file {
	int used;
	uint32_t size;
	uint64_t pos;
	char name[NAME_MAX_LEN + 1];
};

static struct file files[FILES_MAX];

/* The boot image's name for path, or NULL (errno set). */
static const char *bootname(const char *path)
{
	if (!path) {
		errno = EFAULT;
		return NULL;
	}
	if (path[0] == '/')
		path++;
	else if (path[0] == '.' && path[1] == '/')
		path += 2;
	if (strlen(path) > NAME_MAX_LEN) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (path[0] == '\0' || strchr(path, '/')) {
		errno = ENOENT;     /* no directories in the image */
		return NULL;
	}
	return path;
}

/* Is there such a file? A read of nothing at offset 0 says. */
static int exists(const char *name)
{
	uint32_t got;
	int rc = pier_bootfile(name, 0, NULL, 0, &got);

	if (rc == PIER_OK)
		return 1;
	errno = rc == PIER_E_NOENT ? ENOENT : EIO;
	return 0;
}

/*
 * The kernel answers a read at an offset past the end with PIER_E_ARG and
 * one at the end with nothing, so the size is the last offset it accepts:
 * a binary search, 32 requests at most (offsets are 32 bits).
 */
static uint32_t size_of(const char *name)
{
	uint64_t lo = 0, hi = 1ull << 32;    /* lo accepted; hi not */
	uint32_t got;

	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (pier_bootfile(name, (uint32_t)mid, NULL, 0, &got) == PIER_OK)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

static struct file *file_of(int fd)
{
	if (fd < FD_FIRST || fd >= FD_FIRST + FILES_MAX || !files[fd - FD_FIRST].used) {
		errno = EBADF;
		return NULL;
	}
	return &files[fd - FD_FIRST];
}

int open(const char *path, int flags, ...)
{
	const char *name = bootname(path);
	int writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_APPEND));

	if (!name)
		return -1;
	if (!exists(name)) {
		if (errno == ENOENT && (flags & O_CREAT))
			errno = EROFS;
		return -1;
	}
	if (writes || ((flags & O_CREAT) && (flags & O_EXCL))) {
		errno = (flags & O_EXCL) ? EEXIST : EROFS;
		return -1;
	}
	if (flags & O_DIRECTORY) {
		errno = ENOTDIR;
		return -1;
	}
	for (int i = 0; i < FILES_MAX; i++) {
		struct file *f = &files[i];

		if (f->used)
			continue;
		strcpy(f->name, name);
		f->size = size_of(name);
		f->pos = 0;
		f->used = 1;
		return FD_FIRST + i;
	}
	errno = EMFILE;
	return -1;
}

int close(int fd)
{
	struct file *f;

	if (fd >= 0 && fd < FD_FIRST)
		return 0;           /* the console stays; later use still works */
	if (!(f = file_of(fd)))
		return -1;
	f->used = 0;
	return 0;
}

/* stdin up to n bytes, stopping after a newline; 0 when it has nothing. */
static ssize_t console_read(char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		int c = getc(stdin);

		if (c == EOF)
			break;
		buf[done++] = (char)c;
		if (c == '\n')
			break;
	}
	return (ssize_t)done;
}

/* Requests of at most PIER_PACKET_MAX bytes: n / PIER_PACKET_MAX + 1 of them. */
ssize_t read(int fd, void *buf, size_t n)
{
	struct file *f;
	size_t done = 0;

	if (fd == 0)
		return console_read(buf, n);
	if (fd == 1 || fd == 2) {
		errno = EBADF;      /* opened for writing */
		return -1;
	}
	if (!(f = file_of(fd)))
		return -1;
	while (done < n && f->pos < f->size) {
		uint32_t want = n - done < PIER_PACKET_MAX ? (uint32_t)(n - done) : PIER_PACKET_MAX;
		uint32_t got;

		if (pier_bootfile(f->name, (uint32_t)f->pos, (char *)buf + done, want, &got) != PIER_OK) {
			if (done)
				break;
			errno = EIO;
			return -1;
		}
		if (got == 0)
			break;
		done += got;
		f->pos += got;
	}
	return (ssize_t)done;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd == 1 || fd == 2) {
		size_t done = fwrite(buf, 1, n, stdout);

		if (fflush(stdout) != 0 || done < n) {
			errno = EIO;
			return done ? (ssize_t)done : -1;
		}
		return (ssize_t)n;
	}
	if (fd == 0 || file_of(fd))
		errno = EBADF;      /* stdin, and the image's files, are read-only */
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	struct file *f;
	int64_t base;

	if (fd >= 0 && fd < FD_FIRST) {
		errno = ESPIPE;
		return -1;
	}
	if (!(f = file_of(fd)))
		return -1;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = f->size; break;
	default:
		errno = EINVAL;
		return -1;
	}
	if ((off < 0 && base + off < 0) || (off > 0 && off > INT64_MAX - base)) {
		errno = EINVAL;
		return -1;
	}
	f->pos = (uint64_t)(base + off);
	return (off_t)f->pos;
}

static void file_stat(struct stat *st, uint32_t size)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_size = size;
	st->st_blksize = PIER_PACKET_MAX;
	st->st_blocks = (size + 511) / 512;
}

int fstat(int fd, struct stat *st)
{
	struct file *f;

	if (!st) {
		errno = EFAULT;
		return -1;
	}
	if (fd >= 0 && fd < FD_FIRST) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFCHR | 0620;
		st->st_nlink = 1;
		return 0;
	}
	if (!(f = file_of(fd)))
		return -1;
	file_stat(st, f->size);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	const char *name = bootname(path);

	if (!name || !exists(name))
		return -1;
	if (!st) {
		errno = EFAULT;
		return -1;
	}
	file_stat(st, size_of(name));
	return 0;
}

int unlink(const char *path)
{
	const char *name = bootname(path);

	if (!name || !exists(name))
		return -1;
	errno = EROFS;
	return -1;
}

/* What fd is: 0 nothing (errno EBADF), 1 the console, 2 a boot-image file. */
int pier_fd_kind(int fd)
{
	if (fd >= 0 && fd < FD_FIRST)
		return 1;
	return file_of(fd) ? 2 : 0;
}
