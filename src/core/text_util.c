/* SPDX-License-Identifier: BSD-2-Clause */
/* text_util.c - small helpers the dissectors' text summaries share. */
#include "ps_text.h"

void ps_text_endpoints(const struct ps_packet *p, unsigned li, struct ps_out *o, unsigned sport,
		       unsigned dport)
{
	int ni = ps_packet_net_before(p, li);
	const struct ps_layer *n = ni >= 0 ? &p->layers[ni] : 0;

	if (n && n->proto == PS_P_IPV4)
		ps_out_ipv4(o, n->u.ipv4.src);
	else if (n)
		ps_out_ipv6(o, n->u.ipv6.src);
	if (n)
		ps_out_char(o, '.');
	ps_out_u64(o, sport);
	PS_OUT_LIT(o, " > ");
	if (n && n->proto == PS_P_IPV4)
		ps_out_ipv4(o, n->u.ipv4.dst);
	else if (n)
		ps_out_ipv6(o, n->u.ipv6.dst);
	if (n)
		ps_out_char(o, '.');
	ps_out_u64(o, dport);
	PS_OUT_LIT(o, ": ");
}

static const struct {
	unsigned type;
	const char *name;
} ethertypes[] = {
	{0x0800, "IPv4"},  {0x0806, "ARP"},          {0x86dd, "IPv6"},   {0x8100, "802.1Q"},
	{0x88a8, "802.1Q-QinQ"}, {0x9100, "802.1Q-9100"}, {0x8035, "Reverse ARP"},
	{0x8847, "MPLS unicast"}, {0x8848, "MPLS multicast"}, {0x888e, "EAPOL"},
	{0x88cc, "LLDP"},  {0x8863, "PPPoE D"},      {0x8864, "PPPoE S"}, {0x88e5, "MACsec"},
	{0x8902, "CFM"},   {0x22f0, "TSN"},          {0x8808, "MPCP"},   {0x88f7, "PTP"},
	{0x9000, "Loopback"},
};

void ps_text_ethertype(struct ps_out *o, unsigned type)
{
	const char *name = "Unknown";
	for (unsigned i = 0; i < sizeof ethertypes / sizeof ethertypes[0]; i++)
		if (ethertypes[i].type == type)
			name = ethertypes[i].name;
	ps_out_str(o, name);
	PS_OUT_LIT(o, " (0x");
	ps_out_hex(o, type, 4);
	ps_out_char(o, ')');
}
