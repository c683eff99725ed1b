/* fastpath: the same IPC calls with the kernel's fast path on and off must be seen to do the same. */
#ifndef FASTPATH_H
#define FASTPATH_H

#include <stdint.h>
#include <libpier.h>

/*
 * Two spaces run the same program: the driver ("fastpath") and the peer
 * ("fastpath peer"). P_* ports live in the driver, Q_* in the peer; hnd[]
 * holds each space's own handle to every port it knows.
 */
enum port_id {
	P_LOG,          /* 31: keeps the transcript: the peer's events, grants, faults */
	P_RUN,          /* 16: the runner: makes every scripted call */
	P_HI, P_EQ, P_LO, /* 18, 16, 14: plain handlers */
	P_HOLD,         /* 18: holds calls */
	P_BUSY,         /* 20: itself in a call when the runner calls it */
	P_X,            /* 12: what P_BUSY calls */
	P_ONE,          /* 12, queue depth 1 */
	P_BAR,          /* 1: the barrier: runs when nothing else can */
	Q_HI, Q_EQ, Q_LO, /* 18, 16, 14 */
	Q_HOLD,         /* 14: holds calls */
	Q_IDENT,        /* 16: granted to the runner in a reply */
	Q_DEAD,         /* destroyed by the peer before the runs */
	Q_FAULT0, Q_FAULT1, /* 18: faults; one per run, as a faulted port stays stopped */
	NPORTS
};
#define PRIO_RUN 16u

/* What a handler does: the low 16 bits of the packet type; the 15 above are its
 * argument, signed (bit 31 is the kernel's: pier/proto.h). */
enum action {
	A_RET = 2,      /* return arg as the status */
	A_REPLY,        /* reply with arg bytes, then return 7 (ignored) */
	A_BIG,          /* reply with 64 bytes (too many for the caller), then with 8 */
	A_TWICE,        /* reply with 8 bytes, then again (no call pending any more) */
	A_GRANT,        /* reply with 8 bytes granting hnd[arg] */
	A_HOLD,         /* send A_RELEASE to its own port, return PIER_HOLD */
	A_RELEASE,      /* (a send) answer the held call with 8 bytes */
	A_RELAY,        /* call hnd[arg] with A_REPLY of 8 bytes */
	A_FAULT,        /* load from an unmapped address */
	A_PROBE,        /* reply with the badge: the driver learns its own space id */
	A_QUIT,         /* (a send, to the peer) exit */
	A_RUN,          /* (to P_RUN) one run of every scenario; data: the run index */
	A_HOLDTOK,      /* pier_hold, keep the token, send A_RELTOK to its own port, return 9 */
	A_RELTOK,       /* (a send) answer by token, wrong ones first: 8 bytes, status arg */
	A_HOLDRET,      /* as A_HOLDTOK, sending A_RETTOK */
	A_RETTOK,       /* (a send) return answering by token, a wrong one first */
};
#define TYPE(act, arg) ((uint32_t)(act) | ((uint32_t)(arg) & 0x7fffu) << 16)
#define TYPE_ARG(type) ((int32_t)((type) << 1) >> 17)
#define T_HANDLE 0x100u /* peer to P_LOG: data = port id, the handle granted with it */
#define T_EVENT 0x101u  /* peer to P_LOG: data = struct ev */
#define FAULT_ADDR 0x50000000ul

/* One event of the transcript: who ran, what it saw or got back, in order. */
enum ev_kind {
	K_BEGIN = 1,    /* the runner starts a scenario */
	K_ENTER,        /* a handler starts: v = type, size, flags, badge, handle, data hash, packet address, stamp */
	K_AFTER,        /* a handler or the runner after a reply or send: st = its status, v0 = which one */
	K_RESUME,       /* a caller resumed: st, v = rsz, rtype, rgrant, rbuf hash, frame hash, dst */
	K_HOLD,         /* a handler holds its call: st = its send to itself */
	K_FAULT,        /* P_LOG got a fault packet: v = space, cause, address */
};

struct ev {
	uint8_t kind, who;
	uint16_t sc;    /* the scenario, set when it is recorded */
	int32_t st;
	uint32_t v[8];
};

/* transcript.c */
#define MAXEV 640
extern struct ev tr[2][MAXEV];
extern unsigned ntr[2];
extern uint64_t self_id, peer_id;
extern unsigned cur_sc;
uint32_t hash(const void *p, uint32_t n);
void rec_start(int run);
void rec_stop(void);
void record(const struct ev *e, int side);
int transcripts_differ(unsigned *at);
void print_ev(const char *label, const struct ev *e);

/* handlers.c */
extern uint32_t hnd[NPORTS];
extern int is_peer;
int make_ports(unsigned first, unsigned end);
void note(const struct ev *e);
void note_resume(unsigned who, int st, const struct pier_frame *f,
		 const void *rbuf, uint32_t rbufsz);
void fill(uint8_t *p, uint32_t n, uint32_t seed);
int on_log(const struct pier_packet *pkt);
int serve(unsigned id, const struct pier_packet *pkt);

/* scenarios.c */
extern struct pier_frame *ro_frame;
extern struct pier_fastpath taken[2];  /* what each run added */
extern unsigned fails;
const char *sc_name(unsigned sc);
unsigned script_len(void);
unsigned fast_expected(void);
int on_run(const struct pier_packet *pkt);
int fastpath_switch(uint32_t on, struct pier_fastpath *so_far);

#endif
