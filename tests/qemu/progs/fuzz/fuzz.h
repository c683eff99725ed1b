/* fuzz: the kernel fuzzer's shared state, and what each of its files offers. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <libpier.h>
#include <pier/console.h>

#define PG 4096ull

/* Consent to receive granted handles, on kernels that ask for it. */
#ifdef PIER_PORT_GRANTS
#define FZ_TAKES_GRANTS PIER_PORT_GRANTS
#else
#define FZ_TAKES_GRANTS 0u
#endif

/*
 * avoid=a:b:... leaves out bug classes while they are being fixed
 * (':' separates them: init splits its run= list at ',').
 */
#define AV_ANSWER_DESTROY 0x01u /* answered requests that destroy or drop their answer port */
#define AV_ANSWER_EXIT 0x02u    /* children that exit by an answered request */
#define AV_TIMER_HUGE 0x04u     /* timer periods and delays near 2^64 */
#define AV_BIGMAP 0x08u         /* "anywhere" maps and shares of more than 512 pages */
#define AV_GRANT_FLOOD 0x10u    /* the check that grants cannot grow a child past its quota */
#define AV_FAST_ZERO 0x20u      /* fast/slow comparison of empty buffers at bad addresses */
#define AV_ANSWER_GROW 0x40u    /* answered requests that grow the table their answer port is in */
#define AV_KNOWN 0x7fu          /* all of the above */

/* Handles of the fuzzer's own ports (infra.c): never a fuzz step's victim. */
struct fz_infra {
	uint32_t wd;       /* watchdog: frees the fuzzer when a call never returns */
	uint32_t ans;      /* default answer port, and the supervisor port */
	uint32_t svc;      /* what children find at PIER_H_PARENT */
	uint32_t sync;     /* priority 1: calling it lets queued packets above 0 run */
	uint32_t sleep;    /* holds a call until a timer fires */
	uint32_t echo;     /* a deterministic handler for the fast/slow comparison */
};

/* A port made by a fuzz step; its handler finds its own handle here. */
#define NSLOTS 24
struct fz_slot {
	uint32_t handle;   /* 0: free, or its handle is not known */
	uint32_t live;
};

struct fz_state {
	/* Arguments. */
	uint64_t seed;
	uint32_t frames, batch, avoid, console;
	uint64_t trace;              /* show each frame from this step on (0: never) */
	const char *mode;            /* a helper child's mode, or NULL in the fuzzer */

	int child;                   /* running as a helper child */
	uint64_t self;               /* this space's id */
	uint64_t hz;
	uint32_t maxprio;            /* the highest priority this space may use */
	uint64_t frame;              /* steps taken */
	int fails;
	struct fz_infra in;
	struct fz_slot slot[NSLOTS];

	/* The watchdog's view of main: nonzero while it waits in a call; when it last went on. */
	volatile uint64_t call_since, beat, sleep_until;
	volatile uint32_t call_dst;
	struct pier_frame call_frame;

	/* What handlers noted for main (children's ports, timers to cancel). */
	volatile uint32_t kid_port[32];
	volatile uint32_t nkid_port;
	volatile uint32_t hoard_port;
	volatile uint64_t timer_id[64];
	volatile uint32_t ntimer;

	int fast_ok;                 /* the fast path switch is ours to use */
	uint32_t stat_answers, stat_faults, stat_rescues, stat_spawned, stat_diff;
};

extern struct fz_state fz;

/* rng.c: the seeded generator. */
void rng_seed(uint64_t seed);
uint64_t rnd(void);
uint32_t below(uint32_t n);
int chance(unsigned percent);
uint32_t pick32(const uint32_t *v, unsigned n);
uint64_t pick64(const uint64_t *v, unsigned n);
void rnd_fill(void *p, size_t n);
#define PICK32(...) pick32((const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))
#define PICK64(...) pick64((const uint64_t[]){ __VA_ARGS__ }, \
	sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* report.c: statuses must be named; failures say how to reproduce them. */
int fz_named(int rc);
int fz_check(int rc, const struct pier_frame *f, uint64_t fva, const char *what);
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fz_frame_print(const struct pier_frame *f, uint64_t fva);
void fz_report(void);
void fz_trace(const struct pier_frame *f, uint64_t fva);
uint64_t fz_now(void);

/* ptrs.c: good and bad addresses for frames, packets and reply buffers. */
#define SCR_BASE 0x700000000ull       /* read-write page: frames, packets, requests */
#define SCR_RB (SCR_BASE + PG)         /* read-write page: reply buffers, checked for stray writes */
#define SCR_HOLE (SCR_BASE + 2 * PG)   /* never mapped */
#define SCR_RO (SCR_BASE + 3 * PG)     /* read-only page */
#define SCR_PKT (SCR_BASE + 512)       /* random bytes: packets start in the first 1024 */
#define SCR_PKT_SIZE 2048u             /* ... and may run 300 past them */
#define SCR_REQ (SCR_BASE + 3072)      /* a well-formed request */
#define RO_SEND_NOP (SCR_RO)           /* a frame: a send to the debug port's no-op */
#define RO_CALL_NOP (SCR_RO + 64)      /* the same as a call: the frame is not writable */
#define WIN_BASE PIER_HEAP_BASE        /* where map, protect, unmap and share go */
#define WIN_PAGES (1u << 16)
#define RSZ_UNSET 0xdeadbeefu          /* a frame's rsz until the kernel writes it */
int fz_ptrs_setup(void);
void fz_ptrs_refill(void);
uint64_t fz_frame_ptr(int *valid);
uint64_t fz_pkt_ptr(int kernel_dst, uint32_t size, int *readable);
uint64_t fz_rbuf_ptr(uint32_t *size);
uint32_t fz_size(void);
void fz_guard_fill(void);
void fz_guard_check(uint64_t rbuf, uint32_t rbufsz, const struct pier_frame *after,
		    int rc, const struct pier_frame *f, uint64_t fva);
