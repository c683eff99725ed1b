/* Goldfish RTC hardware: the 64-bit nanosecond clock and its one alarm. No Pier calls here. */
#ifndef GOLDFISH_RTC_H
#define GOLDFISH_RTC_H

#include <stdbool.h>
#include <stdint.h>

/* Registers, each 32 bits wide. */
enum goldfish_rtc_reg {
	GOLDFISH_TIME_LOW = 0x00,        /* read: the time's low half; latches the high half */
	GOLDFISH_TIME_HIGH = 0x04,       /* read: the high half as of the last TIME_LOW read */
	GOLDFISH_ALARM_LOW = 0x08,       /* write: the alarm's low half, and arm it */
	GOLDFISH_ALARM_HIGH = 0x0c,      /* write: the alarm's high half (before ALARM_LOW) */
	GOLDFISH_IRQ_ENABLED = 0x10,     /* write 1: the alarm raises the interrupt */
	GOLDFISH_CLEAR_ALARM = 0x14,     /* write: disarm the alarm */
	GOLDFISH_ALARM_STATUS = 0x18,    /* read: 1 while an alarm is armed */
	GOLDFISH_CLEAR_INTERRUPT = 0x1c, /* write: lower the interrupt line */
};

struct goldfish_rtc {
	uintptr_t base;    /* where the registers are mapped */
};

/* Quiet the device: no alarm, no interrupt pending or enabled. */
void goldfish_rtc_init(struct goldfish_rtc *g, uintptr_t base);
/* Nanoseconds since 1970-01-01 00:00:00 UTC. */
uint64_t goldfish_rtc_read(struct goldfish_rtc *g);
/* Arm the alarm for ns (as goldfish_rtc_read counts) with its interrupt. */
void goldfish_rtc_alarm(struct goldfish_rtc *g, uint64_t ns);
void goldfish_rtc_cancel(struct goldfish_rtc *g);
/* On the interrupt: lower the line; true if the alarm has gone off (is no longer armed). */
bool goldfish_rtc_irq(struct goldfish_rtc *g);

#endif
