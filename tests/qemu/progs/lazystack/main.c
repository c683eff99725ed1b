/* lazystack: handler stacks charged as they are touched, kernel copies into untouched pages, and stacks that cannot grow. */
#include <stdio.h>
#include <string.h>
#include "lazystack.h"
#include "dtdev.h"

/*
 * Started with the super right (it kills a child and makes a device
 * handle). In this space: a port with an 8 MiB stack maps one page until
 * touched; a store into its untouched stack from another port maps a
 * page there, and so does a frame read from it; kernel copies into
 * untouched pages of a deep frame work (a call's reply buffer and send
 * buffer, a kernel port's reply); it recurses 7.5 MiB deep; its death
 * gives back every page it touched. A copy that runs from a device's
 * registers into an unmapped page is refused as before (device_copies).
 * Then three children (child.c):
 * a witness, a hostile one whose stack outgrows its quota (a fault
 * reported as such), and one whose kernel copies do (a status).
 */
#define BIG_LEVELS 7800         /* of recurse's 1,024-byte frames: 7.6 MiB */

static int fails;
static uint32_t port_big, port_echo, port_kids;
static uint64_t kid_witness, kid_grow, kid_full, used_before_kids;
static int witness_token, grow_faulted, full_done, witness_ended, full_ended, released;
static uintptr_t deepest;

void check(const char *what, long got, long want)
{
	if (got == want) {
		printf("lazystack: PASS %s\n", what);
	} else {
		printf("lazystack: FAIL %s: got %ld want %ld\n", what, got, want);
		fails++;
	}
}

uint64_t used(void)
{
	struct pier_query q = { 0 };

	pier_query(0x10000, &q);
	return q.pages;
}

/* User pages mapped in this space (tables apart), from the task port's listing. */
static uint64_t user_pages(void)
{
	struct pier_self me = { 0 };
	struct pier_space_info si;

	pier_self(&me);
	for (uint32_t i = 0; i < 64; i++)
		if (pier_space_info(i, &si) == PIER_OK && si.id == me.space)
			return si.pages;
	return 0;
}

uint64_t untouched_below(void)
{
	volatile char here;

	return ((uintptr_t)&here - 4 * MIB) & ~(uintptr_t)4095;
}

static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char buf[1000];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n == 0) {
		deepest = (uintptr_t)buf;
		return 0;
	}
	return recurse(n - 1) + (unsigned char)buf[0] + (unsigned char)buf[sizeof(buf) - 1];
}

/*
 * A frame of 1 MiB that this code never writes: its pages, well away
 * from both ends of the frame, are touched first by the kernel's copies.
 */
static __attribute__((noinline)) void copies(void)
{
	char deep[1 * MIB];
	static uint8_t msg[64], back[64];
	static struct pier_range q = { .addr = 0x10000 };
	uint8_t *rbuf = (uint8_t *)deep + 512 * KIB, *sbuf = (uint8_t *)deep + 256 * KIB;
	struct pier_query *kbuf = (struct pier_query *)(deep + 768 * KIB);
	uint64_t before = user_pages();
	uint32_t rsz = 0;

	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	check("a call's reply into an untouched deep frame",
	      pier_call(port_echo, M_ECHO, msg, 64, rbuf, 64, &rsz), PIER_OK);
	check("the reply is all there", rsz == 64 && !memcmp(rbuf, msg, 64), 1);
	memset(back, 0xff, sizeof(back));
	check("a call whose packet is read from an untouched deep frame",
	      pier_call(port_echo, M_ECHO, sbuf, 64, back, 64, &rsz), PIER_OK);
	check("it read zeroes", rsz == 64 && back[0] == 0 && !memcmp(back, back + 1, 63), 1);
	check("a kernel port's reply into an untouched deep frame",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &q, sizeof(q), kbuf, sizeof(*kbuf), &rsz),
	      PIER_OK);
	check("it is the reply", rsz == sizeof(*kbuf) && kbuf->pages > 0 && kbuf->mapped == 1, 1);
	check("three pages touched by the copies, no more", (long)(user_pages() - before), 3);
	check("a frame in an untouched deep frame page",
	      pier_ecall((struct pier_frame *)(deep + 128 * KIB)), PIER_E_FRAME_SIZE);
}

