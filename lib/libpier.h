/* The Pier user runtime: what programs call. Built on the ABI in <pier/pier.h>. */
#ifndef LIBPIER_H
#define LIBPIER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <pier/pier.h>

/*
 * A handler is a plain C function. It runs once per packet on its port and
 * returns a status: for a call it has not replied to, that status is what
 * the caller's pier_call() returns.
 */
typedef int (*pier_handler_fn)(const struct pier_packet *pkt);

/*
 * A handler that returns PIER_HOLD leaves its caller waiting: the call joins
 * the port's FIFO of held calls, to be answered later, from any activation
 * of the same port, with pier_reply_held().
 */
#define PIER_HOLD 1

/* The one system call: issue a frame, get a status. */
int pier_ecall(struct pier_frame *f);

/* Queue a packet at a port and return at once. */
int pier_send(uint32_t dst, uint32_t type, const void *data, uint32_t size);
/* The same, passing a handle along (the receiver finds it in pkt->handle). */
/* Any kernel port request, answered as a PIER_MSG_ANSWER packet at port answer. */
int pier_request(uint32_t dst, uint32_t type, const void *data, uint32_t size,
		 uint32_t answer);
int pier_send_grant(uint32_t dst, uint32_t type, const void *data,
		    uint32_t size, uint32_t grant);
/* Send and wait for the reply; rsz (may be NULL) gets the reply's size. */
int pier_call(uint32_t dst, uint32_t type, const void *data, uint32_t size,
	      void *rbuf, uint32_t rbufsz, uint32_t *rsz);
/* A call whose reply must be exactly replysz bytes: PIER_E_PACKET_SIZE if not. */
int pier_call_exact(uint32_t dst, uint32_t type, const void *req, uint32_t size,
		    void *reply, uint32_t replysz);
/* The full form: everything in a frame the caller fills in. */
int pier_call_frame(struct pier_frame *f);
/* Answer the call being handled (the handler goes on running). */
int pier_reply(uint32_t type, const void *data, uint32_t size);
/* The same, granting a handle with the reply (the caller's frame rgrant). */
int pier_reply_grant(uint32_t type, const void *data, uint32_t size,
		     uint32_t grant);
/* Answer the oldest held call; PIER_E_STATE if none is held. */
int pier_reply_held(uint32_t type, const void *data, uint32_t size);

/* Create a port in this space whose handler is fn; *handle gets its handle.
 * flags: PIER_PORT_IDLE, and the consents PIER_PORT_GRANTS (packets may
 * bring handles) and PIER_PORT_SHARES (others may share pages into this
 * space through it). */
int pier_port_create(pier_handler_fn fn, uint32_t priority, uint32_t depth,
		     uint32_t flags, uint32_t *handle);
/* The same with a handler stack of stack_kib KiB, rounded up to 4 KiB
 * pages, at most 4 * PIER_STACK_PAGES_MAX (8 MiB); 0: the default 16 KiB.
 * Its pages are mapped on first touch and charged to this space's quota
 * as they are; only the top page at once. */
int pier_port_create_stack(pier_handler_fn fn, uint32_t priority, uint32_t depth,
			   uint32_t flags, uint32_t stack_kib, uint32_t *handle);
int pier_port_destroy(uint32_t handle);
/* Give a handle back (one to a port that has gone, mostly); its entry is reused. */
int pier_handle_drop(uint32_t handle);
/* A new handle to the same port with only the rights in mask, to grant on. */
int pier_handle_derive(uint32_t handle, uint32_t rights, uint32_t *out);
/*
 * Keep the handle a packet granted: returns it (0 if none). A handle the
 * handler has not taken is dropped when the handler returns, so a sender
 * cannot fill a server's port table with handles it never asked for.
 */
uint32_t pier_handle_take(const struct pier_packet *pkt);
/* Ask for idle packets on a port this space owns (on = 1), or stop. */
int pier_idle(uint32_t handle, int on);

/* Start a program from the boot image: cmdline = "name args...". */
int pier_spawn(const char *cmdline, uint32_t priority, uint32_t grant,
	       uint64_t *space);
