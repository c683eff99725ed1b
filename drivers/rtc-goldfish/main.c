/* rtc-goldfish: serves "rtc0" (pier/rtc.h) from a Goldfish RTC; the glue around goldfish_rtc.c. */

/*
 * init starts it for a "google,goldfish-rtc" node with that node's device
 * handle (pier_my_device). PIER_RTC_READ answers at once from the clock
 * registers. PIER_RTC_ALARM keeps the port it grants and arms the
 * device's one alarm; the alarm's interrupt sends PIER_RTC_FIRED there
 * and forgets the port. The interrupt is bound to the service port
 * itself, so one port owns the registers and the alarm port: no lock. A
 * restarted instance disarms whatever alarm the last one left
 * (goldfish_rtc_init): its port went with it.
 */
#include <stdio.h>
#include <string.h>
#include <libpier.h>
#include <pier/rtc.h>
#include "goldfish_rtc.h"

#define PRIO 20

/* The name this driver serves. */
static const char *service = "rtc0";

static uint32_t dev, svc_port;
static struct goldfish_rtc rtc;
static uint32_t alarm_port;      /* where PIER_RTC_FIRED goes; 0: no alarm */

static void alarm_drop(void)
{
	if (alarm_port)
		(void)pier_handle_drop(alarm_port);
	alarm_port = 0;
}

static int on_irq(void)
{
	if (goldfish_rtc_irq(&rtc) && alarm_port) {
		struct pier_rtc_time t = { goldfish_rtc_read(&rtc) };

		/* A full or gone port loses its alarm: the client's to mind. */
		(void)pier_send(alarm_port, PIER_RTC_FIRED, &t, sizeof(t));
		alarm_drop();
	}
	(void)pier_dev_irq_ack_index(dev, 0);
	return PIER_OK;
}

static int alarm(const struct pier_packet *pkt)
{
	struct pier_rtc_alarm req;

	if (pkt->size != sizeof(req))
		return PIER_E_PACKET_SIZE;
	memcpy(&req, pkt->data, sizeof(req));
	if (req.ns == 0) {
		if (pkt->handle)       /* a port with no time: not a cancel */
			return PIER_E_ARG;
		goldfish_rtc_cancel(&rtc);
		alarm_drop();
		return PIER_OK;
	}
	if (!pkt->handle)
		return PIER_E_ARG;
	if (req.ns <= goldfish_rtc_read(&rtc))
		return PIER_E_ARG;
	goldfish_rtc_cancel(&rtc);
	alarm_drop();
	alarm_port = pier_handle_take(pkt);
	goldfish_rtc_alarm(&rtc, req.ns);
	return PIER_OK;
}

static int on_rtc(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case PIER_MSG_IRQ:
		return on_irq();
	case PIER_HELLO: {
		struct pier_hello h = { PIER_PROTO_RTC, 0 };

		return pier_reply(PIER_HELLO, &h, sizeof(h));
	}
	case PIER_RTC_READ: {
		struct pier_rtc_time t;

		if (pkt->size != 0)
			return PIER_E_PACKET_SIZE;
		t.ns = goldfish_rtc_read(&rtc);
		return pier_reply(PIER_RTC_READ, &t, sizeof(t));
	}
	case PIER_RTC_ALARM:
		return alarm(pkt);
	}
	return PIER_E_TYPE;
}

static int setup(void)
{
	volatile void *regs;
	int rc;

	if ((rc = pier_my_device(&dev)) != PIER_OK ||
	    (rc = pier_dev_map_index(dev, 0, &regs)) != PIER_OK)
		return rc;
	goldfish_rtc_init(&rtc, (uintptr_t)regs);
	if ((rc = pier_serve(service, on_rtc, PRIO, PIER_PORT_GRANTS, &svc_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind_index(dev, 0, svc_port)) != PIER_OK)
		return rc;
	return pier_serve_ready(service);
}

int main(int argc, char **argv)
{
	/* init names the service ("rtc0", "rtc1", ... one per device); started by hand, rtc0. */
	if (argc > 1)
		service = argv[1];
	int rc = setup();

	if (rc != PIER_OK) {
		printf("rtc-goldfish: %s\n", pier_strerror(rc));
		return 1;
	}
	return 0;
}
