/* The timer port: the time, one-shot and periodic timers as packets, and time slices. */
#include <string.h>
#include <pier/pier.h>
#include "ktimer.h"
#include "kport.h"
#include "ipc.h"
#include "sched.h"
#include "space.h"
#include "kmem.h"
#include "arch.h"

struct port timer_port = {
	.serve = ktimer_serve, .quick = true, .name = "timer", .refs = 1,
};

/* A timer: kept in one list sorted by due time (a handful per space). */
struct ktimer {
	uint64_t id, due, period, cookie, missed;
	struct port *port;
	struct ktimer *next;
};

static struct ktimer *timers;
static uint64_t next_id = 1, hz, slice_ticks;
uint64_t slice_end = UINT64_MAX;

/*
 * A due time past the end of the 64-bit tick count (58,000 years at
 * 10 MHz) never comes: it is NEVER, which no tick fires. Every sum and
 * product of times saturates to it, since a wrapped one would be a time
 * long past, due at once and again at every tick.
 */
#define NEVER UINT64_MAX

static uint64_t time_add(uint64_t a, uint64_t b)
{
	uint64_t sum;

	return __builtin_add_overflow(a, b, &sum) ? NEVER : sum;
}

static uint64_t time_mul(uint64_t a, uint64_t b)
{
	uint64_t prod;

	return __builtin_mul_overflow(a, b, &prod) ? NEVER : prod;
}

uint64_t ktimer_ns(uint64_t ticks)
{
	/* Split so that ticks * 1e9 cannot overflow. */
	return ticks / hz * 1000000000ull + ticks % hz * 1000000000ull / hz;
}

void ktimer_init(uint64_t timebase)
{
	hz = timebase;
	slice_ticks = hz / 100;        /* 10 ms between equal priorities */
	if (!slice_ticks)
		slice_ticks = 1;
}

static void program(void)
{
	uint64_t when = slice_end;

	if (timers && timers->due < when)
		when = timers->due;
	arch_timer_set(when);
}

/* A timer is charged to the space of its port while it is armed
 * (its port is alive then: ktimer_port_gone takes its timers first). */
static void timer_free(struct ktimer *t)
{
	t->port->space->vm.kbytes -= sizeof(*t);
	kmem_free(t, sizeof(*t));
}

