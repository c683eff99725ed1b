/* irqret: a return that answers a held call and acknowledges an interrupt (PIER_F_ACK); a refused half does neither. */

/*
 * The device is QEMU virt's goldfish RTC (dev= in
 * tests/qemu/manifests/irqret.manifest): an alarm in the past fires at
 * once, its line level-triggered until CLEAR_INTERRUPT. One port, H, is
 * both a server and the interrupt's port, as a disk driver's is.
 *  1. A client calls H, which holds the call. Outside an interrupt, the
 *     acknowledging return is refused PIER_E_STATE (nothing outstanding)
 *     and the call stays held.
 *  2. The alarm fires: in H's interrupt activation every bad half is
 *     refused with its status, the other half not done either: a token
 *     never given, another port's token, a device handle that is none, a
 *     handle that is not a device, one without the send right, an index
 *     past the device's, the flag without PIER_F_HELD or with a reply.
 *     Then the good one answers the client (status, type, data) and
 *     acknowledges, by the slow path (a packet waits at H). Had a
 *     refusal acknowledged, this one would be refused PIER_E_STATE.
 *  3. The client calls again, held; the next alarm's packet arrives,
 *     which proves the acknowledge; the good return answers and
 *     acknowledges again, by the fast path (nothing waits), and a third
 *     alarm's packet proves that.
 */
#include <stdio.h>
#include <libpier.h>

enum { ALARM_LOW = 0x08, ALARM_HIGH = 0x0c, IRQ_ENABLED = 0x10, CLEAR_INTERRUPT = 0x1c };
#define MSG_CALL 1
#define MSG_OUTSIDE 2
#define MSG_NOP 3

static volatile uint32_t *rtc;
static uint32_t dev, dev_norights, h_port, s2_port, x_port, client_port, dir_port;
static int token, s2_token, irqs, after_return, fails, checks;
static volatile int answered;   /* the director spins on it: H preempts it */

static void wr(uint32_t off, uint32_t v) { rtc[off / 4] = v; }

static void check(const char *what, int got, int want)
{
	checks++;
	if (got != want) {
		printf("irqret: FAIL %s: got %d want %d\n", what, got, want);
		fails++;
	}
}

static void alarm_now(void)
{
	wr(IRQ_ENABLED, 1);
	wr(ALARM_HIGH, 0);
	wr(ALARM_LOW, 0);       /* in the past: fires now */
}

/* The alarm's packet comes when QEMU's timer runs: wait for H's answer. */
static void wait_answered(int n)
{
	while (answered < n)
		;
}

/* The frame pier_return_token_ack makes, with any flags and fields. */
static int raw(uint16_t flags, uint32_t tok, uint32_t grant, uint32_t index)
{
	static uint32_t v = 0x1234;
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = flags, .type = 0x70, .dst = tok, .pkt = &v,
		.pktsz = sizeof(v), .grant = grant, .status = -33, .rbufsz = index,
	};

	return pier_ecall(&f);
}

static void hostile(void)
{
	const uint16_t rha = PIER_OP_RETURN | PIER_F_HELD | PIER_F_ACK;
	uint32_t t = (uint32_t)token;

	check("a token never given", raw(rha, 0x7ffffff0u, dev, 0), PIER_E_STATE);
	check("another port's token", raw(rha, (uint32_t)s2_token, dev, 0), PIER_E_STATE);
	check("no such handle", raw(rha, t, 999, 0), PIER_E_HANDLE);
	check("a handle that is not a device", raw(rha, t, s2_port, 0), PIER_E_ARG);
	check("a device handle without the send right", raw(rha, t, dev_norights, 0),
	      PIER_E_RIGHTS);
	check("an interrupt the device does not have", raw(rha, t, dev, 1), PIER_E_ARG);
	check("the acknowledge without a held answer",
	      raw(PIER_OP_RETURN | PIER_F_ACK, t, dev, 0), PIER_E_FLAGS);
	check("the acknowledge with a reply", raw(PIER_OP_REPLY | PIER_F_HELD | PIER_F_ACK, t, dev, 0),
	      PIER_E_FLAGS);
	check("the acknowledge with a hold",
	      raw(rha | PIER_F_HOLD, t, dev, 0), PIER_E_FLAGS);
	check("nothing answered by the refusals", answered, 0);
	/* Both halves good: answered, acknowledged, ended; a packet waiting
	 * at H keeps the fast path out. */
	check("a packet to wait at H", pier_send(h_port, MSG_NOP, NULL, 0), PIER_OK);
	raw(rha, t, dev, 0);
	after_return = 1;
}

