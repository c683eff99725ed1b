/* Who gets a console's input: registrations of the reader and the Ctrl-C port, and the foreground (coninput.h). */
#include <string.h>
#include <pier/console.h>
#include "coninput.h"

int coninput_may_read(const struct coninput *c, uint64_t who)
{
	return !c->controller || who == c->controller ||
	       (c->foreground && who == c->foreground);
}

/* Replace the handle in *slot (the IRQ port reads it: atomically). */
static void set_handle(uint32_t *slot, uint32_t h)
{
	uint32_t old = __atomic_exchange_n(slot, h, __ATOMIC_ACQ_REL);

	if (old)
		pier_handle_drop(old);
}

int coninput_msg(struct coninput *c, const struct pier_packet *pkt)
{
	uint64_t fg;
	uint32_t h;

	switch (pkt->type) {
	case PIER_CONSOLE_READER:
		h = pier_handle_take(pkt);
		if (h && !coninput_may_read(c, pkt->badge)) {
			pier_handle_drop(h);
			return PIER_E_RIGHTS;
		}
		set_handle(&c->reader, h);
		c->reader_space = h ? pkt->badge : 0;
		return PIER_OK;
	case PIER_CONSOLE_INTR:
		h = pier_handle_take(pkt);
		if (pkt->badge != c->controller)
			c->foreground = 0;      /* a new controller names its own */
		c->controller = h ? pkt->badge : 0;
		set_handle(&c->intr, h);
		return PIER_OK;
	case PIER_CONSOLE_FOREGROUND:
		if (pkt->size != sizeof(fg))
			return PIER_E_PACKET_SIZE;
		if (!c->controller || pkt->badge != c->controller)
			return PIER_E_RIGHTS;
		memcpy(&fg, pkt->data, sizeof(fg));
		c->foreground = fg;
		/* A reader the new foreground leaves out reads no more. */
		if (c->reader && !coninput_may_read(c, c->reader_space)) {
			set_handle(&c->reader, 0);
			c->reader_space = 0;
		}
		return PIER_OK;
	}
	return PIER_E_TYPE;
}
