/* hostile: one unprivileged space attacks the kernel the ways that once worked; each gets a named status. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>
#include <libpier.h>

/* What the children report to the parent's mailbox. */
enum {
	M_REPORT = 0x100,   /* data: int, the child's failed checks */
	M_ID,               /* data: uint64_t, a space id */
	M_PORT,             /* a port granted (taken by the mailbox) */
	M_STATUS,           /* data: int, a status the child saw */
	M_QUIT,             /* to a child's port: exit */
	M_KEEP,             /* to the server: take the granted handle */
};

/* The mailbox (mailbox.c): every message a child sends the parent. */
struct mail {
	unsigned reports, report_fails;
	unsigned ids, ports, statuses, answers;
	uint64_t id, badge;
	uint32_t port, port_at[4];     /* the last; by the index sent with it */
	int status, answer_status;
	uint32_t answer_type;
};
extern struct mail mail;
extern uint32_t mailbox;
int mailbox_make(void);

void check(const char *what, long got, long want);
extern int fails;
/* A child role: the program run as "hostile ROLE ARG". */
int child_main(const char *role, const char *arg);
/* Spawn "hostile ROLE" (prio 12, max 12, quota pages) with the mailbox as its parent. */
int spawn_role(const char *role, uint64_t quota, uint64_t *id);
/* Is a space with this id alive? */
int space_alive(uint64_t id);

void test_answers(void);
void test_spaces(void);
void test_supervisor(void);
void test_consent(void);
void test_frames(void);

#endif
