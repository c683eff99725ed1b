/* The timer port and device handles: each request is one call, answered inline by the kernel. */
#include <libpier.h>

int pier_time_now(struct pier_time *t)
{
	return pier_call_exact(PIER_H_TIMER, PIER_TIMER_NOW, 0, 0, t, sizeof(*t));
}

int pier_timer_set(uint32_t port, uint32_t flags, uint64_t when,
		   uint64_t period, uint64_t cookie, uint64_t *id)
{
	struct pier_timer_set req = {
		.port = port, .flags = flags, .when = when,
		.period = period, .cookie = cookie,
	};
	struct pier_timer_id out;
	int rc = pier_call_exact(PIER_H_TIMER, PIER_TIMER_SET, &req, sizeof(req),
			    &out, sizeof(out));

	if (rc == PIER_OK && id)
		*id = out.id;
	return rc;
}

int pier_timer_cancel(uint64_t id)
{
	struct pier_timer_id req = { .id = id };

	return pier_call_exact(PIER_H_TIMER, PIER_TIMER_CANCEL, &req, sizeof(req), 0, 0);
}

/* Requests that name a range or an interrupt carry its index. */
static int dev_index(uint32_t dev, uint32_t type, uint32_t index)
{
	struct pier_dev_index req = { .index = index };

	return pier_call_exact(dev, type, &req, sizeof(req), 0, 0);
}

int pier_dev_info_all(uint32_t dev, struct pier_device_info *out)
{
	return pier_call_exact(dev, PIER_DEV_INFO, 0, 0, out, sizeof(*out));
}

int pier_dev_map_index(uint32_t dev, uint32_t index, volatile void **va)
{
	struct pier_dev_index req = { .index = index };
	struct pier_dev_mapped out;
	int rc = pier_call_exact(dev, PIER_DEV_MAP, &req, sizeof(req), &out, sizeof(out));

	if (rc == PIER_OK)
		*va = (volatile void *)(uintptr_t)out.va;
	return rc;
}

int pier_dev_map(uint32_t dev, volatile void **va)
{
	return pier_dev_map_index(dev, 0, va);
}

int pier_dev_irq_bind_index(uint32_t dev, uint32_t index, uint32_t port)
{
	struct pier_dev_irq_bind req = { .port = port, .index = index };

	return pier_call_exact(dev, PIER_DEV_IRQ_BIND, &req, sizeof(req), 0, 0);
}

int pier_dev_irq_bind(uint32_t dev, uint32_t port)
{
	return pier_dev_irq_bind_index(dev, 0, port);
}

int pier_dev_irq_ack_index(uint32_t dev, uint32_t index)
{
	return dev_index(dev, PIER_DEV_IRQ_ACK, index);
}

/* Index 0 without data: the cheapest request, sent once per interrupt,
 * so its frame is made here rather than through pier_call_exact. */
int pier_dev_irq_ack(uint32_t dev)
{
	struct pier_frame f = {
		.frmsz = sizeof(f), .flags = PIER_OP_CALL, .type = PIER_DEV_IRQ_ACK, .dst = dev,
	};
	int rc = pier_ecall(&f);

	return rc == PIER_OK && f.rsz ? PIER_E_PACKET_SIZE : rc;
}

int pier_dev_irq_mask(uint32_t dev)
{
	return dev_index(dev, PIER_DEV_IRQ_MASK, 0);
}

int pier_dev_irq_unmask(uint32_t dev)
{
	return dev_index(dev, PIER_DEV_IRQ_UNMASK, 0);
}
