/* bench: one sample of each figure, as the raw count between two counter reads. */

/*
 * Each sample function makes one measured operation and puts in *d the
 * difference of two rdinstret reads; main.c subtracts the cost of a read
 * and takes medians. The frames are static and filled in once, so what is
 * measured is the raw ecall, not a library wrapper building a frame.
 */
#include <string.h>
#include "figures.h"

uint32_t peer[PP_COUNT];
uint32_t mailbox, settle_port, same_null, port_y;

/* Set by the driver's own handlers, read after the ecall that let them run. */
static uint64_t child_stamp, y_stamp;
static unsigned child_count, y_count;

static uint8_t payload[64];

#define FRAME(op, to, ty) { .frmsz = sizeof(struct pier_frame), .flags = (op), \
			    .dst = (to), .type = (ty) }

static struct pier_frame nop_frame = FRAME(PIER_OP_CALL, PIER_H_DEBUG, PIER_DEBUG_NOP);
static struct pier_frame stamp_frame = FRAME(PIER_OP_CALL, 0, MSG_STAMP);
static struct pier_frame r3_frame = FRAME(PIER_OP_CALL, 0, MSG_STAMP);
static struct pier_frame null_frame = FRAME(PIER_OP_CALL, 0, 0);
static struct pier_frame send_frame = FRAME(PIER_OP_SEND, 0, MSG_STAMP);
static struct pier_frame drain_frame = FRAME(PIER_OP_CALL, 0, 0);
static struct pier_frame x_frame = FRAME(PIER_OP_SEND, 0, MSG_STAMP);
static struct pier_frame w_frame = FRAME(PIER_OP_CALL, 0, 0);
static struct pier_frame settle_frame = FRAME(PIER_OP_CALL, 0, 0);
static struct pier_frame spawn_frame = FRAME(PIER_OP_CALL, PIER_H_TASK, PIER_TASK_SPAWN);

static union {
	struct pier_spawn_req hdr;
	char bytes[sizeof(struct pier_spawn_req) + 16];
} spawn_req;
static struct pier_spawned spawned;

int h_mailbox(const struct pier_packet *pkt, uint64_t stamp)
{
	uint32_t i = pkt->type - MSG_HANDLE;

	if (pkt->type == MSG_CHILD) {
		child_stamp = stamp;
		child_count++;
		return PIER_OK;
	}
	if (i >= PP_COUNT || !pkt->handle)
		return PIER_E_TYPE;
	peer[i] = pkt->handle;
	return PIER_OK;
}

int h_y(const struct pier_packet *pkt, uint64_t stamp)
{
	(void)pkt;
	y_stamp = stamp;
	y_count++;
	return PIER_OK;
}

/* Every frame that names a port learns its handle here, once they exist. */
void frames_init(void)
{
	static const char child[] = "benchchild";

	stamp_frame.dst = peer[PP_R1];
	stamp_frame.pkt = payload;
	r3_frame.dst = peer[PP_R3];
	send_frame.dst = peer[PP_SINK];
	drain_frame.dst = peer[PP_DRAIN];
	x_frame.dst = peer[PP_X];
	w_frame.dst = peer[PP_W];
	settle_frame.dst = settle_port;
	spawn_req.hdr.priority = PRIO_CHILD;
	spawn_req.hdr.max_priority = PRIO_CHILD;
	memcpy(spawn_req.hdr.cmdline, child, sizeof(child) - 1);
	spawn_frame.pkt = &spawn_req;
	spawn_frame.pktsz = sizeof(spawn_req.hdr) + sizeof(child) - 1;
	spawn_frame.grant = mailbox;
	spawn_frame.rbuf = &spawned;
	spawn_frame.rbufsz = sizeof(spawned);
}

/* Let everything runnable run: the settle port is at priority 0. */
int settle(void)
{
	return pier_ecall(&settle_frame);
}

int s_counter(uint32_t *d)
{
	*d = (uint32_t)instret_pair();
	return PIER_OK;
}

/* A known count between the reads: checks the counter is QEMU's exact icount. */
int s_nops100(uint32_t *d)
{
	*d = (uint32_t)instret_nops100();
	return PIER_OK;
}

int s_null_kernel(uint32_t *d)
{
	uint64_t a, b;
	int rc = timed_ecall(&nop_frame, &a, &b);

	*d = (uint32_t)(b - a);
	return rc;
}

/* Sender's stamp to R1's entry stamp, which comes back as the reply's type. */
static int oneway(uint32_t size, uint32_t *d)
{
	uint64_t a, b;
	int rc;

	stamp_frame.pktsz = size;
	rc = timed_ecall(&stamp_frame, &a, &b);
	*d = stamp_frame.rtype - (uint32_t)a;
	return rc;
}

