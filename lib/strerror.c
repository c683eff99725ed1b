/* pier_strerror: the one-line meaning of each status code in <pier/status.h>. */
#include <libpier.h>

/* Indexed by -status; keep in the order of enum pier_status. */
static const char *const texts[PIER_STATUS_COUNT] = {
	[-PIER_OK] = "done",
	[-PIER_E_HANDLE] = "no such handle",
	[-PIER_E_TYPE] = "message type not known to the port",
	[-PIER_E_FLAGS] = "unknown operation or flags in the frame",
	[-PIER_E_FRAME_SIZE] = "frame size not known to the kernel",
	[-PIER_E_PACKET_SIZE] = "packet too large or wrong size for its type",
	[-PIER_E_UNMAPPED] = "pointer to unmapped memory",
	[-PIER_E_KERNEL_ADDR] = "pointer to kernel memory",
	[-PIER_E_ALIGN] = "frame not 8-byte aligned",
	[-PIER_E_RANGE] = "buffer runs past the end of user space",
	[-PIER_E_FULL] = "destination queue full",
	[-PIER_E_RIGHTS] = "handle lacks the right",
	[-PIER_E_DEADLOCK] = "call would wait on itself",
	[-PIER_E_NOMEM] = "out of memory",
	[-PIER_E_NOENT] = "no such program, file or space",
	[-PIER_E_GONE] = "port destroyed before the packet was handled",
	[-PIER_E_STATE] = "not allowed now",
	[-PIER_E_ARG] = "request field out of range",
	[-PIER_E_REPLY_SIZE] = "reply larger than the reply buffer",
	[-PIER_E_BADELF] = "not a valid RISC-V ELF executable",
	[-PIER_E_UNSUPPORTED] = "not supported",
	[-PIER_E_LIMIT] = "fixed table full",
	[-PIER_E_FAULTED] = "the handler faulted",
	[-PIER_E_QUOTA] = "over the space's quota",
	[-PIER_E_RESTARTED] = "the server restarted before answering; repeat the request",
	[-PIER_E_BOUNDS] = "blocks past the end of the device",
	[-PIER_E_MISALIGNED] = "offset not a multiple of the block size",
	[-PIER_E_REGION] = "buffer outside the shared data region",
	[-PIER_E_READONLY] = "device is read-only",
	[-PIER_E_IO] = "device error",
	[-PIER_E_SESSION] = "no such session",
};

_Static_assert(-PIER_E_SESSION == PIER_STATUS_COUNT - 1,
	       "a status code was added: give it a text here");

const char *pier_strerror(int status)
{
	if (status > 0 || status <= -PIER_STATUS_COUNT || !texts[-status])
		return "unknown status";
	return texts[-status];
}
