/* Host tests of the Goldfish RTC hardware part: latched reads, the alarm, its interrupt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "goldfish_rtc.h"

/*
 * The device as QEMU models it: the clock moves on by step at each
 * TIME_LOW read, which latches the high half; ALARM_LOW arms the alarm
 * with the high half written before it; an alarm at or before the time
 * goes off at once, disarming itself and, if enabled, raising the line.
 */
#define BASE 0x101000u

static struct {
	uint64_t now, step, alarm;
	uint32_t latch, alarm_high, irq_enabled;
	bool armed, line;
	unsigned writes;
} sim;

static void check_alarm(void)
{
	if (sim.armed && sim.alarm <= sim.now) {
		sim.armed = false;
		if (sim.irq_enabled)
			sim.line = true;
	}
}

uint32_t mmio_sim_read(uintptr_t addr)
{
	switch (addr - BASE) {
	case GOLDFISH_TIME_LOW:
		sim.now += sim.step;
		sim.latch = (uint32_t)(sim.now >> 32);
		check_alarm();
		return (uint32_t)sim.now;
	case GOLDFISH_TIME_HIGH:
		return sim.latch;
	case GOLDFISH_ALARM_STATUS:
		return sim.armed;
	}
	fail_msg("read of register 0x%lx", (unsigned long)(addr - BASE));
	return 0;
}

void mmio_sim_write(uintptr_t addr, uint32_t val)
{
	sim.writes++;
	switch (addr - BASE) {
	case GOLDFISH_ALARM_HIGH: sim.alarm_high = val; return;
	case GOLDFISH_ALARM_LOW:
		sim.alarm = (uint64_t)sim.alarm_high << 32 | val;
		sim.armed = true;
		check_alarm();
		return;
	case GOLDFISH_IRQ_ENABLED: sim.irq_enabled = val; return;
	case GOLDFISH_CLEAR_ALARM: sim.armed = false; return;
	case GOLDFISH_CLEAR_INTERRUPT: sim.line = false; return;
	}
	fail_msg("write of register 0x%lx", (unsigned long)(addr - BASE));
}

static struct goldfish_rtc rtc;

static void start(uint64_t now, uint64_t step)
{
	memset(&sim, 0, sizeof(sim));
	sim.now = now;
	sim.step = step;
	sim.latch = 0xdeadbeef;   /* what a high-first read would see */
}

static void test_init_quiets(void **s)
{
	(void)s;
	start(1000, 0);
	sim.armed = sim.line = true;
	sim.irq_enabled = 1;
	goldfish_rtc_init(&rtc, BASE);
	assert_false(sim.armed);
	assert_false(sim.line);
	assert_int_equal(sim.irq_enabled, 0);
}

static void test_read_latched(void **s)
{
	(void)s;
	/* The low half wraps on this very read: the high half must match it. */
	start(0x1ffffffffull, 1);
	goldfish_rtc_init(&rtc, BASE);
	assert_true(goldfish_rtc_read(&rtc) == 0x200000000ull);
	assert_true(goldfish_rtc_read(&rtc) == 0x200000001ull);
	/* A 2026 time, in nanoseconds. */
	start(1796256000000000000ull, 0);
	assert_true(goldfish_rtc_read(&rtc) == 1796256000000000000ull);
}

static void test_alarm_fires(void **s)
{
	(void)s;
	start(0x100000000ull, 10);
	goldfish_rtc_init(&rtc, BASE);
	goldfish_rtc_alarm(&rtc, 0x100000000ull + 25);
	assert_true(sim.armed);
	assert_true(sim.alarm == 0x100000000ull + 25);
	assert_int_equal(sim.irq_enabled, 1);
	(void)goldfish_rtc_read(&rtc);
	(void)goldfish_rtc_read(&rtc);
	assert_false(sim.line);
	(void)goldfish_rtc_read(&rtc);           /* now + 30: gone off */
	assert_true(sim.line);
	assert_true(goldfish_rtc_irq(&rtc));
	assert_false(sim.line);
}

static void test_alarm_cancel(void **s)
{
	(void)s;
	start(5000, 0);
	goldfish_rtc_init(&rtc, BASE);
	goldfish_rtc_alarm(&rtc, 9000);
	/* A line raised with the alarm still armed is not "fired". */
	sim.line = true;
	assert_false(goldfish_rtc_irq(&rtc));
	goldfish_rtc_cancel(&rtc);
	assert_false(sim.armed);
	assert_int_equal(sim.irq_enabled, 0);
	sim.now = 10000;
	(void)goldfish_rtc_read(&rtc);
	assert_false(sim.line);
}

static void test_alarm_replaced(void **s)
{
	(void)s;
	start(5000, 0);
	goldfish_rtc_init(&rtc, BASE);
	goldfish_rtc_alarm(&rtc, 0x700000000ull);
	goldfish_rtc_alarm(&rtc, 6000);          /* high half must be rewritten */
	assert_true(sim.alarm == 6000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_quiets),
		cmocka_unit_test(test_read_latched),
		cmocka_unit_test(test_alarm_fires),
		cmocka_unit_test(test_alarm_cancel),
		cmocka_unit_test(test_alarm_replaced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
