/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_packet.c - a stored packet into a dissected record (tui_packet.h). */
#include "ps_dissect.h"
#include "tui_packet.h"

void tui_packet_load(struct ps_packet *p, uint64_t pkt, const struct tui_rec *r,
		     const uint8_t *data, const char *iface)
{
	p->n = pkt + 1;
	p->ts_sec = r->sec;
	p->ts_frac = r->frac;
	p->ts_nano = r->nano;
	p->caplen = r->caplen;
	p->len = r->len;
	p->linktype = r->linktype;
	p->linktype_name = r->linktype_name;
	p->iface = iface;
	p->direction = r->direction;
	p->data = data;
	ps_dissect(p);
}
