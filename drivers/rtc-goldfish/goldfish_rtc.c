/* Goldfish RTC hardware: latched 64-bit reads, the alarm and its interrupt. */
#include "goldfish_rtc.h"
#include "mmio32.h"

/* Every access goes through reg_rd and reg_wr (drivers/common/mmio32.h: the host test simulates the registers). */

static uint32_t reg_rd(const struct goldfish_rtc *g, enum goldfish_rtc_reg r)
{
	return mmio_rd32(g->base + r);
}

static void reg_wr(const struct goldfish_rtc *g, enum goldfish_rtc_reg r, uint32_t v)
{
	mmio_wr32(g->base + r, v);
}

void goldfish_rtc_init(struct goldfish_rtc *g, uintptr_t base)
{
	g->base = base;
	/* An earlier driver (this one, restarted) may have left an alarm armed. */
	reg_wr(g, GOLDFISH_IRQ_ENABLED, 0);
	reg_wr(g, GOLDFISH_CLEAR_ALARM, 1);
	reg_wr(g, GOLDFISH_CLEAR_INTERRUPT, 1);
}

uint64_t goldfish_rtc_read(struct goldfish_rtc *g)
{
	/* Low first: reading it latches the high half, so the pair is one instant. */
	uint32_t lo = reg_rd(g, GOLDFISH_TIME_LOW);
	uint32_t hi = reg_rd(g, GOLDFISH_TIME_HIGH);

	return (uint64_t)hi << 32 | lo;
}

void goldfish_rtc_alarm(struct goldfish_rtc *g, uint64_t ns)
{
	reg_wr(g, GOLDFISH_IRQ_ENABLED, 1);
	/* High first: writing the low half arms the alarm with both. */
	reg_wr(g, GOLDFISH_ALARM_HIGH, (uint32_t)(ns >> 32));
	reg_wr(g, GOLDFISH_ALARM_LOW, (uint32_t)ns);
}

void goldfish_rtc_cancel(struct goldfish_rtc *g)
{
	reg_wr(g, GOLDFISH_CLEAR_ALARM, 1);
	reg_wr(g, GOLDFISH_IRQ_ENABLED, 0);
	reg_wr(g, GOLDFISH_CLEAR_INTERRUPT, 1);
}

bool goldfish_rtc_irq(struct goldfish_rtc *g)
{
	reg_wr(g, GOLDFISH_CLEAR_INTERRUPT, 1);
	return reg_rd(g, GOLDFISH_ALARM_STATUS) == 0;
}
