/* The real-time clock protocol: wall-clock time and an alarm (service "rtc0"). */
#ifndef PIER_RTC_H
#define PIER_RTC_H

#include <stdint.h>
#include <pier/proto.h>

/*
 * PIER_RTC_READ   call: reply pier_rtc_time, the time now.
 * PIER_RTC_ALARM  call, req pier_rtc_alarm, granting a port: at that time a
 *                 PIER_RTC_FIRED send (data pier_rtc_time) goes to the port.
 *                 One alarm per RTC; a new one replaces the old; ns = 0 with
 *                 no grant cancels it. PIER_E_ARG for a time already past.
 * PIER_RTC_FIRED  what the alarm's port receives.
 */
enum pier_rtc_msg {
	PIER_RTC_READ = PIER_PROTO(PIER_PROTO_RTC) | 1u,
	PIER_RTC_ALARM = PIER_PROTO(PIER_PROTO_RTC) | 2u,
	PIER_RTC_FIRED = PIER_PROTO(PIER_PROTO_RTC) | 3u,
};

struct pier_rtc_time {
	uint64_t ns;       /* nanoseconds since 1970-01-01 00:00:00 UTC */
};

struct pier_rtc_alarm {
	uint64_t ns;       /* when, as pier_rtc_time.ns; 0 = cancel */
};

#endif
