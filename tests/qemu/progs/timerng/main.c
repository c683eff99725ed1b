/* timerng: getentropy and the clocks over "rng0" and "rtc0": results, errno paths, hostile requests. */
#define _DEFAULT_SOURCE   /* getentropy, gettimeofday: beyond C11 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <libpier.h>
#include <pier/names.h>
#include <pier/rng.h>
#include <pier/rtc.h>

/*
 * "timerng" expects both services; "timerng norng" a machine without a
 * virtio-rng device, where getentropy must fail with ENOSYS; "timerng
 * denied" a manifest line without rtc0 in its lookup= list, where the
 * wall clock must fail with EPERM (and time() return -1); "timerng
 * restart" (with super) kills the virtio-rng driver and checks its DMA
 * memory stays quarantined until the restarted driver has reset the
 * device, and that rng0 then serves again through the same handle. Eight ports
 * each call the driver for 256 bytes at once, so it holds several calls
 * at a time; an alarm a second ahead must fire on our port.
 */
#define FLIGHT 8
#define PRIO_FLIGHT 6
#define PRIO_ALARM 7

static int fails, flown;
static uint32_t rng, rtc, alarm_port, flight_port[FLIGHT];
static uint8_t flight_buf[FLIGHT][PIER_RNG_MAX];
static uint64_t alarm_at;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("timerng: PASS %s\n", what);
	} else {
		printf("timerng: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void finish(void)
{
	printf("timerng: done\n");
	pier_exit(fails);
}

static int on_alarm(const struct pier_packet *pkt)
{
	struct pier_rtc_time t;

	check("alarm fires with PIER_RTC_FIRED", pkt->type, PIER_RTC_FIRED);
	check("its data is the time", pkt->size, sizeof(t));
	memcpy(&t, pkt->data, sizeof(t));
	check("not before the alarm", t.ns >= alarm_at, 1);
	finish();
	return PIER_OK;
}

static void alarm_checks(void)
{
	struct pier_rtc_time now;
	struct pier_rtc_alarm a;
	struct pier_frame f = { .type = PIER_RTC_ALARM, .dst = rtc, .pktsz = sizeof(a), .pkt = &a };

	check("rtc read", pier_call_exact(rtc, PIER_RTC_READ, 0, 0, &now, sizeof(now)), PIER_OK);
	check("rtc read with data", pier_call(rtc, PIER_RTC_READ, &a, sizeof(a), 0, 0, 0),
	      PIER_E_PACKET_SIZE);
	check("rtc unknown type", pier_call(rtc, PIER_RTC_FIRED, 0, 0, 0, 0, 0), PIER_E_TYPE);
	a.ns = now.ns + 1000000000ull;
	check("alarm without a port", pier_call(rtc, PIER_RTC_ALARM, &a, sizeof(a), 0, 0, 0),
	      PIER_E_ARG);
	check("alarm port", pier_port_create(on_alarm, PRIO_ALARM, 0, 0, &alarm_port), PIER_OK);
	a.ns = now.ns - 1;
	f.grant = alarm_port;
	check("alarm in the past", pier_call_frame(&f), PIER_E_ARG);
	a.ns = 0;
	f.flags = 0;
	check("cancel granting a port", pier_call_frame(&f), PIER_E_ARG);
	a.ns = alarm_at = now.ns + 1000000000ull;
	f.flags = 0;
	check("alarm a second ahead", pier_call_frame(&f), PIER_OK);
}

static int on_flight(const struct pier_packet *pkt)
{
	struct pier_rng_read req = { .size = PIER_RNG_MAX };
	uint32_t i = 0, got = 0;

	memcpy(&i, pkt->data, sizeof(i));
	check("a call among many in flight",
	      pier_call(rng, PIER_RNG_READ, &req, sizeof(req), flight_buf[i], PIER_RNG_MAX, &got),
	      PIER_OK);
	check("256 bytes", got, PIER_RNG_MAX);
	if (++flown == FLIGHT) {
		int same = 0;

		for (int a = 0; a < FLIGHT; a++)
			for (int b = a + 1; b < FLIGHT; b++)
				same += !memcmp(flight_buf[a], flight_buf[b], PIER_RNG_MAX);
		check("every answer different", same, 0);
		alarm_checks();
	}
	return PIER_OK;
}

static void rng_checks(void)
{
	uint8_t a[PIER_RNG_MAX + 1], b[16];
	struct pier_rng_read req = { .size = 0 };

	errno = 0;
	check("getentropy 0 bytes", getentropy(a, 0), 0);
	check("getentropy 257 bytes", getentropy(a, sizeof(a)), -1);
	check("  errno EIO", errno, EIO);
	check("getentropy NULL", getentropy(NULL, 16), -1);
	check("  errno EFAULT", errno, EFAULT);
	memset(a, 0, sizeof(a));
	check("getentropy 16", getentropy(a, 16), 0);
	check("getentropy 16 again", getentropy(b, 16), 0);
	check("two draws differ", memcmp(a, b, 16) != 0, 1);
	check("getentropy 256", getentropy(a, 256), 0);
	check("not all zero", all_zero(a, 256), 0);

	check("lookup rng0", pier_lookup("rng0", &rng), PIER_OK);
	check("read 0 bytes", pier_call(rng, PIER_RNG_READ, &req, sizeof(req), a, 16, 0), PIER_E_ARG);
	req.size = PIER_RNG_MAX + 1;
	check("read 257 bytes", pier_call(rng, PIER_RNG_READ, &req, sizeof(req), a, sizeof(a), 0),
	      PIER_E_ARG);
	req.size = 0xffffffffu;
	check("read 4 GiB", pier_call(rng, PIER_RNG_READ, &req, sizeof(req), a, sizeof(a), 0),
	      PIER_E_ARG);
	check("read, short request", pier_call(rng, PIER_RNG_READ, &req, 2, a, 16, 0),
	      PIER_E_PACKET_SIZE);
	check("unknown type", pier_call(rng, PIER_RNG_READ + 7, 0, 0, 0, 0, 0), PIER_E_TYPE);
	req.size = 16;
	check("read as a send", pier_send(rng, PIER_RNG_READ, &req, sizeof(req)), PIER_OK);
	req.size = 64;
	check("reply larger than the buffer",
	      pier_call(rng, PIER_RNG_READ, &req, sizeof(req), b, sizeof(b), 0), PIER_E_REPLY_SIZE);
	check("still serving", getentropy(b, 16), 0);
}

static void clock_checks(void)
{
	struct timespec m1, m2, r;
	struct timeval tv;
	time_t t;

	check("monotonic", clock_gettime(CLOCK_MONOTONIC, &m1), 0);
	check("monotonic again", clock_gettime(CLOCK_MONOTONIC, &m2), 0);
	check("monotonic does not go back", m2.tv_sec > m1.tv_sec ||
	      (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec), 1);
	errno = 0;
	check("unknown clock", clock_gettime((clockid_t)99, &r), -1);
	check("  errno EINVAL", errno, EINVAL);
	check("NULL timespec", clock_gettime(CLOCK_REALTIME, NULL), -1);
	check("  errno EFAULT", errno, EFAULT);
	check("realtime", clock_gettime(CLOCK_REALTIME, &r), 0);
	/* 2020-01-01: QEMU's RTC follows the host clock. */
	check("realtime after 2020", r.tv_sec > 1577836800, 1);
	check("gettimeofday", gettimeofday(&tv, NULL), 0);
	check("gettimeofday agrees", tv.tv_sec - r.tv_sec <= 1 && tv.tv_sec >= r.tv_sec, 1);
	t = time(NULL);
	check("time agrees", t - r.tv_sec <= 1 && t >= r.tv_sec, 1);
	check("lookup rtc0", pier_lookup("rtc0", &rtc), PIER_OK);
}

/* rtc0 may not be looked up: the wall clock fails with EPERM, monotonic works. */
static void denied_checks(void)
{
	struct timespec ts;
	struct timeval tv;

	check("monotonic", clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	errno = 0;
	check("realtime without rtc0", clock_gettime(CLOCK_REALTIME, &ts), -1);
	check("  errno EPERM", errno, EPERM);
	errno = 0;
	check("gettimeofday without rtc0", gettimeofday(&tv, NULL), -1);
	check("  errno EPERM", errno, EPERM);
	errno = 0;
	check("time without rtc0", (long)time(NULL), -1);
	check("  errno EPERM", errno, EPERM);
	check("lookup rtc0 refused", pier_lookup("rtc0", &rtc), PIER_E_RIGHTS);
}

/* rng0's entry in init's list of services. */
static int rng_service(struct pier_service_info *out)
{
	struct pier_names_list req = { 0 };
	int rc;

	for (; (rc = pier_call_exact(PIER_H_PARENT, PIER_NAMES_LIST, &req, sizeof(req),
				     out, sizeof(*out))) == PIER_OK; req.index++)
		if (strcmp(out->name, "rng0") == 0)
			return PIER_OK;
	return rc;
}

static uint64_t quarantined(void)
{
	struct pier_meminfo m = { 0 };

	pier_meminfo(&m);
	return m.quarantined_pages;
}

static void restart_checks(void)
{
	struct pier_service_info si;
	struct pier_time t0, t;
	uint8_t a[16], b[16];

	check("getentropy before", getentropy(a, sizeof(a)), 0);
	check("lookup rng0", pier_lookup("rng0", &rng), PIER_OK);
	check("rng0 listed", rng_service(&si), PIER_OK);
	check("nothing quarantined yet", (long)quarantined(), 0);
	check("kill the driver", pier_kill(si.space), PIER_OK);
	/* Its queue (2 pages) and slots (1) wait for a device reset. */
	check("its DMA memory quarantined", quarantined() >= 3, 1);
	pier_time_now(&t0);
	/* init restarts it after its backoff (100 ms): wait at most 2 s. */
	do {
		pier_time_now(&t);
		if (rng_service(&si) == PIER_OK && si.restarts == 1 &&
		    si.state == PIER_SERVICE_READY)
			break;
	} while (t.ns - t0.ns < 2000000000ull);
	check("restarted and ready", si.restarts == 1 && si.state == PIER_SERVICE_READY, 1);
	check("its reset freed the quarantine", (long)quarantined(), 0);
	check("the old handle serves again", getentropy(b, sizeof(b)), 0);
	check("new bytes", memcmp(a, b, sizeof(a)) != 0, 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "restart") == 0) {
		restart_checks();
		finish();
	}
	if (argc > 1 && strcmp(argv[1], "denied") == 0) {
		uint8_t b[16];

		denied_checks();
		check("getentropy still works", getentropy(b, sizeof(b)), 0);
		finish();
	}
	clock_checks();
	if (argc > 1 && strcmp(argv[1], "norng") == 0) {
		uint8_t b[16];

		errno = 0;
		check("getentropy without rng0", getentropy(b, sizeof(b)), -1);
		check("  errno ENOSYS", errno, ENOSYS);
		finish();
	}
	rng_checks();
	for (uint32_t i = 0; i < FLIGHT; i++) {
		check("flight port", pier_port_create(on_flight, PRIO_FLIGHT, 0, 0, &flight_port[i]),
		      PIER_OK);
		pier_send(flight_port[i], 1, &i, sizeof(i));
	}
	return 0;
}
