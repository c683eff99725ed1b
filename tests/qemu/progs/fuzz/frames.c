/* fuzz: raw frames with random fields, thrown at any handle; each must come back with a named status. */
#include <string.h>
#include "fuzz.h"

static uint16_t pick_flags(void)
{
	uint32_t f = PICK32(PIER_OP_SEND, PIER_OP_SEND, PIER_OP_SEND, PIER_OP_CALL,
			    PIER_OP_CALL, PIER_OP_CALL, PIER_OP_CALL, PIER_OP_REPLY,
			    PIER_OP_RETURN, 0, PIER_OP_HOLD, PIER_OP_HOLD + 1, 15);

	if (chance(20))
		f |= PICK32(PIER_F_HOLD, PIER_F_HELD, PIER_F_ANSWER, PIER_F_ANSWER,
			    PIER_F_HOLD | PIER_F_HELD);
	if (chance(4))
		f |= PICK32(0x80, 0x100, 0x400, 0x8000, 0xff00);
	return (uint16_t)f;
}

/* Any handle: none, the well-known ones, our ports, children's, unknown, huge. */
uint32_t fz_pick_dst(void)
{
	uint32_t r = below(100), h = 0;

	if (r < 6)
		return 0;
	if (r < 36)
		return PICK32(1, 1, 1, 2, 2, 3, 4, 5, 5, 6, 6, 6);
	if (r < 60)
		h = fz_slot_handle();
	else if (r < 66)
		h = PICK32(fz.in.ans, fz.in.svc, fz.in.sync, fz.in.echo, fz.in.wd);
	else if (r < 80)
		h = fz_kid_port();
	else if (r < 92)
		h = 7 + below(60);
	else
		h = PICK32(4095, 4096, 16383, 16384, 65536, 1u << 31, 0xffffffffu);
	return h ? h : PIER_H_DEBUG;
}

/* A port to answer at: mostly ours, sometimes one that cannot take answers. */
uint32_t fz_pick_answer(void)
{
	uint32_t r = below(100), h = 0;

	if (r < 45)
		h = fz.in.ans;
	else if (r < 75)
		h = fz_slot_handle();
	else if (r < 82)
		h = fz_kid_port();
	else if (r < 86)
		h = fz.in.sync;          /* priority 1: its queue fills */
	else
		h = PICK32(0, 1, 2, 5, 6, 3, 7 + below(60), 0xffffffffu);
	if (!h)
		h = fz.child ? fz_slot_handle() : fz.in.ans;
	return h;
}

/*
 * A handle to pass along. Never one to the fuzzer's own infrastructure:
 * a copy of it in our table could not be told from the original. Never to
 * the console driver, which keeps what it is given (console=1 allows it).
 */
uint32_t fz_pick_grant(uint32_t dst, int answer)
{
	uint32_t r = below(100), h;

	if (answer)
		return chance(85) ? fz_pick_answer() : PICK32(0, 9999, 0xffffffffu);
	if (r < 50 || (dst == PIER_H_PARENT && !fz.child && !fz.console))
		return 0;
	if (r < 70)
		h = fz_slot_handle();
	else if (r < 76)
		h = PICK32(1, 2, 3, 5, 6);
	else if (r < 84)
		h = fz_kid_port();
	else if (r < 94)
		h = 7 + below(60);
	else
		h = PICK32(16383, 1u << 31, 0xffffffffu);
	if (fz_is_infra(h) || (fz.child && h == PIER_H_PARENT))
		h = 0;
	return h;
}

static uint32_t pick_type(uint32_t dst)
{
	static const uint32_t known[7] = { 0, 21, 4, 0, 0, 4, 6 };

	if (dst == PIER_H_PARENT && !fz.child && !fz.console)
		return PICK32(PIER_HELLO, 0, 4, 99, 0xffffffffu);
	if (dst >= 1 && dst <= 6 && known[dst] && chance(75))
		return below(known[dst] + 1);
	if (chance(50))
		return below(20);
	return (uint32_t)rnd();
}

/* The packet's bytes, when they are ours to change (the random ones). */
static uint8_t *patchable(const struct pier_frame *f, uint32_t need)
{
	uint64_t p = (uintptr_t)f->pkt;

	if (p >= SCR_PKT && p <= SCR_PKT + SCR_PKT_SIZE - need && f->pktsz >= need)
		return (uint8_t *)(uintptr_t)p;
	return NULL;
}

/* Words of a packet at any alignment. */
static uint64_t get64(const uint8_t *p, unsigned i)
{
	uint64_t v;

	memcpy(&v, p + 8 * i, 8);
	return v;
}

static void put64(uint8_t *p, unsigned i, uint64_t v)
{
	memcpy(p + 8 * i, &v, 8);
}

