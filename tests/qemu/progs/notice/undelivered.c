/* notice, part 3: packets still queued when their port is destroyed come back to their senders. */
#include <stdio.h>
#include <string.h>
#include "notice.h"

/*
 * X (prio 1) never runs before it is destroyed. A (5) sends it four
 * packets: empty, 5 bytes, 256 bytes (the fast path's sends) and one
 * granting a handle (the slow path's); B sends one and is destroyed
 * first; C's call waits there too. When X goes, A gets its four back as
 * PIER_MSG_UNDELIVERED (type, size, the first 248 bytes), B nothing,
 * C's call PIER_E_GONE; a packet X did take is never reported.
 */
#define T_BASE 0x300

static uint32_t port_x, port_a, port_b, port_c, port_y;
static struct { uint32_t type, size, got; uint8_t first, last; } back[8];
static int nback, c_status = 1, y_took;

static uint8_t big[PIER_PACKET_MAX];

static int on_x(const struct pier_packet *pkt)
{
	(void)pkt;
	printf("notice: FAIL X ran\n");
	return PIER_OK;
}

static int on_y(const struct pier_packet *pkt)
{
	(void)pkt;
	y_took++;
	return PIER_OK;
}

static int on_a(const struct pier_packet *pkt)
{
	struct pier_undelivered u;

	if (pkt->type == PIER_MSG_UNDELIVERED && pkt->badge == 0) {
		memcpy(&u, pkt->data, sizeof(u));
		if (nback < 8) {
			back[nback].type = u.type;
			back[nback].size = u.size;
			back[nback].got = pkt->size;
			back[nback].first = pkt->size > sizeof(u) ? pkt->data[sizeof(u)] : 0;
			back[nback].last = pkt->data[pkt->size - 1];
		}
		nback++;
		return PIER_OK;
	}
	check("A sends empty", pier_send(port_x, T_BASE, NULL, 0), PIER_OK);
	check("A sends 5", pier_send(port_x, T_BASE + 1, "hello", 5), PIER_OK);
	check("A sends 256", pier_send(port_x, T_BASE + 2, big, sizeof(big)), PIER_OK);
	check("A sends with a grant", pier_send_grant(port_x, T_BASE + 3, "g", 1, port_y), PIER_OK);
	check("A sends to Y", pier_send(port_y, T_BASE + 4, NULL, 0), PIER_OK);
	return PIER_OK;
}

static int on_b(const struct pier_packet *pkt)
{
	if (pkt->type != PIER_MSG_UNDELIVERED)
		return pier_send(port_x, T_BASE + 9, "b", 1);
	printf("notice: FAIL a destroyed sender was told\n");
	return PIER_OK;
}

static int on_c(const struct pier_packet *pkt)
{
	if (pkt->type == PIER_MSG_UNDELIVERED) {
		printf("notice: FAIL a caller was told UNDELIVERED\n");
		return PIER_OK;
	}
	c_status = pier_call(port_x, T_BASE + 8, NULL, 0, NULL, 0, NULL);
	return PIER_OK;
}

void undelivered_run(void)
{
	int rc = PIER_OK;

	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i + 1);
	rc |= pier_port_create(on_x, 1, 16, PIER_PORT_GRANTS, &port_x);
	rc |= pier_port_create(on_y, 6, 0, 0, &port_y);
	rc |= pier_port_create(on_a, 5, 16, 0, &port_a);
	rc |= pier_port_create(on_b, 5, 0, 0, &port_b);
	rc |= pier_port_create(on_c, 5, 0, 0, &port_c);
	check("undelivered setup", rc, PIER_OK);
	check("A", pier_send(port_a, 1, NULL, 0), PIER_OK);
	check("B", pier_send(port_b, 1, NULL, 0), PIER_OK);
	check("C", pier_send(port_c, 1, NULL, 0), PIER_OK);
	check("Y took its packet", y_took, 1);
	check("destroy B first", pier_port_destroy(port_b), PIER_OK);
	check("nothing back yet", nback, 0);
	check("destroy X", pier_port_destroy(port_x), PIER_OK);
	check("C's call", c_status, PIER_E_GONE);
	check("A's four came back", nback, 4);
	for (int i = 0; i < 4 && i < nback; i++)
		check("in order, with their types", back[i].type, T_BASE + (uint32_t)i);
	check("empty", back[0].size, 0);
	check("empty: the header only", back[0].got, sizeof(struct pier_undelivered));
	check("5 bytes", back[1].size, 5);
	check("5 bytes back", back[1].got, sizeof(struct pier_undelivered) + 5);
	check("5 bytes: the first", back[1].first, 'h');
	check("5 bytes: the last", back[1].last, 'o');
	check("256 bytes", back[2].size, PIER_PACKET_MAX);
	check("248 of them back", back[2].got, PIER_PACKET_MAX);
	check("256 bytes: the first", back[2].first, 1);
	check("256 bytes: the last one back", back[2].last, PIER_UNDELIVERED_MAX);
	check("the granting one", back[3].size, 1);
	check("destroy A", pier_port_destroy(port_a), PIER_OK);
	check("destroy C", pier_port_destroy(port_c), PIER_OK);
	check("destroy Y", pier_port_destroy(port_y), PIER_OK);
}
