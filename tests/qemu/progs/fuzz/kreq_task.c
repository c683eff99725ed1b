/* fuzz: hostile but well-formed requests to the task port. */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

#define KERNEL_VA 0xffffffc080200000ull

static int req(uint32_t type, const void *r, uint32_t size, void *reply, uint32_t replymax,
	       uint32_t answer, int how, int *made)
{
	struct fz_kr k = { .dst = PIER_H_TASK, .type = type, .req = r, .size = size,
			   .reply = reply, .replymax = replymax, .answer = answer, .how = how };
	int rc;

	/* Requests with a fixed outcome keep their size and packet. */
	k.exact = type == PIER_TASK_SHUTDOWN || type == PIER_TASK_EXIT || type == PIER_TASK_KILL;
	rc = fz_kreq(&k);

	if (made)
		*made = k.how;
	return rc;
}

static void expect(const char *what, int rc, int how, int want)
{
	if (how != KREQ_ANSWER && rc != want)
		fz_fail("%s: got %d want %d", what, rc, want);
}

/* A port with random settings; a handler of ours unless the entry is one the kernel must refuse. */
static void port_create(void)
{
	int slot = fz_slot_free(), bad_entry = chance(5), how;
	struct pier_port_create r = {
		.entry = bad_entry ? PICK64(0x4000000000ull, KERNEL_VA, ~0ull) : (uintptr_t)fz_entry,
		.priority = chance(75) ? below(fz.maxprio + 1) : below(40),
		.depth = PICK32(0, 1, 2, 8, 63, 64, 65, 1000, below(70)),
		.stack_pages = PICK32(0, 1, 1, 2, 4, 64, 65, below(70)),
		.flags = chance(60) ? 0 : PICK32(1, 2, 4, 6, 7, 8, 0x80000000u, (uint32_t)rnd()),
	};
	struct pier_port_created out;
	int rc;

	/* Only a call tells us the handle: an answered one gets no slot. */
	how = (slot >= 0 && chance(75)) || (fz.avoid & AV_ANSWER_GROW) ||
	      (r.flags & PIER_PORT_DETACHED) ? KREQ_CALL : KREQ_ANY;
	r.arg = how == KREQ_CALL ? (uint64_t)slot : 5000 + below(100);
	rc = req(PIER_TASK_PORT_CREATE, &r, sizeof(r), &out, sizeof(out), 0, how, &how);
	if (how != KREQ_CALL || rc != PIER_OK)
		return;
	if (bad_entry && !(r.flags & PIER_PORT_DETACHED)) {
		fz_fail("a port with entry 0x%llx was created", (unsigned long long)r.entry);
		pier_port_destroy(out.handle);
	} else if ((r.flags & PIER_PORT_DETACHED) &&
		   (slot < 0 || fz_attach(out.handle, (uint64_t)slot, r.priority) != PIER_OK)) {
		/* A detached port nobody serves would hold our calls forever. */
		fz_check(pier_port_destroy(out.handle), NULL, 0, "destroy");
	} else if (slot >= 0 && r.arg == (uint64_t)slot && !fz.slot[slot].live) {
		fz.slot[slot].handle = out.handle;
		fz.slot[slot].live = 1;
	} else {
		fz_check(pier_port_destroy(out.handle), NULL, 0, "destroy");
	}
}

static void forget(uint32_t h)
{
	for (unsigned i = 0; i < NSLOTS; i++)
		if (fz.slot[i].handle == h)
			fz.slot[i].live = 0;
}

/*
 * Destroy or drop a handle. Answered, the answer may go to the very port
 * the request destroys (a kernel that used the answer handle after
 * serving would crash here).
 */
static void destroy_or_drop(uint32_t type)
{
	struct pier_handle_req r = { .handle = fz_pick_victim(), ._pad = chance(5) };
	uint32_t answer = 0;
	int how, rc;

	if (!(fz.avoid & AV_ANSWER_DESTROY) && r.handle && chance(25))
		answer = r.handle;
	else if (chance(30))
		for (int i = 0; i < 8 && (!answer || answer == r.handle); i++)
			answer = fz_pick_answer();
	if ((fz.avoid & AV_ANSWER_DESTROY) && answer == r.handle)
		answer = 0;
	rc = req(type, &r, sizeof(r), NULL, 0, answer, answer ? KREQ_ANSWER : KREQ_CALL, &how);
	if (r.handle == PIER_H_START && how != KREQ_ANSWER && type == PIER_TASK_PORT_DESTROY &&
	    rc == PIER_OK)
		fz_fail("the running start port was destroyed");
	if (rc == PIER_OK || how == KREQ_ANSWER)
		forget(r.handle);
}