static int on_echo(const struct pier_packet *pkt)
{
	return pier_reply(0, pkt->data, pkt->size);
}

static int on_big(const struct pier_packet *pkt)
{
	volatile char top;
	uint64_t v = 0;

	switch (pkt->type) {
	case M_TOP:
		return 0;
	case M_ADDR:
		v = untouched_below();
		return pier_reply(0, &v, sizeof(v));
	case M_COPY:
		copies();
		return 0;
	case M_DEEP:
		memcpy(&v, pkt->data, sizeof(v));
		recurse(v);
		v = ((uintptr_t)&top - deepest) / KIB;
		return pier_reply(0, &v, sizeof(v));
	}
	return 1;
}

/* The witness's held call is answered once the hostile child has faulted, and it is killed. */
static void maybe_release(void)
{
	if (released || !witness_token || !grow_faulted)
		return;
	released = 1;
	check("kill the child that outgrew its quota", pier_kill(kid_grow), PIER_OK);
	check("answer the witness", pier_reply_token(witness_token, PIER_OK, 0, NULL, 0), PIER_OK);
}

static void maybe_done(void)
{
	if (!released || !witness_ended || !full_ended || !full_done)
		return;
	check("every child's quota came back here", (long)used(), (long)used_before_kids);
	printf("lazystack: done\n");
	pier_exit(fails);
}

static int on_kids(const struct pier_packet *pkt)
{
	struct pier_fault f;
	struct pier_ended e;
	struct report r;

	switch (pkt->type) {
	case M_WITNESS:
		witness_token = pier_hold();
		check("hold the witness's call", witness_token > 0, 1);
		maybe_release();
		break;
	case PIER_MSG_FAULT:
		memcpy(&f, pkt->data, sizeof(f));
		check("the hostile child faulted", f.space == kid_grow, 1);
		check("on a store", (long)f.cause, CAUSE_STORE_PAGE);
		grow_faulted = 1;
		maybe_release();
		break;
	case M_CHECK:
		memcpy(&r, pkt->data, sizeof(r));
		r.what[sizeof(r.what) - 1] = 0;
		check(r.what, r.got, r.want);
		break;
	case M_FULL_DONE:
		full_done = 1;
		break;
	case PIER_HELLO:        /* a child's runtime asks what its parent port is: nothing */
		break;
	case PIER_MSG_ENDED:
		memcpy(&e, pkt->data, sizeof(e));
		if (e.space == kid_witness) {
			check("the witness exited with 0", e.how == PIER_ENDED_EXIT && !e.code, 1);
			witness_ended = 1;
		} else if (e.space == kid_full) {
			check("the full child exited with 0",
			      e.how == PIER_ENDED_EXIT && !e.code, 1);
			full_ended = 1;
		}
		break;
	default:
		check("a packet of a known type", pkt->type, 0);
	}
	maybe_done();
	return 0;
}

/*
 * A copy the space's own tables fault on is walked again, which touches
 * stack pages; the walk must never read a device's registers through the
 * kernel's map of RAM (they are not in it): a packet that starts in the
 * console UART's registers and runs into the unmapped page after them is
 * PIER_E_UNMAPPED, as it was, and nothing else happens.
 */
static void device_copies(void)
{
	static uint8_t back[16];
	volatile void *regs = NULL;
	uint32_t dev;

	check("read the device tree", dt_load(), 0);
	check("a device handle for the console UART's registers",
	      pier_device_create(board.uart.base, board.uart.size, 0, &dev), PIER_OK);
	check("map them", pier_dev_map(dev, &regs), PIER_OK);
	check("a packet from the registers' page into the unmapped one after",
	      pier_call(port_echo, M_ECHO, (const void *)((uintptr_t)regs + 4096 - 8), 16,
			back, sizeof(back), NULL), PIER_E_UNMAPPED);
	check("a reply from there into the registers' page",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &back, sizeof(struct pier_range),
			(void *)((uintptr_t)regs + 4096 - 8), 16, NULL), PIER_E_UNMAPPED);
	check("drop the device handle", pier_handle_drop(dev), PIER_OK);
}

