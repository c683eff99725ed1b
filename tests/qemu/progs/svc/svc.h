/* The svc test service's requests (tests/qemu/progs/svc), as its client svcuse sends them. */
#ifndef SVC_H
#define SVC_H

enum svc_msg {
	SVC_ECHO = 1,   /* reply: uint64_t, this instance's start time in ticks */
	SVC_EXIT = 2,   /* the server exits while handling the call */
	SVC_CRASH = 3,  /* the server holds the call, then faults from another port */
};

#endif