static uint64_t window(uint64_t a)
{
	return a >= 0x1000 && a < 0x1000000000ull ? WIN_BASE + a % ((uint64_t)WIN_PAGES * PG) : a;
}

/*
 * Leave out what would end the fuzzer or reach outside what it owns: a
 * return from main, its own exit or kill, a request naming its own ports
 * or pages (words of random bytes, rarely; made sure of here), and bytes
 * printed on the console.
 */
static void sanitize(struct pier_frame *f)
{
	unsigned op = f->flags & PIER_OP_MASK;
	uint32_t h, code = 77;  /* a child exits with anything but 0: only the fuzzer does */
	uint8_t *p;

	if (op == PIER_OP_RETURN && !fz.child && !(f->flags & ~PIER_FLAGS_KNOWN) &&
	    f->frmsz == sizeof(*f))
		f->flags |= 0x100;
	/* Random attach, detach and watch requests could serve our ports at a
	 * random entry or leave them unserved: kreq_lend.c makes those. */
	if (f->dst == PIER_H_TASK && f->type >= PIER_TASK_PORT_ATTACH &&
	    f->type <= PIER_TASK_UNWATCH)
		f->type = 99;
	if (f->dst == PIER_H_DEBUG && f->type == PIER_DEBUG_WRITE && f->pktsz)
		f->pkt = (const void *)0xffffffc080200000ull;
	if (f->dst == PIER_H_TASK && f->type == PIER_TASK_EXIT &&
	    f->pktsz == sizeof(struct pier_exit_req)) {
		if (!fz.child || ((fz.avoid & AV_ANSWER_EXIT) && (f->flags & PIER_F_ANSWER)))
			f->pktsz = 4;
		else if ((p = patchable(f, 4)))
			memcpy(p, &code, 4);
	}
	if (f->dst == PIER_H_TASK && f->type == PIER_TASK_KILL && (p = patchable(f, 8)) &&
	    get64(p, 0) == fz.self)
		put64(p, 0, fz.self + 1000);
	if ((f->dst == PIER_H_TASK || f->dst == PIER_H_TIMER) && (p = patchable(f, 4))) {
		memcpy(&h, p, 4);
		if (fz_is_infra(h) || h == PIER_H_START ||
		    ((fz.avoid & AV_ANSWER_DESTROY) && h == f->grant))
			memset(p, 0, 4);
	}
	/* addr, and a share's at: into the window if they name program memory */
	if (f->dst == PIER_H_SPACE && (p = patchable(f, 8)))
		put64(p, 0, window(get64(p, 0)));
	if (f->dst == PIER_H_SPACE && (p = patchable(f, 24)))
		put64(p, 2, window(get64(p, 2)));
	if (f->dst == PIER_H_TIMER && (fz.avoid & AV_TIMER_HUGE) && (p = patchable(f, 24))) {
		put64(p, 1, get64(p, 1) & ((1ull << 40) - 1));
		put64(p, 2, get64(p, 2) & ((1ull << 40) - 1));
	}
}

/* One ecall from main; the watchdog sees how long a call has waited. */
int fz_ecall_at(uint64_t fva, const struct pier_frame *copy)
{
	int rc, call = copy && (copy->flags & PIER_OP_MASK) == PIER_OP_CALL;

	if (copy)
		fz_trace(copy, fva);
	if (call) {
		fz.call_frame = *copy;
		fz.call_dst = copy->dst;
		fz.call_since = fz_now() | 1;
	}
	rc = pier_ecall((struct pier_frame *)(uintptr_t)fva);
	fz.call_since = 0;
	fz.beat = fz_now();
	return rc;
}

/* The only writable memory a reply buffer is given: the two scratch pages. */
static int writable(uint64_t p, uint32_t size)
{
	return p >= SCR_BASE && p < SCR_HOLE && size <= SCR_HOLE - p;
}