static void in_this_space(void)
{
	static struct pier_range q = { .addr = 0x10000 };
	uint64_t p0 = user_pages(), u0 = used(), a = 0, kib = 0, levels = BIG_LEVELS;

	check("an echo port", pier_port_create(on_echo, 14, 0, 0, &port_echo), PIER_OK);
	p0 = user_pages();
	u0 = used();
	check("a port with an 8 MiB stack",
	      pier_port_create_stack(on_big, 12, 0, 0, 8 * 1024, &port_big), PIER_OK);
	printf("lazystack: an 8 MiB stack maps %lu page(s) until touched, %lu charged in all\n",
	       (unsigned long)(user_pages() - p0), (unsigned long)(used() - u0));
	check("only its top page is mapped", (long)(user_pages() - p0), 1);
	check("a call that uses only the top", pier_call(port_big, M_TOP, NULL, 0, NULL, 0, NULL),
	      PIER_OK);
	check("maps nothing more", (long)(user_pages() - p0), 1);
	check("an address deep in its stack",
	      pier_call(port_big, M_ADDR, NULL, 0, &a, sizeof(a), NULL), PIER_OK);
	*(volatile uint64_t *)a = 0x5eed;       /* another port's stack: it grows */
	check("a store there from this port", (long)*(volatile uint64_t *)a, 0x5eed);
	check("mapped one page", (long)(user_pages() - p0), 2);
	/* A frame in an untouched page reads as zeroes: a frame of size 0. */
	check("a frame read from an untouched stack page",
	      pier_ecall((struct pier_frame *)(uintptr_t)(a - 8 * KIB)), PIER_E_FRAME_SIZE);
	check("mapped one page more", (long)(user_pages() - p0), 3);
	/* A reply buffer of 2 MiB of it: a reply fills 256 bytes at most,
	 * and only their page is touched, however large the buffer. */
	check("a call whose reply buffer is 2 MiB of untouched stack",
	      pier_call(PIER_H_SPACE, PIER_SPACE_QUERY, &q, sizeof(q),
			(void *)(uintptr_t)(a - 16 * KIB), 2 * MIB, NULL), PIER_OK);
	check("it is the reply", ((struct pier_query *)(uintptr_t)(a - 16 * KIB))->mapped, 1);
	check("one page touched for it", (long)(user_pages() - p0), 4);
	check("kernel copies in deep frames", pier_call(port_big, M_COPY, NULL, 0, NULL, 0, NULL),
	      PIER_OK);
	check("recurse deep", pier_call(port_big, M_DEEP, &levels, sizeof(levels), &kib,
					sizeof(kib), NULL), PIER_OK);
	printf("lazystack: a port recursed %lu KiB deep; %lu pages of its stack mapped\n",
	       (unsigned long)kib, (unsigned long)(user_pages() - p0));
	check("7.5 MiB of frames in an 8 MiB stack", kib >= 7 * 1024 + 512, 1);
	check("the pages mapped are those touched", user_pages() - p0 >= kib / 4 &&
	      user_pages() - p0 <= 2048, 1);
	check("destroy it", pier_port_destroy(port_big), PIER_OK);
	check("every page it touched went with it", (long)user_pages(), (long)p0);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child_main(argv[1]);
	in_this_space();
	device_copies();
	check("the children's port", pier_port_create(on_kids, 12, PIER_DEPTH_MAX, 0, &port_kids),
	      PIER_OK);
	check("supervise", pier_supervise(port_kids), PIER_OK);
	used_before_kids = used();
	check("spawn the witness", pier_spawn_stack("lazystack witness", 4, 4, 0, port_kids, 0, 0,
						    &kid_witness), PIER_OK);
	check("spawn one whose 8 MiB stack outgrows its quota",
	      pier_spawn_stack("lazystack grow", 4, 4, 0, port_kids, 100, 8 * 1024, &kid_grow),
	      PIER_OK);
	check("spawn one whose copies do",
	      pier_spawn_stack("lazystack full", 4, 5, 0, port_kids, 100, 0, &kid_full), PIER_OK);
	return 0;
}