static void spawn(void)
{
	static const char *const modes[] = { "exit", "fault", "caller", "frames", "idle", "pending" };
	union {
		struct pier_spawn_req h;
		char b[PIER_PACKET_MAX + 64];
	} r;
	const char *mode = modes[below(6)];
	uint32_t prio = chance(70) ? below(fz.maxprio + 1) : PICK32(31, 32, 1000);
	char *cmd = r.b + sizeof(r.h);
	size_t room = sizeof(r.b) - sizeof(r.h);
	struct pier_spawned out;
	struct fz_kr k = { .dst = PIER_H_TASK, .type = PIER_TASK_SPAWN, .req = &r,
			   .reply = &out, .replymax = sizeof(out), .how = KREQ_ANY };
	int n;

	memset(&r.h, 0, sizeof(r.h));
	r.h.priority = prio;
	r.h.flags = chance(85) ? 0 : PICK32(PIER_SPAWN_SUPER, 2, 0x80000000u);
	r.h.quota = PICK64(0, 1, 16, CHILD_QUOTA, CHILD_QUOTA, CHILD_QUOTA, 1ull << 40);
	if (chance(10))
		mode = "spin";
	if (!strcmp(mode, "spin"))
		r.h.priority = 0;       /* a spinner above us would starve the fuzzer */
	switch (below(8)) {
	case 0:
		n = snprintf(cmd, room, "%s", chance(50) ? "nosuch" : " fuzz");
		break;
	case 1:
		n = snprintf(cmd, room, "hello");
		break;
	case 2:         /* a packet just full, or one byte over */
		n = (int)(PIER_PACKET_MAX - sizeof(r.h) + below(2));
		memset(cmd, 'A', (size_t)n);
		break;
	default:
		/* avoid= first: a fuzzed size may cut the line short */
		n = snprintf(cmd, room, "fuzz child avoid=%u seed=%llu mode=%s prio=%u",
			     (unsigned)fz.avoid, (unsigned long long)rnd(), mode,
			     (unsigned)r.h.priority);
	}
	if (n < 0)
		n = 0;
	k.size = (uint32_t)(sizeof(r.h) + n);
	/* Its PIER_H_PARENT: our service port, one of our fuzz ports, or nothing. */
	k.grant = chance(60) ? fz.in.svc : chance(50) ? fz_slot_handle() : 0;
	if (fz_kreq(&k) == PIER_OK && k.how == KREQ_CALL)
		fz.stat_spawned++;
}

/* Requests whose status is fixed: no super right here, and not our own exit. */
static void refused(void)
{
	struct pier_device_req d = { .nranges = below(6), .nirqs = below(18), .flags = below(3),
				     .node = below(2) ? 0 : (uint32_t)rnd() };
	struct pier_exit_req e = { .code = 1 };
	struct pier_kill_req k = { .space = 1 };
	int how, rc;

	d.range[0] = (struct pier_dev_range){ .base = rnd(), .size = rnd() >> below(64) };
	d.irq[0] = below(100);
	switch (below(4)) {
	case 0:
		rc = req(PIER_TASK_SHUTDOWN, NULL, 0, NULL, 0, 0, KREQ_ANY, &how);
		expect("shutdown without the super right", rc, how, PIER_E_RIGHTS);
		break;
	case 1:
		rc = req(PIER_TASK_DEVICE, &d, sizeof(d), &d, sizeof(d), 0, KREQ_ANY, &how);
		if (how != KREQ_ANSWER && rc == PIER_OK)
			fz_fail("a device handle was made without the super right");
		break;
	case 2:
		rc = req(PIER_TASK_EXIT, &e, PICK32(0, 4, 12, 16), NULL, 0, 0, KREQ_CALL, &how);
		if (rc == PIER_OK)
			fz_fail("an exit request of the wrong size returned");
		break;
	default:
		k.space = PICK32(1, 2);
		rc = req(PIER_TASK_KILL, &k, sizeof(k), NULL, 0, 0, KREQ_ANY, &how);
		if (how != KREQ_ANSWER && rc == PIER_OK)
			fz_fail("killed space %llu without the right", (unsigned long long)k.space);
	}
}

