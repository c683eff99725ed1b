/* mutex: pier_mutex between ports of one program: handoff in arrival order, dead waiters, the limit. */

/*
 * main (priority 8) holds the lock while waiter ports above it (10-12)
 * are sent a packet each: each preempts main, finds the lock held, and
 * sleeps in the lock port. main's unlock then lets them through one by
 * one. Each waiter only notes its letter; main prints and judges.
 *  - three waiters of three priorities get the lock in the order they
 *    came, not by priority (the lock is FIFO);
 *  - a waiter destroyed while it waits is skipped, and a lock whose only
 *    waiter was destroyed is free after the unlock;
 *  - PIER_HELD_MAX + 1 waiters: the last is refused (PIER_E_LIMIT) at
 *    once, the others all get the lock in order;
 *  - picolibc's own lock (lib/libc_lock.c) is a real one, and recursive:
 *    main takes it twice, and a port calling setenv waits until main has
 *    let go of both;
 *  - misuse answers a status; and main's return ends the program, so the
 *    lock port is not among the ports that keep a program alive.
 *
 * "mutex giveup": the runtime's own locks cannot fail their callers, so
 * a 65th port waiting for picolibc's lock (a setenv while main holds
 * it) ends the program with a line saying so, as malloc's would.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/lock.h>
#include <libpier.h>

#define CROWD (PIER_HELD_MAX + 1)

static struct pier_mutex m;
static unsigned char order[CROWD + 8];
static unsigned norder, refused, unlock_fails;
static int refused_rc, fails;
static uint32_t crowd[CROWD];

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("mutex: PASS %s\n", what);
	} else {
		printf("mutex: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int waiter(const struct pier_packet *pkt)
{
	int rc = pier_mutex_lock(&m);

	if (rc != PIER_OK) {
		refused++;
		refused_rc = rc;
		return 0;
	}
	if (norder < sizeof(order))
		order[norder++] = pkt->data[0];
	if (pier_mutex_unlock(&m) != PIER_OK)
		unlock_fails++;
	return 0;
}

/* One page of stack and a queue of one: CROWD of them stay cheap. */
static uint32_t port_at(pier_handler_fn fn, uint32_t prio)
{
	uint32_t h = 0;

	if (pier_port_create_stack(fn, prio, 1, 0, 4, &h) != PIER_OK)
		fails++;
	return h;
}

static uint32_t port(uint32_t prio)
{
	return port_at(waiter, prio);
}


static void poke(uint32_t h, unsigned char c)
{
	if (pier_send(h, 1, &c, 1) != PIER_OK)
		fails++;
}

static void fifo(void)
{
	uint32_t a = port(10), b = port(12), c = port(11);

	check("lock, uncontended", pier_mutex_lock(&m), PIER_OK);
	check("trylock of a held lock", pier_mutex_trylock(&m), PIER_E_STATE);
	poke(a, 'a');
	poke(b, 'b');
	poke(c, 'c');
	check("three ports wait", m.waits, 3);
	check("none got in while main held it", norder, 0);
	check("unlock hands on", pier_mutex_unlock(&m), PIER_OK);
	check("all three got it", norder, 3);
	check("in the order they came, not by priority", memcmp(order, "abc", 3), 0);
	check("lock free after", pier_mutex_trylock(&m), PIER_OK);
	check("unlock", pier_mutex_unlock(&m), PIER_OK);
	check("unlock of a free lock", pier_mutex_unlock(&m), PIER_E_STATE);
	pier_port_destroy(a);
	pier_port_destroy(b);
	pier_port_destroy(c);
}

static void dead(void)
{
	uint32_t d = port(10), e = port(10), f = port(10);

	norder = 0;
	check("lock", pier_mutex_lock(&m), PIER_OK);
	poke(d, 'd');
	poke(e, 'e');
	check("destroy a waiting port", pier_port_destroy(d), PIER_OK);
	check("unlock with a dead waiter first", pier_mutex_unlock(&m), PIER_OK);
	check("the live one got it", norder == 1 && order[0] == 'e', 1);

	check("lock", pier_mutex_lock(&m), PIER_OK);
	poke(f, 'f');
	check("destroy the only waiter", pier_port_destroy(f), PIER_OK);
	check("unlock with only a dead waiter", pier_mutex_unlock(&m), PIER_OK);
	check("it is free", pier_mutex_trylock(&m), PIER_OK);
	check("unlock", pier_mutex_unlock(&m), PIER_OK);
	check("nobody else got it", norder, 1);
	pier_port_destroy(e);
}

static void limit(void)
{
	unsigned in_order = 0;

	norder = 0;
	check("lock", pier_mutex_lock(&m), PIER_OK);
	for (unsigned i = 0; i < CROWD; i++)
		crowd[i] = port(10);
	for (unsigned i = 0; i < CROWD; i++)
		poke(crowd[i], (unsigned char)i);
	check("one waiter too many is refused", refused, 1);
	check("with PIER_E_LIMIT", refused_rc, PIER_E_LIMIT);
	check("the others wait", norder, 0);
	check("unlock hands on down the line", pier_mutex_unlock(&m), PIER_OK);
	check("every waiter got it", norder, PIER_HELD_MAX);
	for (unsigned i = 0; i < norder; i++)
		in_order += order[i] == i;
	check("in the order they came", in_order, PIER_HELD_MAX);
	check("no unlock failed", unlock_fails, 0);
	check("free after", pier_mutex_trylock(&m), PIER_OK);
	check("unlock", pier_mutex_unlock(&m), PIER_OK);
	for (unsigned i = 0; i < CROWD; i++)
		pier_port_destroy(crowd[i]);
}

static volatile int env_set;

static int set_env(const struct pier_packet *pkt)
{
	(void)pkt;
	env_set = setenv("MUTEX_TEST", "set", 1) == 0 ? 1 : -1;
	return 0;
}

static void libc(void)
{
	uint32_t w = 0;
	const char *v;

	check("setenv port", pier_port_create(set_env, 10, 1, 0, &w), PIER_OK);
	__LIBC_LOCK();
	__LIBC_LOCK();          /* again: it is recursive */
	poke(w, 0);
	check("setenv waits while main holds libc's lock", env_set, 0);
	__LIBC_UNLOCK();
	check("and while main holds it once", env_set, 0);
	__LIBC_UNLOCK();
	check("then it ran", env_set, 1);
	v = getenv("MUTEX_TEST");
	check("and set the variable", v && !strcmp(v, "set"), 1);
	pier_port_destroy(w);
}

/* Never returns: the 65th waiter ends the program. */
static void give_up(void)
{
	__LIBC_LOCK();
	for (unsigned i = 0; i < CROWD; i++)
		crowd[i] = port_at(set_env, 10);
	printf("mutex: %u ports call setenv while main holds libc's lock\n", CROWD);
	fflush(stdout);
	for (unsigned i = 0; i < CROWD; i++)
		poke(crowd[i], 0);
	printf("mutex: FAIL the program lives on\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "giveup")) {
		give_up();
		return 1;
	}
	fifo();
	dead();
	limit();
	libc();
	printf("mutex: %u waits in all\n", (unsigned)m.waits);
	check("ports left (the lock port is not one)", pier_ports_live, 0);
	if (fails)
		return 1;
	printf("mutex: done\n");
	return 0;
}
