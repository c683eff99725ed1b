/* bench: the driver's sample functions (figures.c) and the handles they use. */
#ifndef FIGURES_H
#define FIGURES_H

#include "bench.h"

extern uint32_t peer[PP_COUNT];	/* the peer's ports, from the mailbox */
extern uint32_t mailbox, settle_port, same_null, port_y;

int h_mailbox(const struct pier_packet *pkt, uint64_t stamp);
int h_y(const struct pier_packet *pkt, uint64_t stamp);
void frames_init(void);
int settle(void);
int drain(void);
int spawn_until(uint64_t id);

/* One sample each: *d = raw count between the two counter reads. */
typedef int (*sample_fn)(uint32_t *d);
int s_counter(uint32_t *d);
int s_nops100(uint32_t *d);
int s_null_kernel(uint32_t *d);
int s_call_oneway(uint32_t *d);
int s_call_oneway64(uint32_t *d);
int s_reply_oneway(uint32_t *d);
int s_roundtrip_other(uint32_t *d);
int s_roundtrip_same(uint32_t *d);
int s_send(uint32_t *d);
int s_dispatch(uint32_t *d);
int s_spawn(uint32_t *d);
int s_map_touch(uint32_t *d);
int s_unmap(uint32_t *d);

/* The parts of figures 6 and 7 a sample reports: from the event to the
 * handler, to the kernel's stamp, or from that stamp to the handler. */
enum part { WHOLE, TO_KERNEL, FROM_KERNEL };

/* irq_latency.c, timer_latency.c: figures 6 and 7; each setup returns a status. */
int irq_setup(void);
int s_irq(uint32_t *d);
int s_irq_stamp(uint32_t *d);
int s_irq_entry(uint32_t *d);
int timer_setup(void);
uint32_t timer_padding(void);
int s_timer(uint32_t *d);
int s_timer_queue(uint32_t *d);
int s_timer_dispatch(uint32_t *d);

/* rng_latency.c: figure 13, one random 16 through rng0; setup returns a status. */
int rng_setup(void);
int s_rng16(uint32_t *d);
/* blk_latency.c: figure 14, 4 KiB and 64 KiB reads through blk0. */
int blk_setup(void);
int s_blk4k(uint32_t *d);
int s_blk64k(uint32_t *d);

/* malloc_cost.c: figure 14. setup leaves `live` blocks allocated (with as
 * many holes between them when more than 10); release frees them all. */
int malloc_setup(unsigned live);
void malloc_release(void);
int s_malloc_free(uint32_t *d);

/* stack_cost.c: figure 16, a port with an 8 MiB stack made, and destroyed. */
int s_stack8m_create(uint32_t *d);
int s_stack8m_destroy(uint32_t *d);

/* lua_cost.c: figure 17, Lua started, recursing 25,000 or 150,000 deep, ended.
 * setup makes this space the supervisor of what it spawns from then on. */
int lua_setup(void);
int s_lua25k(uint32_t *d);
int s_lua150k(uint32_t *d);

/* main.c: a line on the kernel's debug port. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* irqoff.c: figure 12. phase() marks where a part of the run begins;
 * irqoff_report() prints the figure, if the kernel measures it. */
void phase(const char *name);
int irqoff_report(void);

#endif
