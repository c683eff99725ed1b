/* bench: the data of the handler entry stubs (arch/riscv/user/bench_stubs.S). */
#include <stddef.h>
#include "bench.h"

/* Ends an activation with status 0; the kernel only reads it. */
struct pier_frame bench_ret_frame = {
	.frmsz = sizeof(struct pier_frame),
	.flags = PIER_OP_RETURN,
};

/* X's send to Y: the peer fills in dst once it holds Y's handle. */
struct pier_frame x_send_frame = {
	.frmsz = sizeof(struct pier_frame),
	.flags = PIER_OP_SEND,
	.type = MSG_STAMP,
};
uint64_t x_stamp;
