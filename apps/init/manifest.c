/* init's manifest: each line a program to start, with the options that say how. */

/*
 * A line is "[option...] program [args...]"; blank lines and # comments
 * are skipped. Options, in any order before the program:
 *   prio=N        start priority (default 8)
 *   maxprio=N     the highest it may ever run at (default: prio; drivers 30)
 *   super         pass the super right on (PIER_SPAWN_SUPER)
 *   quota=N       at most N pages
 *   stack=KIB     its main stack, KiB: a multiple of 4 up to 8192 (default 64)
 *   dev=COMPAT    the first unbound enabled node with that compatible string
 *                 is its device (PIER_NAMES_DEVICE)
 *   serve=NAME    init makes the service NAME for it to serve (PIER_NAMES_SERVE)
 *   lookup=A,B    the names it may look up (',' or ':' between them; ':' in
 *                 a run= list, which splits at ','); lookup=* any (default: console)
 *   restart       start it again whenever it ends (the default with serve=)
 *   restart=N     at most N times, then hold
 *   hold          never again; its service stays, HELD
 *   backoff=MS    a restart waits until MS after the previous start
 *                 (default 100 for a program that restarts at all)
 * A bare option word (super, restart, hold) that is the line's last word
 * is the program instead: "hold" alone runs the program hold.
 * The program's part of the line is its command line, quoted as
 * lib/cmdline.c says (run prog -e "print(1, 2)" passes one word), and
 * taken apart by the program's runtime.
 * A run= boot argument is a comma-separated list of such lines, '+'
 * standing for a space; ',' and '+' inside quotes (or after a backslash)
 * are themselves. The kernel's command line is quoted too, so a run=
 * with quotes is quoted again: 'run=prog+"a, b"' gives prog one word "a, b". Lines become records (progs.c) at once; main.c
 * starts them once the console is up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "init.h"

#define BACKOFF_UNSET UINT32_MAX    /* no backoff= on the line */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The leading word, NUL-terminated; *s moves past it and the blanks after. */
static char *word(char **s)
{
	char *w = *s, *p = *s;

	while (*p && !is_blank(*p))
		p++;
	if (*p)
		*p++ = '\0';
	while (is_blank(*p))
		p++;
	*s = p;
	return w;
}

/* "key=N" with N at most max: 1, 0 if w is not key=, -1 if N is malformed. */
static int number(const char *w, const char *key, unsigned long max, uint32_t *out)
{
	size_t k = strlen(key);
	char *end;
	unsigned long n;

	if (strncmp(w, key, k) != 0 || w[k] != '=')
		return 0;
	n = strtoul(w + k + 1, &end, 10);
	if (end == w + k + 1 || *end || n > max)
		return -1;
	*out = (uint32_t)n;
	return 1;
}

/* The value of key=value into dst: 1, or -1 if empty or too long. */
static int value(const char *v, char *dst, size_t cap)
{
	if (*v == '\0' || strlen(v) >= cap)
		return -1;
	strcpy(dst, v);
	return 1;
}

/* One option word into p: 1 if it was one, 0 if not (the program), -1 if malformed. */
static int option(struct prog *p, char *w, bool last, bool *has_max)
{

	uint32_t n;
	int rc;

	if ((rc = number(w, "prio", PIER_PRIO_MAX, &p->prio)) != 0)
		return rc;
	if ((rc = number(w, "maxprio", PIER_PRIO_MAX, &p->max_prio)) != 0)
		return *has_max = rc > 0, rc;
	if ((rc = number(w, "quota", UINT32_MAX, &n)) != 0)
		return p->quota = n, rc;
	/* The kernel checks the value (a multiple of 4, at most 8 MiB) at each spawn. */
	if ((rc = number(w, "stack", 4 * PIER_STACK_PAGES_MAX, &p->stack_kib)) != 0)
		return rc;
	/* A bare word is the program when nothing follows ("run=hold"). */
	if (!last && strcmp(w, "super") == 0)
		return p->flags |= PIER_SPAWN_SUPER, 1;
	if ((rc = number(w, "restart", UINT32_MAX, &p->restart_max)) != 0)
		return p->restart = RESTART_UPTO, rc;
	if ((rc = number(w, "backoff", 600000, &p->backoff_ms)) != 0)
		return rc;
	if (!last && strcmp(w, "restart") == 0)
		return p->restart = RESTART_ALWAYS, 1;
	if (!last && strcmp(w, "hold") == 0)
		return p->restart = RESTART_HOLD, 1;
	if (strncmp(w, "dev=", 4) == 0)
		return value(w + 4, p->dev_compat, sizeof(p->dev_compat));
	if (strncmp(w, "serve=", 6) == 0)
		return value(w + 6, p->serve, sizeof(p->serve));
	if (strncmp(w, "lookup=", 7) == 0)
		return value(w + 7, p->lookup, sizeof(p->lookup));
	return 0;
}