static void reads(void)
{
	union {
		struct pier_bootfile_req h;
		char b[PIER_PACKET_MAX];
	} r;
	uint8_t out[PIER_PACKET_MAX];
	struct pier_list_req l = { .index = PICK32(0, 1, 2, 3, 4, 5, 100, 0xffffffffu) };
	uint32_t n = 0, type = below(5);
	int how;

	memset(&r, 0, sizeof(r));
	r.h.offset = PICK32(0, 1, 100, 4096, 1u << 20, 0xffffffffu, below(50000));
	if (type == 0) {
		const char *name = chance(30) ? "fuzz" : chance(50) ? "manifest" : "nosuch";

		n = chance(10) ? (uint32_t)(rnd() % 240) : (uint32_t)strlen(name);
		if (n > 240)
			n = 240;
		memcpy(r.b + sizeof(r.h), name, strlen(name) < n ? strlen(name) : n);
		req(PIER_TASK_BOOTFILE, &r, sizeof(r.h) + n, out, PICK32(0, 1, 64, 256), 0,
		    KREQ_ANY, &how);
	} else if (type == 1) {
		req(PIER_TASK_DTB, &r, sizeof(r.h), out, PICK32(0, 16, 256), 0, KREQ_ANY, &how);
	} else if (type == 2) {
		req(PIER_TASK_SPACES, &l, sizeof(l), out, sizeof(struct pier_space_info), 0,
		    KREQ_ANY, &how);
	} else if (type == 3) {
		l.space = PICK64(0, 1, 2, fz.self, fz.self + 1 + below(20), ~0ull);
		req(PIER_TASK_PORTS, &l, sizeof(l), out, sizeof(struct pier_port_info), 0,
		    KREQ_ANY, &how);
	} else if (chance(50)) {
		req(PIER_TASK_MEMINFO, &l, PICK32(0, 0, 0, 8), out,
		    sizeof(struct pier_meminfo), 0, KREQ_ANY, &how);
	} else {
		req(PIER_TASK_SELF, &l, PICK32(0, 0, 0, 8), out,
		    PICK32(sizeof(struct pier_self), sizeof(struct pier_self), 8, 0), 0,
		    KREQ_ANY, &how);
	}
}

static void handles(void)
{
	struct pier_idle_req i = { .handle = fz_pick_handle(), .on = PICK32(0, 1, 1, 2, 0xffffffffu) };
	struct pier_handle_req s = { .handle = chance(60) ? fz_slot_handle() : fz_pick_handle() };
	struct pier_kill_req k = { .space = PICK64(0, fz.self + 1 + below(30), 1ull << 40, ~0ull) };
	uint8_t junk[64];
	int how;

	switch (below(4)) {
	case 0:
		req(PIER_TASK_IDLE_SUBSCRIBE, &i, sizeof(i), NULL, 0, 0, KREQ_ANY, &how);
		break;
	case 1:
		/* Then our supervisor port again: children are never left to a fuzz port. */
		req(PIER_TASK_SUPERVISE, &s, sizeof(s), NULL, 0, 0, KREQ_ANY, &how);
		if (!fz.child)
			fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
		break;
	case 2:
		if (k.space != fz.self)
			req(PIER_TASK_KILL, &k, sizeof(k), NULL, 0, 0, KREQ_ANY, &how);
		break;
	default:
		/* Types the task port does not know yet, or knows since. */
		rnd_fill(junk, sizeof(junk));
		req(PICK32(0, 16, 21, 22, 64, (uint32_t)rnd() | 0x100), junk,
		    below(sizeof(junk) + 1), junk, sizeof(junk), 0, KREQ_ANY, &how);
	}
}

void fz_task_step(void)
{
	switch (below(10)) {
	case 0:
	case 1:
		port_create();
		break;
	case 2:
	case 3:
		destroy_or_drop(PIER_TASK_PORT_DESTROY);
		break;
	case 4:
		destroy_or_drop(PIER_TASK_HANDLE_DROP);
		break;
	case 5:
		if (!fz.child && chance(30))
			spawn();
		else
			reads();
		break;
	case 6:
		if (chance(50))
			refused();
		else
			fz_lend_step();
		break;
	case 7:
	case 8:
		reads();
		break;
	default:
		handles();
	}
}