int s_call_oneway(uint32_t *d)
{
	return oneway(0, d);
}

int s_call_oneway64(uint32_t *d)
{
	return oneway(sizeof(payload), d);
}

/* R3's stamp before its reply ecall to the caller resuming; R3 is below us. */
int s_reply_oneway(uint32_t *d)
{
	uint64_t a, b;
	int rc = timed_ecall(&r3_frame, &a, &b);

	*d = (uint32_t)b - r3_frame.rtype;
	return rc;
}

static int roundtrip(uint32_t dst, uint32_t *d)
{
	uint64_t a, b;
	int rc;

	null_frame.dst = dst;
	rc = timed_ecall(&null_frame, &a, &b);
	*d = (uint32_t)(b - a);
	return rc;
}

int s_roundtrip_other(uint32_t *d)
{
	return roundtrip(peer[PP_NULL], d);
}

int s_roundtrip_same(uint32_t *d)
{
	return roundtrip(same_null, d);
}

/*
 * The sink is below us, so a send only queues. Every SEND_BATCH sends a
 * call to the drain port, below the sink, lets the sink empty its queue
 * (outside the measured part), so the queue is never full.
 */
#define SEND_BATCH 32
static unsigned queued;

int drain(void)
{
	queued = 0;
	return pier_ecall(&drain_frame);
}

int s_send(uint32_t *d)
{
	uint64_t a, b;
	int rc = queued >= SEND_BATCH ? drain() : PIER_OK;

	if (rc != PIER_OK)
		return rc;
	rc = timed_ecall(&send_frame, &a, &b);
	queued++;
	*d = (uint32_t)(b - a);
	return rc;
}

/*
 * Queue a packet for X (equal priority, so it waits), then call W (below
 * us): X runs, queues a packet for Y (equal priority, idle), stamps and
 * ends; Y's entry stamps; then W answers with X's stamp.
 */
int s_dispatch(uint32_t *d)
{
	unsigned before = y_count;
	int rc = pier_ecall(&x_frame);

	if (rc == PIER_OK)
		rc = pier_ecall(&w_frame);
	if (rc == PIER_OK && y_count != before + 1)
		rc = PIER_E_STATE;
	*d = (uint32_t)y_stamp - w_frame.rtype;
	return rc;
}

/* The child outranks our mailbox, which outranks us: see docs/performance.md. */
int s_spawn(uint32_t *d)
{
	unsigned before = child_count;
	uint64_t a, b;
	int rc = timed_ecall(&spawn_frame, &a, &b);

	if (rc == PIER_OK && child_count != before + 1)
		rc = PIER_E_STATE;
	*d = (uint32_t)(child_stamp - a);
	return rc;
}

/* Spawn children until space ids have three digits (see main.c). */
int spawn_until(uint64_t id)
{
	uint32_t d;
	int rc;

	do {
		rc = s_spawn(&d);
	} while (rc == PIER_OK && spawned.space < id);
	return rc;
}

/* Figure 8: one page mapped through the space port and touched, then unmapped. */
#define MAP_VA 0x0c00000000ull

static struct pier_map map_req = { .addr = MAP_VA, .pages = 1,
				   .prot = PIER_PROT_R | PIER_PROT_W };
static struct pier_range unmap_req = { .addr = MAP_VA, .pages = 1 };
static struct pier_mapped mapped;
static struct pier_frame map_frame = {
	.frmsz = sizeof(struct pier_frame), .flags = PIER_OP_CALL,
	.dst = PIER_H_SPACE, .type = PIER_SPACE_MAP, .pkt = &map_req,
	.pktsz = sizeof(map_req), .rbuf = &mapped, .rbufsz = sizeof(mapped),
};
static struct pier_frame unmap_frame = {
	.frmsz = sizeof(struct pier_frame), .flags = PIER_OP_CALL,
	.dst = PIER_H_SPACE, .type = PIER_SPACE_UNMAP, .pkt = &unmap_req,
	.pktsz = sizeof(unmap_req),
};

/* From the map call to the first store into the new page completing. */
int s_map_touch(uint32_t *d)
{
	uint64_t a, b, t;
	int rc = timed_ecall(&map_frame, &a, &b);

	*(volatile uint64_t *)(uintptr_t)MAP_VA = 1;
	t = instret();
	*d = (uint32_t)(t - a);
	if (rc == PIER_OK)
		rc = pier_ecall(&unmap_frame);
	return rc;
}

int s_unmap(uint32_t *d)
{
	uint64_t a = 0, b = 0;
	int rc = pier_ecall(&map_frame);

	*(volatile uint64_t *)(uintptr_t)MAP_VA = 1;
	if (rc == PIER_OK)
		rc = timed_ecall(&unmap_frame, &a, &b);
	*d = (uint32_t)(b - a);
	return rc;
}