static void line(char *s)
{
	char *end = s + strlen(s), *w;
	bool has_max = false;
	struct prog *p;
	int rc;

	while (is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		*--end = '\0';
	if (*s == '\0' || *s == '#')
		return;
	if ((p = prog_new()) == NULL) {
		printf("init: too many programs; skipped: %s\n", s);
		return;
	}
	/* Options point into the line: keep it, in the record's own buffer. */
	snprintf(p->cmd, sizeof(p->cmd), "%s", s);
	p->backoff_ms = BACKOFF_UNSET;
	s = p->cmd;
	for (;;) {
		w = word(&s);
		if ((rc = option(p, w, *s == '\0', &has_max)) < 0) {
			printf("init: bad option %s in manifest line\n", w);
			nprogs--;
			return;
		}
		if (rc == 0) {
			/* The program: the command line runs from here, the
			 * blank word() cut after it put back. */
			char *after = w + strlen(w);

			if (after < s)
				*after = ' ';
			memmove(p->cmd, w, strlen(w) + 1);
			break;
		}
	}
	if (p->cmd[0] == '\0') {
		printf("init: manifest line names no program\n");
		nprogs--;
		return;
	}
	/* A program may not run above its start priority unless the line
	 * says so; a driver may use the drivers' band up to PRIO_DRIVER_MAX. */
	if (!has_max)
		p->max_prio = p->dev_compat[0] && p->prio <= PRIO_DRIVER_MAX ? PRIO_DRIVER_MAX : p->prio;
	if (p->max_prio < p->prio) {
		printf("init: maxprio below prio in manifest line: %s\n", p->cmd);
		nprogs--;
		return;
	}
	/* Restarts wait 100 ms unless the line says otherwise (backoff=0
	 * too): a program that ends at once must not keep init busy. */
	if (p->serve[0] && p->restart == RESTART_NEVER)
		p->restart = RESTART_ALWAYS;
	if (p->backoff_ms == BACKOFF_UNSET)
		p->backoff_ms = p->restart == RESTART_NEVER ? 0 : BACKOFF_DRIVER_MS;
	if (p->serve[0]) {
		if ((p->service = service_new(p->serve, (int)(p - progs))) < 0) {
			printf("init: cannot serve %s: %s\n", p->serve, p->cmd);
			p->off = true;
		}
	}
}

/*
 * Quoting (lib/cmdline.c) holds here too: a ',' or '+' inside quotes or
 * after a backslash is itself, and the quotes stay for the program's own
 * command line to take off. Each step moves p on, so the loop ends.
 */
void manifest_run_list(char *list)
{
	char *e = list, *p = list, q = 0;

	for (;; p++) {
		if (*p == '\0') {
			line(e);        /* a quote left open ends with the list */
			return;
		}
		if (*p == '\\' && q != '\'' && p[1]) {
			p++;
		} else if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '+') {
			*p = ' ';
		} else if (*p == ',') {
			*p = '\0';
			line(e);
			e = p + 1;
		}
	}
}

/* The line being gathered: a command line fits one packet anyway. */
static char buf[PIER_PACKET_MAX];
static uint32_t len;
static bool too_long;

static void line_done(void)
{
	buf[len] = '\0';
	if (too_long)
		printf("init: manifest line too long: %.40s...\n", buf);
	else
		line(buf);
	len = 0;
	too_long = false;
}

/* Read the manifest a packet at a time; a short read is its end. */
void manifest_read(const char *file)
{
	static char chunk[PIER_PACKET_MAX];
	uint32_t off = 0, got;
	int rc;

	do {
		rc = pier_bootfile(file, off, chunk, sizeof(chunk), &got);
		if (rc != PIER_OK) {
			printf("init: cannot read %s: %s\n", file, pier_strerror(rc));
			return;
		}
		off += got;
		for (uint32_t i = 0; i < got; i++) {
			if (chunk[i] == '\n')
				line_done();
			else if (len < sizeof(buf) - 1)
				buf[len++] = chunk[i];
			else
				too_long = true;
		}
	} while (got == sizeof(chunk));
	if (len > 0 || too_long)
		line_done();	/* the last line had no newline */
}
