/* SPDX-License-Identifier: BSD-2-Clause */
/* text_util.c - small helpers the dissectors' text summaries share. */
#include "ps_text.h"

/* "src.sport > dst.dport: " with the addresses of n, a network layer */
static void endpoints_text(const struct ps_layer *n, struct ps_out *o, unsigned sport,
			   unsigned dport)
{
	if (n->proto == PS_P_IPV4)
		ps_out_ipv4(o, n->u.ipv4.src);
	else
		ps_out_ipv6(o, n->u.ipv6.src);
	ps_out_char(o, '.');
	ps_out_u64(o, sport);
	PS_OUT_LIT(o, " > ");
	if (n->proto == PS_P_IPV4)
		ps_out_ipv4(o, n->u.ipv4.dst);
	else
		ps_out_ipv6(o, n->u.ipv6.dst);
	ps_out_char(o, '.');
	ps_out_u64(o, dport);
	PS_OUT_LIT(o, ": ");
}

void ps_text_endpoints(const struct ps_packet *p, unsigned li, struct ps_out *o, unsigned sport,
		       unsigned dport)
{
	/* the network layer is nearly always the one before */
	const struct ps_layer *prev = li ? &p->layers[li - 1] : 0;
	int ni = prev && (prev->proto == PS_P_IPV4 || prev->proto == PS_P_IPV6) &&
			 prev->parent == p->layers[li].parent
		 ? (int)li - 1
		 : ps_packet_net_before(p, li);

	if (ni < 0) {
		ps_out_u64(o, sport);
		PS_OUT_LIT(o, " > ");
		ps_out_u64(o, dport);
		PS_OUT_LIT(o, ": ");
		return;
	}
	/* the same text for every packet a flow sends this way: by the
	 * addresses and ports, from the output's memo (ps_out.h) */
	const struct ps_layer *n = &p->layers[ni];
	uint64_t key[5] = {0, 0, 0, 0, (uint64_t)sport << 16 | dport};
	if (n->proto == PS_P_IPV4) {
		memcpy(&key[0], n->u.ipv4.src, 4);
		memcpy(&key[2], n->u.ipv4.dst, 4);
		key[4] |= (uint64_t)4 << 32;
	} else {
		memcpy(&key[0], n->u.ipv6.src, 16);
		memcpy(&key[2], n->u.ipv6.dst, 16);
		key[4] |= (uint64_t)6 << 32;
	}
	struct ps_text_memo_mark mark = {0}; /* set on a miss; zeroed for GCC's flow analysis */
	if (ps_out_memo_text(o, key, &mark))
		return;
	endpoints_text(n, o, sport, dport);
	ps_out_memo_keep(o, key, &mark);
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
