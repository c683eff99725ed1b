/* Host tests of the timer port (kernel/ktimer.c): a fake clock, deliveries counted instead of queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pier/pier.h>
#include "ktimer.h"
#include "kport.h"
#include "ipc.h"
#include "sched.h"
#include "space.h"
#include "kmem.h"
#include "arch.h"

#define HZ 10000000ull

/* What ktimer.c calls: the clock, the deadline, delivery, the scheduler. */
struct port *current;
struct runq runq;
static uint64_t fake_now, deadline;
static int delivered, queue_full, allocated;
static struct pier_timer_fired last;
static struct space owner;
static struct port handler = { .space = &owner };
static struct handle handler_handle = { .port = &handler, .rights = PIER_R_OWN };

uint64_t arch_time_now(void) { return fake_now; }
void arch_timer_set(uint64_t when) { deadline = when; }
void sched_rotate_current(void) { }
void sched_preempt_current(void) { }
struct pier_packet *sched_start_now(struct port *p, uint32_t type, uint32_t size)
{
	(void)p, (void)type, (void)size;
	return NULL;    /* always queue: ipc_deliver counts */
}

int ipc_deliver(struct port *from, struct port *to, uint32_t type,
		const void *data, uint32_t size, uint32_t flags,
		struct port *grant, uint32_t grant_rights)
{
	(void)from, (void)flags, (void)grant, (void)grant_rights;
	assert_ptr_equal(to, &handler);
	assert_int_equal(type, PIER_MSG_TIMER);
	assert_int_equal(size, sizeof(last));
	if (queue_full)
		return PIER_E_FULL;
	memcpy(&last, data, sizeof(last));
	delivered++;
	return PIER_OK;
}

int space_handle_get(struct space *s, uint32_t h, uint32_t need, struct handle **out)
{
	(void)s, (void)h, (void)need;
	*out = &handler_handle;
	return PIER_OK;
}

void *kmem_alloc(size_t size)
{
	allocated++;
	return calloc(1, size);
}

void kmem_free(void *p, size_t size)
{
	(void)size;
	allocated -= p != NULL;
	free(p);
}

static int set(uint32_t flags, uint64_t when, uint64_t period, uint64_t *id)
{
	struct pier_timer_set r = { .port = 7, .flags = flags, .when = when,
				    .period = period };
	struct pier_timer_id out = { 0 };
	struct kcall k = { .type = PIER_TIMER_SET, .data = &r, .size = sizeof(r),
			   .reply = &out, .reply_max = sizeof(out) };
	struct port from = { .space = &owner };
	int rc = ktimer_serve(&from, &k);

	if (id)
		*id = out.id;
	return rc;
}

/* One timer interrupt at time t: how many packets it sent. */
static int tick_at(uint64_t t)
{
	int before = delivered;

	fake_now = t;
	ktimer_tick();
	return delivered - before;
}

static int setup(void **state)
{
	(void)state;
	ktimer_init(HZ);
	fake_now = 1000;
	delivered = queue_full = 0;
	return 0;
}

/* Every timer a test leaves goes with its port; nothing is leaked. */
static int teardown(void **state)
{
	(void)state;
	ktimer_port_gone(&handler);
	assert_int_equal(allocated, 0);
	assert_false(ktimer_pending());
	return 0;
}

/* Period UINT64_MAX once wrapped to a due time already past, fired for ever in one tick. */
static void test_period_max_fires_once(void **state)
{
	(void)state;
	assert_int_equal(set(PIER_TIMER_RELATIVE, 10, UINT64_MAX, NULL), PIER_OK);
	assert_int_equal(deadline, 1010);
	assert_int_equal(tick_at(1010), 1);
	assert_int_equal(last.due, 1010);
	assert_int_equal(last.missed, 0);
	assert_false(ktimer_pending());         /* set, but due never */
	assert_int_equal(deadline, UINT64_MAX);
	assert_int_equal(tick_at(1011), 0);
	assert_int_equal(tick_at(UINT64_MAX - 1), 0);
	assert_int_equal(tick_at(UINT64_MAX), 0);   /* never is never, even then */
}

