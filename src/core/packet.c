/* SPDX-License-Identifier: BSD-2-Clause */
/* packet.c - queries over a dissected packet record, and its side area. */
#include <stddef.h>
#include <string.h>

#include "ps_packet.h"

int ps_packet_find(const struct ps_packet *p, enum ps_proto proto)
{
	for (unsigned i = 0; i < p->nlayers; i++)
		if (p->layers[i].proto == proto && p->layers[i].parent < 0)
			return (int)i;
	return -1;
}

int ps_packet_net_before(const struct ps_packet *p, unsigned li)
{
	if (li >= p->nlayers)
		return -1;
	int parent = p->layers[li].parent;
	for (unsigned i = li; i-- > 0;) {
		const struct ps_layer *l = &p->layers[i];
		if (l->parent != parent)
			continue;
		if (l->proto == PS_P_IPV4 || l->proto == PS_P_IPV6)
			return (int)i;
	}
	return -1;
}

bool ps_packet_has_event(const struct ps_packet *p, enum ps_event_code code)
{
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].code == code)
			return true;
	return false;
}

void *ps_side_alloc(struct ps_packet *p, size_t n, uint16_t *at)
{
	void *room = ps_side_reserve(p, n, at);
	if (room)
		memset(room, 0, n);
	return room;
}

bool ps_packet_in_quote(const struct ps_packet *p, int li)
{
	for (int j = li; j >= 0; j = p->layers[j].parent)
		if (p->layers[j].nest == PS_NEST_QUOTE)
			return true;
	return false;
}

uint16_t ps_packet_first_vlan(const struct ps_packet *p)
{
	for (unsigned i = 0; i < p->nlayers; i++)
		if (p->layers[i].proto == PS_P_VLAN && p->layers[i].parent < 0)
			return p->layers[i].u.vlan.id;
	return 0;
}

void ps_packet_copy(struct ps_packet *dst, const struct ps_packet *src)
{
	size_t head = offsetof(struct ps_packet, side) + src->side_used;
	size_t tail = offsetof(struct ps_packet, flow);
	memcpy(dst, src, head);
	memcpy((char *)dst + tail, (const char *)src + tail, sizeof *src - tail);
}

void ps_packet_cut_after(struct ps_packet *p, unsigned li)
{
	unsigned n = 0;
	if (li + 1 < p->nlayers)
		p->nlayers = (uint8_t)(li + 1);
	p->any_truncated = p->any_malformed = false;
	for (unsigned i = 0; i < p->nevents; i++) {
		struct ps_event ev = p->events[i];
		if (ev.layer >= (int)p->nlayers)
			continue;
		p->events[n++] = ev;
		/* counted as the driver counts them (dissect.c add_event) */
		bool top = ev.layer < 0 || p->layers[ev.layer].parent < 0;
		enum ps_event_kind kind = ps_event_kind(ev.code);
		if (top && kind == PS_EVK_TRUNC)
			p->any_truncated = true;
		else if (top && kind != PS_EVK_ANALYSIS)
			p->any_malformed = true;
	}
	p->nevents = (uint8_t)n;
}

void ps_frame_clock_stamp(struct ps_frame_clock *c, struct ps_packet *p)
{
	uint32_t ns = ps_packet_ns(p);
	if (!c->started) {
		c->started = true;
		c->first_sec = c->prev_sec = p->ts_sec;
		c->first_ns = c->prev_ns = ns;
	}
	p->ref = (struct ps_frame_ref){.set = true, .first_sec = c->first_sec, .first_ns = c->first_ns,
				       .prev_sec = c->prev_sec, .prev_ns = c->prev_ns,
				       .disp_sec = c->prev_sec, .disp_ns = c->prev_ns};
	c->prev_sec = p->ts_sec;
	c->prev_ns = ns;
}
