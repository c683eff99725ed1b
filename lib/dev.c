/* The timer port and device handles: each request is one call, answered inline by the kernel. */
#include <libpier.h>

/* A call whose reply must be exactly replysz bytes (0: no reply data). */
static int exact_call(uint32_t dst, uint32_t type, const void *req,
		      uint32_t size, void *reply, uint32_t replysz)
{
	uint32_t got;
	int rc = pier_call(dst, type, req, size, reply, replysz, &got);

	if (rc == PIER_OK && got != replysz)
		return PIER_E_PACKET_SIZE;
	return rc;
}

int pier_time_now(struct pier_time *t)
{
	return exact_call(PIER_H_TIMER, PIER_TIMER_NOW, 0, 0, t, sizeof(*t));
}

int pier_timer_set(uint32_t port, uint32_t flags, uint64_t when,
		   uint64_t period, uint64_t cookie, uint64_t *id)
{
	struct pier_timer_set req = {
		.port = port, .flags = flags, .when = when,
		.period = period, .cookie = cookie,
	};
	struct pier_timer_id out;
	int rc = exact_call(PIER_H_TIMER, PIER_TIMER_SET, &req, sizeof(req),
			    &out, sizeof(out));

	if (rc == PIER_OK && id)
		*id = out.id;
	return rc;
}

int pier_timer_cancel(uint64_t id)
{
	struct pier_timer_id req = { .id = id };

	return exact_call(PIER_H_TIMER, PIER_TIMER_CANCEL, &req, sizeof(req), 0, 0);
}

int pier_dev_info(uint32_t dev, struct pier_device *out)
{
	return exact_call(dev, PIER_DEV_INFO, 0, 0, out, sizeof(*out));
}

int pier_dev_map(uint32_t dev, volatile void **va)
{
	struct pier_dev_mapped out;
	int rc = exact_call(dev, PIER_DEV_MAP, 0, 0, &out, sizeof(out));

	if (rc == PIER_OK)
		*va = (volatile void *)(uintptr_t)out.va;
	return rc;
}

int pier_dev_irq_bind(uint32_t dev, uint32_t port)
{
	struct pier_dev_irq_bind req = { .port = port };

	return exact_call(dev, PIER_DEV_IRQ_BIND, &req, sizeof(req), 0, 0);
}

int pier_dev_irq_ack(uint32_t dev)
{
	return exact_call(dev, PIER_DEV_IRQ_ACK, 0, 0, 0, 0);
}

int pier_dev_irq_mask(uint32_t dev)
{
	return exact_call(dev, PIER_DEV_IRQ_MASK, 0, 0, 0, 0);
}

int pier_dev_irq_unmask(uint32_t dev)
{
	return exact_call(dev, PIER_DEV_IRQ_UNMASK, 0, 0, 0, 0);
}
