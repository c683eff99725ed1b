/* Held calls: a port's list of calls it will answer later, each named by a token. */
#include <pier/pier.h>
#include "port.h"

/*
 * Tokens come from one counter for every port, so a token of another
 * port never names a call here until the counter wraps (2^31 holds);
 * after a wrap a token still held here is skipped. The skip loop runs at
 * most PIER_HELD_MAX + 1 times, each a walk of at most PIER_HELD_MAX.
 */
static uint32_t token_last;

static uint32_t token_next(struct port *p)
{
	for (;;) {
		token_last = token_last >= INT32_MAX ? 1 : token_last + 1;
		if (!port_held_find(p, token_last))
			return token_last;
	}
}

int port_hold(struct port *p, struct port *c)
{
	if (p->held_count >= PIER_HELD_MAX)
		return PIER_E_LIMIT;
	c->held_token = token_next(p);
	c->held_next = NULL;
	if (p->held_tail)
		p->held_tail->held_next = c;
	else
		p->held_head = c;
	p->held_tail = c;
	p->held_count++;
	return (int)c->held_token;
}

struct port *port_held_first(struct port *p)
{
	return p->held_head;
}

struct port *port_held_find(struct port *p, uint32_t token)
{
	struct port *q = p->held_head;

	if (!token)
		return q;
	for (; q; q = q->held_next)     /* at most PIER_HELD_MAX */
		if (q->held_token == token)
			return q;
	return NULL;
}

void port_held_pop(struct port *p)
{
	struct port *c = p->held_head;

	if (!c)
		return;
	p->held_head = c->held_next;
	if (!p->held_head)
		p->held_tail = NULL;
	c->held_next = NULL;
	c->held_token = 0;
	p->held_count--;
}

bool port_held_remove(struct port *p, struct port *c)
{
	struct port *prev = NULL;

	for (struct port *q = p->held_head; q; prev = q, q = q->held_next) {  /* at most PIER_HELD_MAX */
		if (q != c)
			continue;
		if (prev)
			prev->held_next = q->held_next;
		else
			p->held_head = q->held_next;
		if (p->held_tail == q)
			p->held_tail = prev;
		q->held_next = NULL;
		q->held_token = 0;
		p->held_count--;
		return true;
	}
	return false;
}