/* The same with PIER_SPAWN_* flags (PIER_SPAWN_SUPER passes the super right on). */
int pier_spawn_flags(const char *cmdline, uint32_t priority, uint32_t flags,
		     uint32_t grant, uint64_t *space);
/* The same with a page quota for the child, out of this space's own (0 =
 * no limit, which only a space without one may give). */
int pier_spawn_quota(const char *cmdline, uint32_t priority, uint32_t flags,
		     uint32_t grant, uint64_t quota, uint64_t *space);
/* The same with the highest priority the child may ever use (the others
 * give it the start priority): at most this space's own. */
int pier_spawn_max(const char *cmdline, uint32_t priority, uint32_t max_priority,
		   uint32_t flags, uint32_t grant, uint64_t quota, uint64_t *space);
/* The same with the child's main stack in KiB (a multiple of 4, at most
 * 4 * PIER_STACK_PAGES_MAX; 0: what the program's Pier note asks, else
 * PIER_MAIN_STACK_KIB_DEFAULT: pier/ports.h). */
int pier_spawn_stack(const char *cmdline, uint32_t priority, uint32_t max_priority,
		     uint32_t flags, uint32_t grant, uint64_t quota, uint32_t stack_kib,
		     uint64_t *space);
/* This owned port gets PIER_MSG_FAULT packets of the spaces spawned from now on. */
int pier_supervise(uint32_t port);

/*
 * The space port, the memory manager (pier/space.h). malloc and its
 * friends (lib/malloc.c) take their pages from it. pier_map, pier_unmap and pier_protect
 * take any number of pages, in requests of PIER_SPACE_PAGES_MAX; a map
 * that fails leaves nothing mapped, an unmap or protect that fails leaves
 * the pieces before the failing one done. pier_find: where a map of that
 * many pages "anywhere" would go now.
 */
int pier_map(uint64_t addr, uint32_t pages, uint32_t prot, uint64_t *out);
int pier_unmap(uint64_t addr, uint32_t pages);
int pier_protect(uint64_t addr, uint32_t pages, uint32_t prot);
int pier_query(uint64_t addr, struct pier_query *out);
int pier_find(uint32_t pages, uint64_t *out);
/*
 * The same requests made asynchronously (lib/space_async.c): each returns
 * once the request is served, and its outcome arrives at port `answer`
 * (a handle with the send right) as a PIER_MSG_ANSWER packet, whose
 * struct pier_answer holds the request type, its status and the reply
 * (pier_mapped for map and share, pier_query for query). Answers come
 * in order.
 */
int pier_map_async(uint64_t addr, uint32_t pages, uint32_t prot, uint32_t answer);
int pier_unmap_async(uint64_t addr, uint32_t pages, uint32_t answer);
int pier_protect_async(uint64_t addr, uint32_t pages, uint32_t prot, uint32_t answer);
int pier_query_async(uint64_t addr, uint32_t answer);
int pier_find_async(uint32_t pages, uint32_t answer);
int pier_share_async(uint32_t to, uint64_t addr, uint32_t pages, uint32_t prot,
		     uint64_t at, uint32_t answer);
/*
 * Map pages of this space at addr into the space owning port `to` too (a
 * handle with the send right), at `at` there or anywhere (0): the same
 * pages, read-only or read-write. *out (may be NULL) gets the address there.
 * One request: at most PIER_SPACE_PAGES_MAX pages (a piece that failed
 * could not be taken back from the other space).
 */
int pier_share(uint32_t to, uint64_t addr, uint32_t pages, uint32_t prot,
	       uint64_t at, uint64_t *out);
/* Read part of the device tree blob; *got gets the bytes read (short at the end). */
int pier_dtb_read(uint32_t offset, void *buf, uint32_t size, uint32_t *got);
/* The index-th space, and the index-th port of a space: PIER_E_NOENT past the last. */
int pier_space_info(uint32_t index, struct pier_space_info *out);
int pier_port_info(uint64_t space, uint32_t index, struct pier_port_info *out);
/* This space: its id, the CPU time it has used, its highest priority. */
int pier_self(struct pier_self *out);
/* Destroy a space (needs PIER_R_SUPER). */
int pier_kill(uint64_t space);
/* Pages of RAM: total, free, the kernel's own. */
int pier_meminfo(struct pier_meminfo *out);
/* Make a device handle (init only: needs PIER_R_SUPER): one range, one
 * interrupt or none (0), the root as its node; pier_device_create_req
 * below makes a whole device. */