static int on_h(const struct pier_packet *pkt)
{
	switch (pkt->type) {
	case MSG_CALL:
		token = pier_hold();
		check("hold", token > 0, 1);
		return PIER_OK;
	case MSG_OUTSIDE:
		/* No interrupt outstanding: refused, and the call stays held. */
		check("no interrupt outstanding",
		      raw(PIER_OP_RETURN | PIER_F_HELD | PIER_F_ACK, (uint32_t)token, dev, 0),
		      PIER_E_STATE);
		return PIER_OK;
	case MSG_NOP:
		return PIER_OK;
	case PIER_MSG_IRQ:
		wr(CLEAR_INTERRUPT, 1);
		if (++irqs == 1) {
			hostile();
			return PIER_OK;
		}
		if (irqs == 2) {        /* the first was acknowledged */
			raw(PIER_OP_RETURN | PIER_F_HELD | PIER_F_ACK, (uint32_t)token, dev, 0);
			after_return = 1;
			return PIER_OK;
		}
		/* The third alarm came: the second was acknowledged once. */
		check("the interrupt was acknowledged", pier_dev_irq_ack(dev), PIER_OK);
		check("the client answered twice", answered, 2);
		check("no return came back", after_return, 0);
		printf("irqret: %d checks, %d failed\n", checks, fails);
		printf("irqret: done\n");
		pier_exit(fails);
	}
	return PIER_E_TYPE;
}

static int on_client(const struct pier_packet *pkt)
{
	uint32_t v = 0;
	struct pier_frame f = { .type = MSG_CALL, .dst = h_port, .rbuf = &v, .rbufsz = sizeof(v) };

	(void)pkt;
	check("the client's status", pier_call_frame(&f), -33);
	check("its data", (int)v, 0x1234);
	check("its type", (int)f.rtype, 0x70);
	answered++;
	return 0;
}

/* S2 holds X's call: a token of another port. */
static int on_s2(const struct pier_packet *pkt)
{
	(void)pkt;
	s2_token = pier_hold();
	return PIER_OK;
}

static int on_x(const struct pier_packet *pkt)
{
	(void)pkt;
	pier_call(s2_port, MSG_CALL, NULL, 0, NULL, 0, NULL);   /* held until the exit */
	return 0;
}

static int on_dir(const struct pier_packet *pkt)
{
	(void)pkt;
	check("X calls S2", pier_send(x_port, 0, NULL, 0), PIER_OK);
	check("S2 holds", s2_token > 0, 1);
	check("the client calls H", pier_send(client_port, 0, NULL, 0), PIER_OK);
	check("H holds", token > 0, 1);
	check("H outside an interrupt", pier_send(h_port, MSG_OUTSIDE, NULL, 0), PIER_OK);
	check("still held", answered, 0);
	alarm_now();            /* H runs above us when it fires: 2. */
	wait_answered(1);
	check("the client calls H again", pier_send(client_port, 0, NULL, 0), PIER_OK);
	alarm_now();            /* 3: the fast path */
	wait_answered(2);
	alarm_now();            /* its packet proves the acknowledge; the test ends there */
	return PIER_OK;
}

int main(void)
{
	volatile void *regs;
	int rc;

	if ((rc = pier_my_device(&dev)) != PIER_OK ||
	    (rc = pier_dev_map(dev, &regs)) != PIER_OK ||
	    (rc = pier_handle_derive(dev, PIER_R_GRANT, &dev_norights)) != PIER_OK ||
	    (rc = pier_port_create(on_h, 20, 0, 0, &h_port)) != PIER_OK ||
	    (rc = pier_port_create(on_s2, 20, 0, 0, &s2_port)) != PIER_OK ||
	    (rc = pier_port_create(on_x, 22, 0, 0, &x_port)) != PIER_OK ||
	    (rc = pier_port_create(on_client, 22, 0, 0, &client_port)) != PIER_OK ||
	    (rc = pier_port_create(on_dir, 2, 0, 0, &dir_port)) != PIER_OK ||
	    (rc = pier_dev_irq_bind(dev, h_port)) != PIER_OK) {
		printf("irqret: FAIL setup: %s\n", pier_strerror(rc));
		return 1;
	}
	rtc = (volatile uint32_t *)regs;
	return pier_send(dir_port, 0, NULL, 0);
}