static void test_due_times_saturate(void **state)
{
	(void)state;
	assert_int_equal(set(PIER_TIMER_RELATIVE, UINT64_MAX - 500, 0, NULL), PIER_OK);
	assert_int_equal(set(PIER_TIMER_RELATIVE, UINT64_MAX, HZ, NULL), PIER_OK);
	assert_int_equal(set(0, UINT64_MAX, 0, NULL), PIER_OK);
	assert_false(ktimer_pending());
	assert_int_equal(deadline, UINT64_MAX);
	assert_int_equal(tick_at(UINT64_MAX - 1), 0);
	assert_int_equal(tick_at(UINT64_MAX), 0);

	/* A period whose second due time is past the end: once, then never. */
	fake_now = 1000;
	assert_int_equal(set(0, UINT64_MAX - 100, UINT64_MAX - 200, NULL), PIER_OK);
	assert_int_equal(tick_at(UINT64_MAX - 50), 1);
	assert_int_equal(tick_at(UINT64_MAX), 0);
}

/* However late the tick and short the period: one packet, the rest counted. */
static void test_late_periodic_fires_once_and_counts(void **state)
{
	uint64_t period = HZ / 10000;   /* the shortest allowed */

	(void)state;
	assert_int_equal(set(0, 2000, period, NULL), PIER_OK);
	assert_int_equal(tick_at(2000 + 10 * period + 5), 1);
	assert_int_equal(last.missed, 0);
	assert_int_equal(deadline, 2000 + 11 * period);
	assert_int_equal(tick_at(2000 + 11 * period), 1);
	assert_int_equal(last.missed, 10);
	assert_int_equal(last.due, 2000 + 11 * period);
	assert_int_equal(tick_at(2000 + 11 * period), 0);
	assert_int_equal(set(0, 1, period - 1, NULL), PIER_E_ARG);
}

/* A full queue: counted, and tried again at a later tick, not this one. */
static void test_full_queue_retried_later(void **state)
{
	(void)state;
	assert_int_equal(set(0, 1500, 0, NULL), PIER_OK);
	queue_full = 1;
	assert_int_equal(tick_at(1500), 0);
	assert_true(ktimer_pending());
	assert_int_equal(deadline, 1500 + HZ / 1000);
	queue_full = 0;
	assert_int_equal(tick_at(1500), 0);
	assert_int_equal(tick_at(1500 + HZ / 1000), 1);
	assert_int_equal(last.missed, 1);
	assert_false(ktimer_pending());         /* a one-shot is gone once sent */
}

/* Many due at once: each fires once, whatever fire() does to the list. */
static void test_each_due_timer_once_per_tick(void **state)
{
	uint64_t id;

	(void)state;
	for (int i = 0; i < PIER_TIMERS_PER_SPACE - 2; i++)
		assert_int_equal(set(0, 1100 + i, HZ / 10000, NULL), PIER_OK);
	assert_int_equal(set(0, 1100, UINT64_MAX, NULL), PIER_OK);
	assert_int_equal(set(0, 1100, 0, &id), PIER_OK);
	assert_int_equal(set(0, 1100, 0, NULL), PIER_E_LIMIT);
	assert_int_equal(tick_at(1200), PIER_TIMERS_PER_SPACE);
	assert_int_equal(tick_at(1200), 0);

	struct pier_timer_id c = { id };
	struct kcall k = { .type = PIER_TIMER_CANCEL, .data = &c, .size = sizeof(c) };
	struct port from = { .space = &owner };
	assert_int_equal(ktimer_serve(&from, &k), PIER_E_NOENT);   /* the one-shot went */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_period_max_fires_once),
		T(test_due_times_saturate),
		T(test_late_periodic_fires_once_and_counts),
		T(test_full_queue_retried_later),
		T(test_each_due_timer_once_per_tick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
