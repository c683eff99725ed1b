/* Program start and handler return: the C half of the entry stubs in arch/riscv/user/entry.S. */

/*
 * A program runs only as handlers on its ports. The first activation is the
 * start port's, with the start packet whose data is the command line; it
 * becomes argc/argv and main(). When main returns, a program that made no
 * ports exits; one that did ends this activation and lives on, serving them.
 * The command line is quoted as lib/cmdline.c says: "a b" is one word.
 */
#include <libpier.h>
#include "port_tls.h"
#include "cmdline.h"

#include <stddef.h>
#include <stdlib.h>
#include <sys/lock.h>

int main(int argc, char **argv);
void __libc_init_array(void);

/* Flushes stdout (lib/stdio.c); weak so programs without stdio omit it. */
void pier_rt_flush(void) __attribute__((weak));
int pier_rt_start(const struct pier_packet *pkt);
_Noreturn void pier_rt_return(int status);
_Noreturn void pier_rt_return_packet(int status, const struct pier_packet *pkt);

/*
 * The start packet lives on the start port's stack, which the next
 * activation reuses, but argv must outlive main (a program may keep it for
 * its handlers): keep the words in static storage. A line of
 * PIER_PACKET_MAX bytes holds at most half as many words.
 */
static char line[PIER_PACKET_MAX + 1];
static char *args[PIER_PACKET_MAX / 2 + 2];

/*
 * This file is in every program, so what it refers to is taken from
 * libpier.a before libc.a is searched: our sbrk (lib/space.c), not
 * picolibc's, which needs a heap its linker script would define. The
 * reference is all that matters; --gc-sections drops the pointer.
 */
void *sbrk(ptrdiff_t incr);
__attribute__((used)) static void *(*const pull_sbrk)(ptrdiff_t) = sbrk;
/* The same for picolibc's lock hooks (lib/libc_lock.c): its own do-nothing
 * ones would be taken when its stdio or getenv asks for them first. */
void __retarget_lock_acquire(_LOCK_T lock);
__attribute__((used)) static void (*const pull_locks)(_LOCK_T) = __retarget_lock_acquire;

/* The program's name (argv[0]) for messages the runtime prints; NULL
 * before main. Zero-initialised, so a program without other data keeps
 * no data page (one page less to load at spawn). */
const char *pier_progname;

/* The command line into NUL-terminated words in place, unquoted
 * (lib/cmdline.c); argv[argc] = 0. A quote left open runs to the line's
 * end rather than failing the start: the program sees what was meant. */
static int split_args(const struct pier_packet *pkt)
{
	uint32_t n = pkt->size < PIER_PACKET_MAX ? pkt->size : PIER_PACKET_MAX;
	int argc = 0;

	for (uint32_t i = 0; i < n; i++)
		line[i] = (char)pkt->data[i];
	line[n] = '\0';
	cmdline_split(line, args, (int)(sizeof(args) / sizeof(args[0])) - 1);
	while (args[argc])
		argc++;
	return argc;
}

int pier_rt_start(const struct pier_packet *pkt)
{
	int rc;

	/* The start port's handle stays private, so only the kernel's start
	 * packet should ever arrive; refuse anything else rather than rerun main. */
	if (!(pkt->flags & PIER_PKT_START) || pkt->type != PIER_MSG_START)
		return PIER_E_TYPE;
	int argc = split_args(pkt);
	if (argc)
		pier_progname = args[0];
	port_tls_snapshot();    /* before anything changes a thread-local */
	__libc_init_array();
	rc = main(argc, args);
	/* As in C: returning from main is exit(), which runs the atexit
	 * handlers, then the destructors, then ends the space (_exit). */
	if (pier_ports_live == 0)
		exit(rc);
	return rc;
}

/* A handler's end: a handle its packet granted and it did not take
 * (pier_handle_take) goes back, so unasked grants never pile up. */
_Noreturn void pier_rt_return_packet(int status, const struct pier_packet *pkt)
{
	if (pkt->handle)
		pier_handle_drop(pkt->handle);
	pier_rt_return(status);
}

/*
 * End the activation. Output still buffered is written first, so each
 * activation's prints appear in order with everyone else's.
 */
_Noreturn void pier_rt_return(int status)
{
	struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_RETURN | (status == PIER_HOLD ? PIER_F_HOLD : 0),
		.status = status == PIER_HOLD ? PIER_OK : status,
	};

	if (pier_rt_flush)
		pier_rt_flush();
	status = pier_ecall(&f);
	/* Only a malformed frame comes back, which is a runtime bug: give up. */
	pier_exit(status);
}