static void insert(struct ktimer *t)
{
	struct ktimer **pp = &timers;

	while (*pp && (*pp)->due <= t->due)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

static int count_of(const struct space *s)
{
	int n = 0;

	for (struct ktimer *t = timers; t; t = t->next)
		n += t->port->space == s;
	return n;
}

/* Fire one due timer. A full queue is counted, never waited on: a periodic
 * timer skips to its next period, a one-shot tries again a millisecond later. */
static void fire(struct ktimer *t, uint64_t now)
{
	struct pier_timer_fired f = {
		.id = t->id, .cookie = t->cookie, .due = t->due, .sent = now,
		.missed = t->missed,
#ifdef PIER_BENCH
		.stamp = arch_stamp(),	/* right before the queueing */
#endif
	};
	/* Straight into its handler if it runs next, unless the time slice
	 * ends in this tick too: ktimer_tick rotates the activation it cut. */
	struct pier_packet *pkt = slice_end > now ?
		sched_start_now(t->port, PIER_MSG_TIMER, sizeof(f)) : NULL;
	int rc = PIER_OK;

	if (pkt)
		*(struct pier_timer_fired *)(void *)pkt->data = f;   /* 8-aligned: a few stores */
	else
		rc = ipc_deliver(NULL, t->port, PIER_MSG_TIMER, &f, sizeof(f), 0, NULL, 0);

	if (rc == PIER_OK)
		t->missed = 0;
	else
		t->missed++;
	if (t->period) {
		/* Periods that passed while late are skipped and counted. */
		uint64_t late = (now - t->due) / t->period;

		t->missed += late;
		t->due = time_add(t->due, time_mul(late + 1, t->period));
	} else if (rc != PIER_OK) {
		t->due = time_add(now, hz / 1000 ? hz / 1000 : 1);
	} else {
		timer_free(t);
		return;
	}
	/* Due after now, as the sums above make it (ktimer_tick counts on it);
	 * NEVER if they cannot tell when. */
	if (t->due <= now)
		t->due = NEVER;
	insert(t);
}

void ktimer_tick(void)
{
	uint64_t now = arch_time_now();

	/* NEVER is later than every now, even the tick that reads UINT64_MAX. */
	if (now == NEVER)
		now--;
	/*
	 * fire() puts each timer back due after now (or frees it), so one
	 * fired here is never again at the head and due in this tick: the
	 * loop runs at most once per armed timer, and putting a timer back
	 * walks the list once.
	 */
	while (timers && timers->due <= now) {
		struct ktimer *t = timers;
		timers = t->next;
		fire(t, now);
	}
	if (slice_end <= now) {
		slice_end = UINT64_MAX;
		sched_rotate_current();
	}
	if (sched_outranked())
		sched_preempt_current();
	program();
}

void ktimer_slice_update(void)
{
	if (!sched_has_peer()) {
		if (slice_end != UINT64_MAX) {
			slice_end = UINT64_MAX;
			program();
		}
		return;
	}
	if (slice_end == UINT64_MAX) {
		slice_end = arch_time_now() + slice_ticks;
		program();
	}
}

bool ktimer_pending(void)
{
	return timers && timers->due != NEVER;    /* sorted: the first is the soonest */
}

__attribute__((cold)) void ktimer_port_gone(struct port *p)
{
	for (struct ktimer **pp = &timers; *pp; ) {
		struct ktimer *t = *pp;
		if (t->port == p) {
			*pp = t->next;
			timer_free(t);
		} else {
			pp = &t->next;
		}
	}
}

/* Setting, cancelling and teardown are requests, not the timer path: built for size (cold). */
static __attribute__((cold)) int timer_set(struct port *from, struct kcall *k)
{
	struct pier_timer_set r;
	struct pier_timer_id out;
	struct handle *h;
	struct ktimer *t;
	int rc;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	if (k->reply_max < sizeof(out))
		return PIER_E_REPLY_SIZE;
	memcpy(&r, k->data, sizeof(r));
	/* A period under 100 us would be all interrupt and no work. */
	if ((r.flags & ~PIER_TIMER_RELATIVE) ||
	    (r.period && r.period < hz / 10000))
		return PIER_E_ARG;
	if ((rc = space_handle_get(from->space, r.port, 0, &h)))
		return rc;
	if (!port_handler_in(h->port, h->rights, from->space))
		return PIER_E_RIGHTS;
	if (count_of(from->space) >= PIER_TIMERS_PER_SPACE)
		return PIER_E_LIMIT;
	if (!vm_charge_bytes_ok(&from->space->vm, sizeof(*t)))
		return PIER_E_QUOTA;
	t = kmem_alloc(sizeof(*t));
	if (!t)
		return PIER_E_NOMEM;
	*t = (struct ktimer){
		.id = next_id++, .period = r.period, .cookie = r.cookie,
		.port = h->port,
		.due = (r.flags & PIER_TIMER_RELATIVE) ? time_add(arch_time_now(), r.when) : r.when,
	};
	from->space->vm.kbytes += sizeof(*t);
	insert(t);
	program();
	out.id = t->id;
	kcall_reply(k, &out, sizeof(out));
	return PIER_OK;
}

static __attribute__((cold)) int timer_cancel(struct port *from, struct kcall *k)
{
	struct pier_timer_id r;

	if (k->size != sizeof(r))
		return PIER_E_PACKET_SIZE;
	memcpy(&r, k->data, sizeof(r));
	for (struct ktimer **pp = &timers; *pp; pp = &(*pp)->next) {
		struct ktimer *t = *pp;
		if (t->id != r.id || t->port->space != from->space)
			continue;
		*pp = t->next;
		timer_free(t);
		program();
		return PIER_OK;
	}
	return PIER_E_NOENT;
}

int ktimer_serve(struct port *from, struct kcall *k)
{
	if (k->type == PIER_TIMER_NOW) {
		struct pier_time now = { .ticks = arch_time_now(), .hz = hz };

		if (k->reply_max < sizeof(now))
			return PIER_E_REPLY_SIZE;
		now.ns = ktimer_ns(now.ticks);
		kcall_reply(k, &now, sizeof(now));
		return PIER_OK;
	}
	if (k->type == PIER_TIMER_SET)
		return timer_set(from, k);
	if (k->type == PIER_TIMER_CANCEL)
		return timer_cancel(from, k);
	return PIER_E_TYPE;
}