int fz_ptr_bad(uint64_t p, uint32_t size);

/* frames.c: raw frames with random fields. */
void fz_frames_step(void);
int fz_ecall_at(uint64_t fva, const struct pier_frame *copy);
uint32_t fz_pick_dst(void);
uint32_t fz_pick_grant(uint32_t dst, int answer);

/*
 * kreq.c, kreq_task.c, kreq_space.c, kreq_misc.c: well-formed, hostile
 * kernel requests. A request to a kernel port, and how fz_kreq made it:
 */
#define KREQ_ANY (-1)
#define KREQ_CALL 0
#define KREQ_ANSWER 1
#define KREQ_SEND 2
struct fz_kr {
	uint32_t dst, type;
	const void *req;
	uint32_t size;
	void *reply;       /* a call's reply is copied here (zeroed if none) */
	uint32_t replymax;
	uint32_t answer;   /* answered: this port (0: chosen) */
	uint32_t grant;    /* a call's or send's grant */
	int how;           /* in: KREQ_ANY or the one wanted; out: the one made */
	int exact;         /* keep the size and packet as given */
};
int fz_kreq(struct fz_kr *k);
uint32_t fz_pick_answer(void);
uint32_t fz_pick_victim(void);
uint32_t fz_pick_handle(void);
void fz_task_step(void);
void fz_lend_step(void);
int fz_attach(uint32_t h, uint64_t slot, uint32_t prio);
void fz_space_step(void);
void fz_timer_step(void);
void fz_debug_step(void);
void fz_map_note(uint64_t addr, uint32_t pages);
void fz_map_cleanup(void);

/* ports.c, infra.c: the fuzzer's own ports and what their handlers do. */
#define ARG_WD 1000u
#define ARG_ANS 1001u
#define ARG_SVC 1002u
#define ARG_SYNC 1003u
#define ARG_SLEEP 1004u
#define ARG_ECHO 1005u
#define ARG_GROW 1006u
#define ARG_CHILD 1100u              /* and up: a helper child's ports (child.c) */
#define MSG_PING 0x70696e67u          /* "ping": an infrastructure port answers PIER_E_ARG */
#define MSG_SLEEP 0x736c7065u
#define MSG_RESCUE 0x72736375u        /* answer the oldest held call */
#define MSG_WAKE 0x77616b65u          /* the watchdog to the sleep port: main overslept */
void fz_entry(void);                  /* the entry of every port: a1 is the argument word */
int fz_port_new(uint64_t arg, uint32_t prio, uint32_t depth, uint32_t flags, uint32_t *h);
int fz_infra_setup(void);
int fz_is_infra(uint32_t h);
int fz_infra_alive(void);
int fz_port_handler(const struct pier_packet *pkt, uint32_t self);
void fz_received(const struct pier_packet *pkt);
int fz_watchdog(const struct pier_packet *pkt);
int fz_sleeper(const struct pier_packet *pkt);
int fz_syncer(const struct pier_packet *pkt);
uint32_t fz_slot_handle(void);
int fz_slot_free(void);
void fz_ports_step(void);
void fz_sleep_ms(unsigned ms);
uint64_t fz_self_id(void);

/* children.c: helper children, seen from the fuzzer. */
#define CH_HELLO 0x68656c6fu          /* a child grants one of its ports */
#define CH_FAIL 0x6661696cu           /* a child reports a failure: the text */
#define CH_HOARD 0x686f6172u          /* the hoarding child's port */
#define CH_NOTE 0x6e6f7465u           /* a child's detail to a failure: the text */
#define CHILD_QUOTA 64u
int fz_svc_handler(const struct pier_packet *pkt);
int fz_spawn_child(const char *mode, uint32_t prio, uint64_t quota, uint64_t *id);
void fz_children_step(void);
void fz_children_kill(void);
int fz_children_left(void);
void fz_children_show(void);
uint32_t fz_kid_port(void);

/* child.c, child_end.c: a helper child's side; the kinds of its special ports. */
enum { K_CALLER = 1, K_SERVER, K_DESTROYER, K_FAULTER, K_HOARDER, K_SINK, K_DEEP, K_LINGER,
       K_SELF };
int fz_child_main(void);
int fz_child_port(const struct pier_packet *pkt, uint64_t arg);
uint32_t fz_child_new(unsigned kind, uint32_t depth);
uint32_t fz_child_slot(uint32_t flags);
uint64_t fz_child_self(void);
int fz_child_end(const char *mode);

/* checks.c: after each batch, and at the end. */
void fz_batch_end(unsigned batch, unsigned batches);
void fz_sweep(int destroy);
void fz_drain(void);
int fz_alive_check(void);

/* memcheck.c: no page lost. */
struct fz_mem {
	uint64_t free, own;
	uint64_t others;        /* charged to the other live spaces */
};
int fz_measure(struct fz_mem *m);
void fz_pregrow(void);
int fz_grow_handler(const struct pier_packet *pkt);
void fz_hoard_check(void);
int fz_mem_final(const struct fz_mem *start);

/* diff.c: the fast path against the slow path. */
void fz_diff_setup(void);
void fz_diff_step(void);
int fz_echo_handler(const struct pier_packet *pkt);

#endif
