/* The shell's blk command: block services, their info, one sector read or written (lib/blk.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpier.h>
#include <pier/names.h>
#include <blk.h>
#include "shell.h"

#define SECTOR 512u

/* blk: each ready service that answers PIER_HELLO as a block service, with its size. */
static void list(void)
{
	struct pier_names_list req = { 0 };
	struct pier_service_info si;
	uint32_t names = pier_names();
	int rc;

	if (!names) {
		printf("blk: no name port\n");
		return;
	}
	/* Bounded by init's service table: PIER_E_NOENT past the last. */
	for (; (rc = pier_call_exact(names, PIER_NAMES_LIST, &req, sizeof(req), &si,
				     sizeof(si))) == PIER_OK; req.index++) {
		struct pier_hello h;
		struct pier_blk_info info;
		uint32_t svc;

		/* A service with no server would keep the calls waiting. */
		if (si.state != PIER_SERVICE_READY || pier_lookup(si.name, &svc) != PIER_OK)
			continue;
		if (pier_call_exact(svc, PIER_HELLO, 0, 0, &h, sizeof(h)) == PIER_OK &&
		    h.proto == PIER_PROTO_BLOCK &&
		    pier_call_exact(svc, PIER_BLK_INFO, 0, 0, &info, sizeof(info)) == PIER_OK)
			printf("%-8s %llu sectors of %u bytes%s\n", si.name,
			       (unsigned long long)info.sectors, info.sector_size,
			       info.flags & PIER_BLK_RO ? ", read-only" : "");
		pier_handle_drop(svc);
	}
}

static int parse_lba(const char *s, uint64_t *lba)
{
	char *end;

	*lba = strtoull(s, &end, 0);
	return *s && !*end;
}

static void info(const char *name)
{
	struct pier_blk b;
	int rc = pier_blk_open(&b, name, 4096);

	if (rc != PIER_OK) {
		printf("blk: %s: %s\n", name, pier_strerror(rc));
		return;
	}
	printf("%s: %llu sectors of %u bytes, %llu KiB%s%s; up to %u bytes a request, best %u\n",
	       name, (unsigned long long)b.info.sectors, b.info.sector_size,
	       (unsigned long long)(b.info.sectors * b.info.sector_size / 1024u),
	       b.info.flags & PIER_BLK_RO ? ", read-only" : "",
	       b.info.flags & PIER_BLK_CACHE ? ", write cache" : "",
	       b.info.max_size, b.info.best_size);
	pier_blk_close(&b);
}

static void read_one(const char *name, uint64_t lba)
{
	struct pier_blk b;
	int rc = pier_blk_open(&b, name, 4096);

	if (rc == PIER_OK && (rc = pier_blk_read(&b, lba, 1, 0)) == PIER_OK)
		for (uint32_t i = 0; i < SECTOR; i += 16) {
			printf("%03x:", i);
			for (uint32_t j = 0; j < 16; j++)
				printf(" %02x", b.region[i + j]);
			printf("  ");
			for (uint32_t j = 0; j < 16; j++) {
				uint8_t c = b.region[i + j];

				putchar(c >= 32 && c < 127 ? c : '.');
			}
			printf("\n");
		}
	if (rc != PIER_OK)
		printf("blk: read %s %llu: %s\n", name, (unsigned long long)lba, pier_strerror(rc));
	if (b.svc)
		pier_blk_close(&b);
}

static void write_one(const char *name, uint64_t lba, const char *text)
{
	struct pier_blk b;
	size_t n = strlen(text);
	int rc = pier_blk_open(&b, name, 4096);

	if (rc == PIER_OK) {
		memset(b.region, 0, SECTOR);
		memcpy(b.region, text, n < SECTOR ? n : SECTOR);
		if ((rc = pier_blk_write(&b, lba, 1, 0)) == PIER_OK)
			rc = pier_blk_flush(&b);
	}
	if (rc == PIER_OK)
		printf("blk: wrote %u bytes to %s sector %llu\n", (unsigned)(n < SECTOR ? n : SECTOR),
		       name, (unsigned long long)lba);
	else
		printf("blk: write %s %llu: %s\n", name, (unsigned long long)lba, pier_strerror(rc));
	if (b.svc)
		pier_blk_close(&b);
}

/* The TEXT of "write NAME LBA TEXT": rest after three words, spaces kept. */
static const char *after_words(const char *s, int words)
{
	for (int i = 0; i < words; i++) {
		while (*s == ' ')
			s++;
		while (*s && *s != ' ')
			s++;
	}
	return *s == ' ' ? s + 1 : s;
}

/* The words of rest (the shell joins the line after the command back
 * into rest, spaces and all, so argv past the command is not to be
 * trusted): up to max of them, split in buf. */
static int words(const char *rest, char *buf, size_t size, char **w, int max)
{
	int n = 0;
	char *p = buf;

	snprintf(buf, size, "%s", rest);
	while (n < max) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

void cmd_blk(int argc, char **argv, const char *rest)
{
	char buf[128], *w[4];
	int n = words(rest, buf, sizeof(buf), w, 4);
	uint64_t lba;

	(void)argc, (void)argv;
	if (n == 0) {
		list();
		return;
	}
	if (n == 2 && strcmp(w[0], "info") == 0) {
		info(w[1]);
		return;
	}
	if (n == 3 && strcmp(w[0], "read") == 0 && parse_lba(w[2], &lba)) {
		read_one(w[1], lba);
		return;
	}
	if (n == 4 && strcmp(w[0], "write") == 0 && parse_lba(w[2], &lba)) {
		write_one(w[1], lba, after_words(rest, 3));
		return;
	}
	printf("usage: blk | blk info NAME | blk read NAME LBA | blk write NAME LBA TEXT\n");
}
