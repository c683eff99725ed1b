/* init's devices: every node the driver table or the manifest names gets a device handle and a driver record. */

/*
 * The device tree comes through the task port (lib/dt.c) and is read with
 * the shared reader (lib/fdt/). Each enabled node is bound at most once:
 * first to the manifest's dev= lines (each takes the first unbound node
 * with its compatible string), then to the driver table
 * (drivers_table.c). A binding is a device handle covering every register
 * range and every PLIC interrupt of the node (PIER_TASK_DEVICE), which
 * init keeps for the driver's whole life, restarts included, and a
 * record for the driver (progs.c). A virtio,mmio node is bound by the
 * device ID init reads from the slot's registers.
 */
#include <stdio.h>
#include <string.h>
#include <dt.h>
#include "init.h"
#include "drivers_table.h"

#define PATH_MAX_ 64

static const struct fdt *fdt;

int devices_load(void)
{
	return dt_get(&fdt);
}

const char *devices_nobind;

/* Is program named in devices_nobind (names split by ',' or ':')? */
static bool nobind(const char *program)
{
	size_t k = strlen(program);

	for (const char *w = devices_nobind; w && *w; w += strcspn(w, ",:"), w += *w != 0)
		if (strncmp(w, program, k) == 0 && (w[k] == 0 || w[k] == ',' || w[k] == ':'))
			return true;
	return false;
}

bool bootfile_exists(const char *name)
{
	char b;
	uint32_t got;

	return pier_bootfile(name, 0, &b, 1, &got) == PIER_OK;
}

static bool is_plic(int node)
{
	return fdt_compatible(fdt, node, "riscv,plic0") ||
	       fdt_compatible(fdt, node, "sifive,plic-1.0.0");
}

static const char *path_of(int node)
{
	static char path[PATH_MAX_];

	if (fdt_path(fdt, node, path, sizeof(path)) < 0)
		snprintf(path, sizeof(path), "node %d", node);
	return path;
}

/* Every non-empty reg range and every interrupt routed to the PLIC. */
static int device_req(int node, uint32_t flags, struct pier_device_req *req)
{
	uint64_t base, size;
	uint32_t irq;
	int rc, ctl;

	memset(req, 0, sizeof(*req));
	req->flags = flags;
	req->node = (uint32_t)node;
	/* Bounded by the property's length: fdt_reg fails past its last entry. */
	for (uint32_t i = 0; (rc = fdt_reg(fdt, node, i, &base, &size)) == 0; i++) {
		if (size == 0)
			continue;
		if (req->nranges == PIER_DEV_RANGES_MAX)
			return PIER_E_LIMIT;
		req->range[req->nranges].base = base;
		req->range[req->nranges++].size = size;
	}
	if (rc != FDT_E_NOTFOUND || req->nranges == 0)
		return rc == FDT_E_NOTFOUND ? PIER_E_NOENT : rc;
	for (uint32_t i = 0; (rc = fdt_irq(fdt, node, i, &irq, &ctl)) == 0; i++) {
		if (!is_plic(ctl) || irq == 0)
			continue;	/* a hart-local cause, not a source init can give */
		if (req->nirqs == PIER_DEV_IRQS_MAX)
			return PIER_E_LIMIT;
		req->irq[req->nirqs++] = irq;
	}
	return rc == FDT_E_NOTFOUND ? PIER_OK : rc;
}

static bool node_bound(int node)
{
	for (int i = 0; i < nprogs; i++)
		if (progs[i].node == node)
			return true;
	return false;
}

static int bind(struct prog *p, int node, uint32_t flags)
{
	struct pier_device_req req;
	int rc = device_req(node, flags, &req);

	/* device_req's errors may be FDT_E_* codes, which share numbers with
	 * PIER_E_*: say which step failed rather than a wrong text. */
	if (rc != PIER_OK) {
		printf("init: cannot read the ranges and interrupts of %s (%d)\n",
		       path_of(node), rc);
		return rc;
	}
	if ((rc = pier_device_create_req(&req, &p->dev)) != PIER_OK) {
		printf("init: no device handle for %s: %s\n", path_of(node), pier_strerror(rc));
		return rc;
	}
	p->node = node;
	p->dma = flags & PIER_DEVICE_DMA;
	return PIER_OK;
}

void devices_claim(struct prog *p)
{
	int n;

	for (n = fdt ? fdt->root : -1; n >= 0; n = fdt_walk(fdt, n, NULL))
		if (fdt_okay(fdt, n) && fdt_compatible(fdt, n, p->dev_compat) &&
		    !node_bound(n))
			break;
	if (n < 0) {
		printf("init: no device %s for %s\n", p->dev_compat, p->cmd);
		p->off = true;
	} else if (bind(p, n, 0) != PIER_OK) {
		p->off = true;
	}
}

/* The device ID in a virtio-mmio slot, read through a handle of its registers alone. */
static int virtio_id(int node, uint32_t *id)
{
	struct pier_device_req req;
	volatile uint32_t *r;
	uint32_t h;
	int rc = device_req(node, 0, &req);

	if (rc != PIER_OK)
		return PIER_E_ARG;	/* an FDT_E_* code: the node's reg is unreadable */
	req.nirqs = 0;	/* the real handle, made next, takes the interrupt */
	if ((rc = pier_device_create_req(&req, &h)) != PIER_OK)
		return rc;
	/* The mapping stays in init's space (device pages cannot be unmapped):
	 * one page per slot, read once. */
	rc = pier_dev_map(h, (volatile void **)&r);
	if (rc == PIER_OK && r[VIRTIO_MMIO_REG_MAGIC / 4] != VIRTIO_MMIO_MAGIC)
		rc = PIER_E_NOENT;
	if (rc == PIER_OK)
		*id = r[VIRTIO_MMIO_REG_ID / 4];
	pier_handle_drop(h);
	return rc;
}

