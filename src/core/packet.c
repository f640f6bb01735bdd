/* SPDX-License-Identifier: BSD-2-Clause */
/* packet.c - queries over a dissected packet record, and its side area. */
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
	size_t start = (p->side_used + 7u) & ~(size_t)7u;
	if (start > PS_SIDE_BYTES || n > PS_SIDE_BYTES - start) {
		*at = PS_SIDE_NONE;
		return 0;
	}
	p->side_used = (uint32_t)(start + n);
	*at = (uint16_t)start;
	memset(p->side + start, 0, n);
	return p->side + start;
}
