/* Status codes returned by every Pier operation: one enum, each a named negative number. */
#ifndef PIER_STATUS_H
#define PIER_STATUS_H

/*
 * A status is returned as a plain int: PIER_OK (0) or one of the negative
 * codes below. The numbers are part of the ABI and never change meaning;
 * new codes are added at the end. pier_strerror() in the user library
 * turns each into a one-line text.
 */
enum pier_status {
	PIER_OK = 0,            /* done */
	PIER_E_HANDLE = -1,     /* no such handle in this space's port table */
	PIER_E_TYPE = -2,       /* the port does not know this message type */
	PIER_E_FLAGS = -3,      /* unknown operation or flag bits in the frame */
	PIER_E_FRAME_SIZE = -4, /* frame size (frmsz) is not one the kernel knows */
	PIER_E_PACKET_SIZE = -5,/* packet larger than PIER_PACKET_MAX, or the wrong size for its type */
	PIER_E_UNMAPPED = -6,   /* a pointer names user memory that is not mapped (or lacks the needed permission) */
	PIER_E_KERNEL_ADDR = -7,/* a pointer names kernel memory */
	PIER_E_ALIGN = -8,      /* the frame pointer is not 8-byte aligned */
	PIER_E_RANGE = -9,      /* a buffer runs past the end of user space */
	PIER_E_FULL = -10,      /* the destination queue is full; nothing was sent */
	PIER_E_RIGHTS = -11,    /* the handle lacks the right this operation needs */
	PIER_E_DEADLOCK = -12,  /* this call would wait on itself */
	PIER_E_NOMEM = -13,     /* the machine is out of memory */
	PIER_E_NOENT = -14,     /* no such program in the boot image */
	PIER_E_GONE = -15,      /* the port was destroyed before the packet was handled */
	PIER_E_STATE = -16,     /* not allowed now (e.g. reply with no call pending) */
	PIER_E_ARG = -17,       /* a field of the request is out of range */
	PIER_E_REPLY_SIZE = -18,/* the reply is larger than the caller's reply buffer */
	PIER_E_BADELF = -19,    /* the program is not a valid RISC-V ELF executable */
	PIER_E_UNSUPPORTED = -20,/* the kernel or firmware cannot do this */
	PIER_E_LIMIT = -21,     /* a fixed table is full (handles, ports) */
	PIER_E_FAULTED = -22,   /* the handler serving the call faulted */
	PIER_E_QUOTA = -23,     /* over the space's quota (its own, or what it may give a child) */
	PIER_E_RESTARTED = -24, /* the server ended before answering; its port lives on with a new
				 * server: the request may be repeated */
	PIER_E_BOUNDS = -25,    /* the request names blocks past the end of the device */
	PIER_E_MISALIGNED = -26,/* an offset is not a multiple of the device's block size */
	PIER_E_REGION = -27,    /* the buffer named is not wholly inside the shared data region */
	PIER_E_READONLY = -28,  /* a write to a read-only device */
	PIER_E_IO = -29,        /* the device reported an error */
	PIER_E_SESSION = -30,   /* no such session (closed, never opened, or another space's) */
};

#define PIER_STATUS_COUNT 31    /* number of codes, PIER_OK included */

#endif