/*
 * A device on a bus another driver serves (DRV_BUSCHILD): the parent node
 * must be bound to a program serving a service (walked before the child:
 * fdt_walk goes parents first). No device handle: the child reaches its
 * device only through that service, which it may look up.
 */
static int bus_child(struct prog *p, int node, const char *program, const char *name)
{
	int parent = fdt_parent(fdt, node);
	uint32_t addr, hz;

	for (int i = 0; i < nprogs; i++) {
		const struct prog *bus = &progs[i];

		if (bus == p || bus->node != parent || parent < 0 || bus->service < 0)
			continue;
		if (fdt_prop_u32(fdt, node, "reg", &addr) != 0) {
			printf("init: %s has no reg on its bus\n", path_of(node));
			return PIER_E_ARG;
		}
		int n = snprintf(p->cmd, sizeof(p->cmd), "%s %s %s %u", program, name,
				 services[bus->service].name, (unsigned)addr);
		/* Its rate, if the tree says: the driver asks no faster. */
		if (fdt_prop_u32(fdt, node, "spi-max-frequency", &hz) == 0 && n > 0 &&
		    (size_t)n < sizeof(p->cmd))
			snprintf(p->cmd + n, sizeof(p->cmd) - (size_t)n, " %u", (unsigned)hz);
		snprintf(p->lookup, sizeof(p->lookup), "console,%s",
			 services[bus->service].name);
		p->node = node;
		return PIER_OK;
	}
	printf("init: %s: its bus has no driver\n", path_of(node));
	return PIER_E_NOENT;
}

/* A record for a driver of node, its service named prefix + number. */
static void add_driver(int node, const struct driver *d, const char *compat)
{
	struct prog *p;
	char name[PIER_NAME_MAX + 1];
	size_t k = strlen(d->service);
	unsigned num = 0;

	if (nobind(d->program)) {
		printf("init: %s (%s) wants %s, left unbound (nobind=)\n",
		       path_of(node), compat, d->program);
		return;
	}
	if (!bootfile_exists(d->program)) {
		printf("init: %s (%s) wants %s, not in the boot image; skipped\n",
		       path_of(node), compat, d->program);
		return;
	}
	if ((p = prog_new()) == NULL) {
		printf("init: too many programs; %s not bound\n", path_of(node));
		return;
	}
	p->prio = PIER_PRIO_DEFAULT;
	p->max_prio = PRIO_DRIVER_MAX;
	p->restart = d->restart ? d->restart : RESTART_ALWAYS;
	p->restart_max = d->restart_max;
	p->backoff_ms = d->restart ? d->backoff_ms : BACKOFF_DRIVER_MS;
	if (d->flags & DRV_STDOUT) {
		snprintf(name, sizeof(name), "%s", d->service);
	} else {
		/* The next number of this prefix: rtc0, rtc1, ... in node order. */
		for (int i = 0; i < nservices; i++)
			num += strncmp(services[i].name, d->service, k) == 0 &&
			       services[i].name[k] >= '0' && services[i].name[k] <= '9';
		snprintf(name, sizeof(name), "%s%u", d->service, num);
	}
	if (d->flags & DRV_BUSCHILD) {
		if (bus_child(p, node, d->program, name) != PIER_OK) {
			p->off = true;
			return;
		}
	} else if (bind(p, node, d->flags & DRV_DMA ? PIER_DEVICE_DMA : 0) != PIER_OK) {
		p->off = true;
		return;
	} else if (d->flags & DRV_NAMEARG) {
		snprintf(p->cmd, sizeof(p->cmd), "%s %s", d->program, name);
	} else {
		snprintf(p->cmd, sizeof(p->cmd), "%s", d->program);
	}
	if ((p->service = service_new(name, (int)(p - progs))) < 0) {
		printf("init: no service %s for %s\n", name, path_of(node));
		p->off = true;
		return;
	}
	printf("init: %s (%s) -> %s as %s\n", path_of(node), compat, d->program, name);
}

void devices_bind(void)
{
	const struct driver *d;
	const void *v;
	uint32_t len, id, empty = 0;
	int n, out, rc;

	if (!fdt)
		return;
	out = fdt_stdout(fdt);
	for (n = fdt->root; n >= 0; n = fdt_walk(fdt, n, NULL)) {
		if (!fdt_okay(fdt, n) || node_bound(n) ||
		    fdt_prop(fdt, n, "compatible", &v, &len) < 0 ||
		    (d = drivers_match(v, len, n == out)) == NULL)
			continue;
		if (d->flags & DRV_VIRTIO) {
			if ((rc = virtio_id(n, &id)) != PIER_OK) {
				printf("init: cannot read virtio slot %s: %s\n", path_of(n),
				       pier_strerror(rc));
				continue;
			}
			if (id == VIRTIO_ID_EMPTY) {
				empty++;
				continue;
			}
			if ((d = drivers_virtio(id)) == NULL) {
				printf("init: %s: no driver for virtio device %u\n", path_of(n),
				       (unsigned)id);
				continue;
			}
		}
		add_driver(n, d, d->compat);
	}
	if (empty)
		printf("init: %u virtio-mmio slots empty\n", (unsigned)empty);
}

struct prog *devices_console(void)
{
	for (int i = 0; i < nservices; i++)
		if (strcmp(services[i].name, "console") == 0 && services[i].prog >= 0)
			return &progs[services[i].prog];
	return NULL;
}
