/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_key.c - a packet's conversation key, read from the dissected record.
 *
 * The conversation is the innermost IP header's (a tunnel's payload, not the
 * tunnel, as tshark, Zeek and Suricata compute Community ID), never a header
 * quoted inside an ICMP error.  Endpoints are ordered as Community ID orders
 * them (lower address, then lower port, first), so both directions share one
 * key.  ICMP "ports" are Community ID's type/counterpart pair; echo-like
 * messages also key on their identifier, so two pings between the same
 * hosts are two conversations.  An IP fragment is keyed by its address pair
 * and protocol only: without reassembly only the first one has ports.
 */
#include "flow_key_int.h"

int ps_flow_next_ip(const struct ps_packet *p, int from)
{
	for (unsigned i = (unsigned)from; i < p->nlayers; i++)
		if (fk_usable_ip(p, i))
			return (int)i;
	return -1;
}

bool ps_flow_key_of(const struct ps_packet *p, struct ps_flow_pkt *k)
{
	int last = -1;
	for (int at = 0; (at = ps_flow_next_ip(p, at)) >= 0; at++)
		last = at;
	return ps_flow_key_at(p, last, k);
}

bool ps_flow_key_at(const struct ps_packet *p, int ipl, struct ps_flow_pkt *k)
{
	if (ipl < 0 || ps_flow_next_ip(p, ipl) != ipl) {
		memset(k, 0, sizeof *k);
		k->tl = -1;
		k->ipl = ipl;
		return false;
	}
	ps_fk_fill(p, ipl, ps_packet_first_vlan(p), k);
	return true;
}