int pier_device_create(uint64_t base, uint64_t size, uint32_t irq,
		       uint32_t *handle);
/* Read part of a boot-image file; *got gets the bytes read (0 at the end). */
int pier_bootfile(const char *name, uint32_t offset, void *buf, uint32_t size,
		  uint32_t *got);
/* End this program: every port and page of its space goes. */
_Noreturn void pier_exit(int code);
/* Power the machine off (init only). */
int pier_shutdown(void);

/* The timer port (PIER_H_TIMER): the time, and timers as packets on a port. */
int pier_time_now(struct pier_time *t);
/* PIER_MSG_TIMER packets to port at when (absolute ticks, or from now with
 * PIER_TIMER_RELATIVE), then every period ticks if period is not 0. */
int pier_timer_set(uint32_t port, uint32_t flags, uint64_t when,
		   uint64_t period, uint64_t cookie, uint64_t *id);
int pier_timer_cancel(uint64_t id);

/* A device handle (pier/device.h): these name its first range and interrupt (index 0). */
/* Map the registers; *va gets where base is, read-write and uncached. */
int pier_dev_map(uint32_t dev, volatile void **va);
/* The device's interrupts become PIER_MSG_IRQ packets on port (ours). */
int pier_dev_irq_bind(uint32_t dev, uint32_t port);
/* Served: complete and unmask. Until then the source stays masked. */
int pier_dev_irq_ack(uint32_t dev);
int pier_dev_irq_mask(uint32_t dev);
int pier_dev_irq_unmask(uint32_t dev);

/*
 * The console (<pier/console.h> has its protocol). A program started by init,
 * or by the shell, finds the console port at PIER_H_PARENT; stdout uses it
 * from the first write on, and the debug port when there is none.
 * pier_console() is that handle or 0; pier_console_set() names another
 * (init, which gets the console from the driver). pier_stdin_push() feeds
 * bytes a reader port received to stdin, whose reads never wait: EOF means
 * "nothing typed yet".
 */
uint32_t pier_console(void);
void pier_console_set(uint32_t handle);
void pier_stdin_push(const void *data, uint32_t size);

/*
 * Held calls with tokens (pier/frame.h). pier_hold() holds the call being
 * handled and returns its token (> 0) or a status; the handler's return
 * then no longer answers it. pier_reply_token() answers that call with a
 * status (what the caller's call returns) and reply data, in any order.
 * pier_return_token() does the same and ends the activation, in one
 * system call (buffered stdout is written first, as at any return); it
 * comes back only if the answer was refused, with its status and nothing
 * done (the activation goes on). The activation's own call, if it has
 * one, must be answered or held before (else PIER_E_STATE).
 */
int pier_hold(void);
int pier_reply_token(uint32_t token, int status, uint32_t type,
		     const void *data, uint32_t size);
int pier_return_token(uint32_t token, int status, uint32_t type,
		      const void *data, uint32_t size);
/* The same, also acknowledging interrupt index of device handle dev
 * (PIER_F_ACK): an interrupt handler's last answer. Refused, neither is done. */
int pier_return_token_ack(uint32_t token, int status, uint32_t type, const void *data,
			  uint32_t size, uint32_t dev, uint32_t index);

/* Detached ports and watches (pier/ports.h). */
int pier_port_create_detached(uint32_t depth, uint32_t *handle);
int pier_port_attach(uint32_t handle, pier_handler_fn fn, uint32_t priority,
		     uint32_t flags);
int pier_port_detach(uint32_t handle);
int pier_watch(uint32_t handle, uint32_t port, uint64_t cookie);
int pier_unwatch(uint32_t handle, uint64_t cookie);

