/* Task port wrappers for supervisors: spaces and ports, kill, memory, the device tree, devices. */
#include <libpier.h>

int pier_space_info(uint32_t index, struct pier_space_info *out)
{
	struct pier_list_req req = { .index = index };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_SPACES, &req, sizeof(req), out, sizeof(*out));
}

int pier_port_info(uint64_t space, uint32_t index, struct pier_port_info *out)
{
	struct pier_list_req req = { .space = space, .index = index };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_PORTS, &req, sizeof(req), out, sizeof(*out));
}

int pier_self(struct pier_self *out)
{
	return pier_call_exact(PIER_H_TASK, PIER_TASK_SELF, 0, 0, out, sizeof(*out));
}

int pier_kill(uint64_t space)
{
	struct pier_kill_req req = { .space = space };

	return pier_call_exact(PIER_H_TASK, PIER_TASK_KILL, &req, sizeof(req), 0, 0);
}

int pier_meminfo(struct pier_meminfo *out)
{
	return pier_call_exact(PIER_H_TASK, PIER_TASK_MEMINFO, 0, 0, out, sizeof(*out));
}

/* The blob comes a reply at a time, like a boot file without a name. */
int pier_dtb_read(uint32_t offset, void *buf, uint32_t size, uint32_t *got)
{
	struct pier_bootfile_req req = { .offset = offset };

	*got = 0;
	return pier_call(PIER_H_TASK, PIER_TASK_DTB, &req, sizeof(req),
			 buf, size, got);
}

int pier_device_create_req(const struct pier_device_req *req, uint32_t *handle)
{
	struct pier_port_created out;
	int rc = pier_call_exact(PIER_H_TASK, PIER_TASK_DEVICE, req, sizeof(*req), &out, sizeof(out));

	if (rc == PIER_OK)
		*handle = out.handle;
	return rc;
}

/* One range, at most one interrupt, the root as node: what init asked for before whole devices. */
int pier_device_create(uint64_t base, uint64_t size, uint32_t irq,
		       uint32_t *handle)
{
	struct pier_device_req req = { .nranges = 1, .nirqs = irq ? 1 : 0 };

	req.range[0] = (struct pier_dev_range){ .base = base, .size = size };
	req.irq[0] = irq;
	return pier_device_create_req(&req, handle);
}
