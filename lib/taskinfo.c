/* Task port wrappers for supervisors: spaces and ports, kill, memory, the device tree, devices. */
#include <libpier.h>

/* A call whose reply must be exactly replysz bytes (0: no reply data). */
static int exact_call(uint32_t type, const void *req, uint32_t size,
		      void *reply, uint32_t replysz)
{
	uint32_t got;
	int rc = pier_call(PIER_H_TASK, type, req, size, reply, replysz, &got);

	if (rc == PIER_OK && got != replysz)
		return PIER_E_PACKET_SIZE;	/* a kernel out of step with us */
	return rc;
}

int pier_space_info(uint32_t index, struct pier_space_info *out)
{
	struct pier_list_req req = { .index = index };

	return exact_call(PIER_TASK_SPACES, &req, sizeof(req), out, sizeof(*out));
}

int pier_port_info(uint64_t space, uint32_t index, struct pier_port_info *out)
{
	struct pier_list_req req = { .space = space, .index = index };

	return exact_call(PIER_TASK_PORTS, &req, sizeof(req), out, sizeof(*out));
}

int pier_kill(uint64_t space)
{
	struct pier_kill_req req = { .space = space };

	return exact_call(PIER_TASK_KILL, &req, sizeof(req), 0, 0);
}

int pier_meminfo(struct pier_meminfo *out)
{
	return exact_call(PIER_TASK_MEMINFO, 0, 0, out, sizeof(*out));
}

/* The blob comes a reply at a time, like a boot file without a name. */
int pier_dtb_read(uint32_t offset, void *buf, uint32_t size, uint32_t *got)
{
	struct pier_bootfile_req req = { .offset = offset };

	*got = 0;
	return pier_call(PIER_H_TASK, PIER_TASK_DTB, &req, sizeof(req),
			 buf, size, got);
}

int pier_device_create(uint64_t base, uint64_t size, uint32_t irq,
		       uint32_t *handle)
{
	struct pier_device req = { .base = base, .size = size, .irq = irq };
	struct pier_port_created out;
	int rc = exact_call(PIER_TASK_DEVICE, &req, sizeof(req), &out, sizeof(out));

	if (rc == PIER_OK)
		*handle = out.handle;
	return rc;
}