/* A device handle's every range and interrupt (pier/device.h). */
int pier_device_create_req(const struct pier_device_req *req, uint32_t *handle);
int pier_dev_info_all(uint32_t dev, struct pier_device_info *out);
int pier_dev_map_index(uint32_t dev, uint32_t index, volatile void **va);
int pier_dev_irq_bind_index(uint32_t dev, uint32_t index, uint32_t port);
int pier_dev_irq_ack_index(uint32_t dev, uint32_t index);
/* DMA memory: contiguous, zeroed, read-write, charged to this space. */
int pier_dma_alloc(uint32_t dev, uint32_t pages, struct pier_dma *out);
int pier_dma_free(uint32_t dev, uint64_t va);
int pier_dma_sync(uint32_t dev, uint64_t va, uint64_t size, uint32_t dir);
int pier_dma_reset(uint32_t dev);

/*
 * Services by name, through the name port init gave this program at
 * PIER_H_PARENT (pier/names.h). pier_lookup: a send handle to the named
 * service. pier_serve: the named service's port, to attach a handler to
 * (then pier_serve_ready). pier_my_device: the device init made for this
 * driver. pier_names(): the name port, or 0 if PIER_H_PARENT is not one.
 */
uint32_t pier_names(void);
int pier_lookup(const char *name, uint32_t *handle);
int pier_serve(const char *name, pier_handler_fn fn, uint32_t priority,
	       uint32_t flags, uint32_t *handle);
int pier_serve_ready(const char *name);
int pier_my_device(uint32_t *dev);

/*
 * Time and entropy from device services (lib/time.c, lib/entropy.c):
 * gettimeofday and clock_gettime (CLOCK_REALTIME from "rtc0",
 * CLOCK_MONOTONIC from the timer port), getentropy from "rng0".
 * picolibc declares clock_gettime only with _POSIX_TIMERS, whose other
 * calls (timer_create...) Pier lacks, so it is declared here.
 */
#ifndef PIER_HOST   /* host tests that include this use the host's own */
int clock_gettime(clockid_t id, struct timespec *tp);
#endif

/* argv[0], for messages the runtime prints (NULL before main starts). */
extern const char *pier_progname;

/* The one-line meaning of a status code. */
const char *pier_strerror(int status);

/*
 * A lock for the ports of one program (lib/mutex.c), which preempt each
 * other: a port that finds it held sleeps in a call to a private port of
 * the runtime until the holder's unlock hands it over, oldest waiter
 * first, so the holder runs even if its priority is lower. Free when
 * zero (static storage, or PIER_MUTEX_INIT). Uncontended, lock and unlock
 * are one atomic instruction each and no kernel call. Not recursive;
 * only the holder unlocks.
 *
 * pier_mutex_lock: PIER_OK once held; else the lock was not taken:
 * PIER_E_LIMIT (64 ports of the program wait already), PIER_E_FULL (the
 * lock port's queue is full), PIER_E_QUOTA and the like (its port could
 * not be made). pier_mutex_trylock: PIER_OK or PIER_E_STATE (held).
 * pier_mutex_unlock: PIER_OK; PIER_E_STATE if it was not held; an error
 * of the wake call (PIER_E_FULL): it is free, but its waiters wait on
 * until the next unlock.
 */
struct pier_mutex {
	uint32_t state;    /* lib/mutex_core.h; only the pier_mutex_* calls touch it */
	uint32_t waits;    /* locks that found it held and had to wait */
};
#define PIER_MUTEX_INIT { 0, 0 }

int pier_mutex_lock(struct pier_mutex *m);
int pier_mutex_trylock(struct pier_mutex *m);
int pier_mutex_unlock(struct pier_mutex *m);

/* malloc (lib/malloc.c): pages it has mapped and given back so far. */
void pier_malloc_pages(uint64_t *mapped, uint64_t *returned);
/* How many calls into malloc and friends found the heap's lock held and waited. */
uint32_t pier_malloc_waits(void);
/* The same for characters put to stdout and stderr (lib/stdio.c). */
uint32_t pier_stdout_waits(void);

/*
 * How many ports this program created through pier_port_create and has not
 * destroyed. When main returns, a program with none exits; one with ports
 * goes on serving them.
 */
extern unsigned pier_ports_live;

#endif
