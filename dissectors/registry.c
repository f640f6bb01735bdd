/* SPDX-License-Identifier: BSD-2-Clause */
/* registry.c - the one table that links dissectors together.
 *
 * Rows are (table, key) -> dissector: link type -> first dissector,
 * EtherType -> ARP/IPv4/IPv6/VLAN, IP protocol -> TCP/UDP/ICMP/ICMPv6 (and
 * IP-in-IP, which the driver nests as "inner").  No self-registration: this
 * file is the whole picture.  An unknown key ends the chain as payload.
 */
#include "ps_dissect.h"
#include "ps_linktype.h"

extern const struct ps_dissector ps_dis_eth, ps_dis_vlan, ps_dis_sll, ps_dis_sll2,
	ps_dis_null, ps_dis_loop, ps_dis_raw, ps_dis_arp, ps_dis_ipv4, ps_dis_ipv6, ps_dis_tcp,
	ps_dis_udp, ps_dis_icmp, ps_dis_icmpv6;

static const struct ps_registry_row registry[] = {
	{PS_TAB_LINKTYPE, PS_DLT_EN10MB, &ps_dis_eth},
	{PS_TAB_LINKTYPE, PS_DLT_LINUX_SLL, &ps_dis_sll},
	{PS_TAB_LINKTYPE, PS_DLT_LINUX_SLL2, &ps_dis_sll2},
	{PS_TAB_LINKTYPE, PS_DLT_RAW, &ps_dis_raw},
	{PS_TAB_LINKTYPE, PS_LINKTYPE_RAW, &ps_dis_raw},
	{PS_TAB_LINKTYPE, PS_DLT_IPV4, &ps_dis_ipv4},
	{PS_TAB_LINKTYPE, PS_DLT_IPV6, &ps_dis_ipv6},
	{PS_TAB_LINKTYPE, PS_DLT_NULL, &ps_dis_null},
	{PS_TAB_LINKTYPE, PS_DLT_LOOP, &ps_dis_loop},

	{PS_TAB_ETHERTYPE, 0x0800, &ps_dis_ipv4},
	{PS_TAB_ETHERTYPE, 0x86dd, &ps_dis_ipv6},
	{PS_TAB_ETHERTYPE, 0x0806, &ps_dis_arp},
	{PS_TAB_ETHERTYPE, 0x8100, &ps_dis_vlan},
	{PS_TAB_ETHERTYPE, 0x88a8, &ps_dis_vlan},
	{PS_TAB_ETHERTYPE, 0x9100, &ps_dis_vlan},

	{PS_TAB_IPPROTO, 6, &ps_dis_tcp},
	{PS_TAB_IPPROTO, 17, &ps_dis_udp},
	{PS_TAB_IPPROTO, 1, &ps_dis_icmp},
	{PS_TAB_IPPROTO, 58, &ps_dis_icmpv6},
	{PS_TAB_IPPROTO, 4, &ps_dis_ipv4},  /* IP-in-IP: nested as "inner" */
	{PS_TAB_IPPROTO, 41, &ps_dis_ipv6}, /* 6in4 / IPv6-in-IPv6: nested as "inner" */
};

/* proto tag -> dissector, for renderers walking a finished record */
static const struct ps_dissector *const by_proto[PS_P__COUNT] = {
	[PS_P_ETH] = &ps_dis_eth,
	[PS_P_VLAN] = &ps_dis_vlan,
	[PS_P_SLL] = &ps_dis_sll,
	[PS_P_LOOPBACK] = &ps_dis_null,
	[PS_P_ARP] = &ps_dis_arp,
	[PS_P_IPV4] = &ps_dis_ipv4,
	[PS_P_IPV6] = &ps_dis_ipv6,
	[PS_P_TCP] = &ps_dis_tcp,
	[PS_P_UDP] = &ps_dis_udp,
	[PS_P_ICMP] = &ps_dis_icmp,
	[PS_P_ICMPV6] = &ps_dis_icmpv6,
};

const struct ps_dissector *ps_registry_lookup(enum ps_table table, uint32_t key)
{
	for (unsigned i = 0; i < sizeof registry / sizeof registry[0]; i++)
		if (registry[i].table == table && registry[i].key == key)
			return registry[i].dis;
	return 0;
}

const struct ps_dissector *ps_registry_by_proto(unsigned proto)
{
	return proto < PS_P__COUNT ? by_proto[proto] : 0;
}

int ps_registry_has_linktype(int linktype)
{
	return linktype >= 0 && ps_registry_lookup(PS_TAB_LINKTYPE, (uint32_t)linktype) != 0;
}
