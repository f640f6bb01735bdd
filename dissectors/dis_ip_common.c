/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ip_common.c - what the IPv4 and IPv6 dissectors share (dis_ip.h). */
#include "dis_ip.h"

bool ps_ip_in_quote(const struct ps_dctx *d)
{
	if (d->nest == PS_NEST_QUOTE)
		return true;
	for (int i = d->parent; i >= 0; i = d->p->layers[i].parent)
		if (d->p->layers[i].nest == PS_NEST_QUOTE)
			return true;
	return false;
}

static const struct ps_tok ip_protos[] = {
	{0, "Options"},	   {1, "ICMP"},	      {2, "IGMP"},	    {4, "IPIP"},
	{6, "TCP"},	   {8, "EGP"},	      {9, "IGRP"},	    {17, "UDP"},
	{33, "DCCP"},	   {41, "IPv6"},      {43, "Routing"},	    {44, "Fragment"},
	{46, "RSVP"},	   {47, "GRE"},	      {50, "ESP"},	    {51, "AH"},
	{55, "Mobile IP"}, {58, "ICMPv6"},    {62, "Mobile IP (old)"}, {88, "EIGRP"},
	{89, "OSPF"},	   {103, "PIM"},      {108, "Compressed IP"}, {112, "VRRP"},
	{113, "PGM"},	   {132, "SCTP"},     {135, "Mobility"},    {143, "Ethernet"},
};

const char *ps_ip_proto_name(unsigned proto)
{
	const char *name = PS_TOK_NAME(ip_protos, proto);
	return name ? name : "unknown";
}

void ps_ip_text_prefix(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		       struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];

	if (!t->link || l->parent >= 0) {
		if (l->proto == PS_P_IPV4)
			PS_OUT_LIT(o, "IP ");
		else
			PS_OUT_LIT(o, "IP6 ");
		return;
	}
	for (unsigned i = 0; i < li; i++)
		if (p->layers[i].parent < 0)
			return; /* not the first top-level layer */
	PS_OUT_LIT(o, "ip: ");
}

bool ps_ip_next_cut(const struct ps_packet *p, unsigned li)
{
	unsigned own = p->layers[li].proto == PS_P_IPV4 ? PS_EV_IP_TRUNCATED : PS_EV_IPV6_TRUNCATED;
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer == (int)li && p->events[i].code != own &&
		    ps_event_kind(p->events[i].code) == PS_EVK_TRUNC)
			return true;
	return false;
}

const struct ps_dissector *ps_ip_next_dis(const struct ps_packet *p, unsigned li)
{
	if (li + 1 >= p->nlayers)
		return 0;
	const struct ps_layer *n = &p->layers[li + 1];
	bool same_chain = n->parent == p->layers[li].parent;
	bool inner = n->parent == (int)li && n->nest == PS_NEST_INNER;
	return same_chain || inner ? ps_registry_by_proto(n->proto) : 0;
}
