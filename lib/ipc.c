/* Send, call and reply: the three ways a frame travels, as C functions. */
#include <libpier.h>

/* A frame that expects no reply: a send, or a reply to a call being handled. */
static int issue(uint16_t flags, uint32_t dst, uint32_t type, const void *data,
		 uint32_t size, uint32_t grant)
{
	struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = flags,
		.type = type,
		.dst = dst,
		.pktsz = size,
		.pkt = data,
		.grant = grant,
	};

	return pier_ecall(&f);
}

int pier_send(uint32_t dst, uint32_t type, const void *data, uint32_t size)
{
	return issue(PIER_OP_SEND, dst, type, data, size, PIER_H_NONE);
}

int pier_send_grant(uint32_t dst, uint32_t type, const void *data,
		    uint32_t size, uint32_t grant)
{
	return issue(PIER_OP_SEND, dst, type, data, size, grant);
}

int pier_request(uint32_t dst, uint32_t type, const void *data, uint32_t size,
		 uint32_t answer)
{
	return issue(PIER_OP_SEND | PIER_F_ANSWER, dst, type, data, size, answer);
}

/*
 * The caller fills in everything but the size and the operation, which
 * this sets; the kernel writes rsz, rtype and rgrant back into *f.
 */
int pier_call_frame(struct pier_frame *f)
{
	f->frmsz = sizeof(*f);
	f->flags = (uint16_t)((f->flags & ~PIER_OP_MASK) | PIER_OP_CALL);
	return pier_ecall(f);
}

int pier_call(uint32_t dst, uint32_t type, const void *data, uint32_t size,
	      void *rbuf, uint32_t rbufsz, uint32_t *rsz)
{
	struct pier_frame f = {
		.type = type,
		.dst = dst,
		.pktsz = size,
		.pkt = data,
		.rbuf = rbuf,
		.rbufsz = rbufsz,
	};
	int rc = pier_call_frame(&f);

	if (rsz)
		*rsz = f.rsz;	/* stays 0 if no reply data came */
	return rc;
}

/* The caller's pier_call() returns PIER_OK with this data as its reply. */
int pier_reply(uint32_t type, const void *data, uint32_t size)
{
	return pier_reply_grant(type, data, size, PIER_H_NONE);
}

/* The same, passing a handle along (the caller finds it in its frame's rgrant). */
int pier_reply_grant(uint32_t type, const void *data, uint32_t size,
		     uint32_t grant)
{
	return issue(PIER_OP_REPLY, 0, type, data, size, grant);
}

/* Answer the oldest call this port held (a handler that returned PIER_HOLD). */
int pier_reply_held(uint32_t type, const void *data, uint32_t size)
{
	return issue(PIER_OP_REPLY | PIER_F_HELD, 0, type, data, size, 0);
}

/* A call whose reply must be exactly replysz bytes (0: no reply data). */
int pier_call_exact(uint32_t dst, uint32_t type, const void *req, uint32_t size,
		    void *reply, uint32_t replysz)
{
	uint32_t got = 0;
	int rc = pier_call(dst, type, req, size, reply, replysz, &got);

	if (rc == PIER_OK && got != replysz)
		return PIER_E_PACKET_SIZE;	/* a kernel out of step with us */
	return rc;
}

/* Hold the call being handled: its token (> 0), or a status. The
 * kernel only reads the frame, which is the same every time. */
int pier_hold(void)
{
	static struct pier_frame f = { .frmsz = sizeof(f), .flags = PIER_OP_HOLD };

	return pier_ecall(&f);
}

void pier_rt_flush(void) __attribute__((weak));	/* lib/stdio.c */

/* pier_reply_token below, ending the activation: back only if refused.
 * With ack, also acknowledging interrupt index of device dev. */
static int return_held(uint32_t token, int status, uint32_t type, const void *data,
		       uint32_t size, int ack, uint32_t dev, uint32_t index)
{
	struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_RETURN | PIER_F_HELD | (ack ? PIER_F_ACK : 0),
		.type = type,
		.dst = token,
		.pktsz = size,
		.pkt = data,
		.grant = dev,           /* with PIER_F_ACK: the device */
		.status = status,
		.rbufsz = index,        /* with PIER_F_ACK: its interrupt */
	};

	if (pier_rt_flush)
		pier_rt_flush();
	return pier_ecall(&f);
}

int pier_return_token(uint32_t token, int status, uint32_t type, const void *data,
		      uint32_t size)
{
	return return_held(token, status, type, data, size, 0, 0, 0);
}

int pier_return_token_ack(uint32_t token, int status, uint32_t type, const void *data,
			  uint32_t size, uint32_t dev, uint32_t index)
{
	return return_held(token, status, type, data, size, 1, dev, index);
}

/* Answer the held call named by token (0: the oldest); its call returns status. */
int pier_reply_token(uint32_t token, int status, uint32_t type, const void *data,
		     uint32_t size)
{
	struct pier_frame f = {
		.frmsz = sizeof(f),
		.flags = PIER_OP_REPLY | PIER_F_HELD,
		.type = type,
		.dst = token,
		.pktsz = size,
		.pkt = data,
		.status = status,
	};

	return pier_ecall(&f);
}