/* What the documented checking order promises for this frame. */
static void oracles(const struct pier_frame *f, uint64_t fva, int where, int rc, int readable)
{
	unsigned op = f->flags & PIER_OP_MASK;
	int bad_pkt = f->pktsz && !readable && fz_ptr_bad((uintptr_t)f->pkt, f->pktsz) == 1;
	int bad_rbuf = op == PIER_OP_CALL && f->rbufsz && !writable((uintptr_t)f->rbuf, f->rbufsz);
	const char *why = NULL;

	if ((where == 0 || where == 5) && rc == PIER_OK)
		why = "a frame at a bad address was accepted";
	else if (where == 4 && rc != PIER_E_ALIGN)
		why = "a misaligned frame did not get PIER_E_ALIGN";
	else if (where == 3 && rc == PIER_OK)
		why = "a call whose frame is read-only was accepted";
	else if (where == 2 && rc != PIER_OK)
		why = "a good send from a read-only frame failed";
	else if (where != 1)
		return;
	else if (f->frmsz == 0 && rc != PIER_E_FRAME_SIZE)
		why = "frmsz 0 did not get PIER_E_FRAME_SIZE";
	else if (f->frmsz != sizeof(*f))
		return;
	else if (((f->flags & ~PIER_FLAGS_KNOWN) || op == 0) && rc != PIER_E_FLAGS)
		why = "unknown flag bits or op 0 did not get PIER_E_FLAGS";
	else if (f->flags == PIER_OP_HOLD && rc >= PIER_OK)
		why = "a hold with no call being handled was accepted";
	else if ((f->flags & ~PIER_FLAGS_KNOWN) || op == 0 || op > PIER_OP_HOLD ||
		 ((f->flags & PIER_F_HOLD) && op != PIER_OP_RETURN) ||
		 ((f->flags & PIER_F_HELD) && op != PIER_OP_REPLY) ||
		 ((f->flags & PIER_F_ANSWER) && op != PIER_OP_SEND) ||
		 (f->flags & PIER_F_ACK))
		return;         /* a modifier with another operation: refused one way or another */
	else if ((f->type & PIER_MSG_KERNEL) && op <= PIER_OP_REPLY && rc != PIER_E_TYPE)
		why = "a frame with a kernel type (bit 31) did not get PIER_E_TYPE";
	else if ((f->type & PIER_MSG_KERNEL) && op <= PIER_OP_REPLY)
		return;
	else if (f->pktsz > PIER_PACKET_MAX && rc != PIER_E_PACKET_SIZE)
		why = "a packet over PIER_PACKET_MAX did not get PIER_E_PACKET_SIZE";
	else if (op != PIER_OP_RETURN && bad_pkt && rc == PIER_OK)
		why = "a packet at a bad address was accepted";
	else if (bad_rbuf && rc == PIER_OK)
		why = "a call whose reply buffer is not writable was accepted";
	if (why) {
		fz_fail("%s (status %d)", why, rc);
		fz_frame_print(f, fva);
	}
}

void fz_frames_step(void)
{
	struct pier_frame f = { 0 }, after;
	int where, readable = 1, rc;
	uint64_t fva = fz_frame_ptr(&where);

	if (where == 2 || where == 3) {
		f = *(const struct pier_frame *)(uintptr_t)fva;
	} else {
		f.frmsz = chance(92) ? sizeof(f) : PICK32(0, 8, 48, 55, 57, 64, 112, 0xffff);
		f.flags = pick_flags();
		f.dst = fz_pick_dst();
		f.type = pick_type(f.dst);
		f.pktsz = fz_size();
		f.pkt = (const void *)(uintptr_t)fz_pkt_ptr(f.dst >= 1 && f.dst <= 6, f.pktsz,
							   &readable);
		f.grant = fz_pick_grant(f.dst, f.flags & PIER_F_ANSWER);
		f.status = chance(50) ? -(int32_t)below(PIER_STATUS_COUNT) : (int32_t)rnd();
		f.rbuf = (void *)(uintptr_t)fz_rbuf_ptr(&f.rbufsz);
		f.rsz = RSZ_UNSET;
		f.rtype = (uint32_t)rnd();
		sanitize(&f);
		readable = !fz_ptr_bad((uintptr_t)f.pkt, f.pktsz);
	}
	fz_guard_fill();
	if (where == 1 || where == 4)
		memcpy((void *)(uintptr_t)fva, &f, sizeof(f));
	else if (where == 5)
		memcpy((void *)(uintptr_t)fva, &f, 24);
	rc = fz_ecall_at(fva, &f);
	fz_check(rc, &f, fva, "frame");
	oracles(&f, fva, where, rc, readable);
	if (f.dst == PIER_H_TASK && f.type == PIER_TASK_SUPERVISE && !fz.child)
		fz_check(pier_supervise(fz.in.ans), NULL, 0, "supervise");
	if (where == 1 || where == 4)
		memcpy(&after, (const void *)(uintptr_t)fva, sizeof(after));
	if ((f.flags & PIER_OP_MASK) == PIER_OP_CALL && where != 6)
		fz_guard_check((uintptr_t)f.rbuf, f.rbufsz,
			       where == 1 || where == 4 ? &after : NULL, rc, &f, fva);
	if (where == 1 && (f.flags & PIER_OP_MASK) == PIER_OP_CALL && rc == PIER_OK &&
	    after.rgrant)
		fz_check(pier_handle_drop(after.rgrant), NULL, 0, "drop of a granted reply handle");
}
