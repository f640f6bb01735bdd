/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_frame.c - frame fields computed from the record (DF_GET rows of
 * df_fields.def): the times relative to other frames (p->ref) and
 * frame.protocols. */
#include "df_get.h"

/* a - b as a TIME value (b's nanoseconds borrowed from a's second) */
static void put_delta(struct df_vals *o, int64_t as, uint32_t ans, int64_t bs, uint32_t bns)
{
	struct df_val *v = df_vals_add(o, DF_T_TIME);
	if (!v)
		return;
	v->v.t.sec = as - bs - (ans < bns);
	v->v.t.ns = ans < bns ? 1000000000u + ans - bns : ans - bns;
}

void df_get_frame_time_relative(const struct ps_packet *p, struct df_vals *o)
{
	if (p->ref.set)
		put_delta(o, p->ts_sec, ps_packet_ns(p), p->ref.first_sec, p->ref.first_ns);
}
void df_get_frame_time_delta(const struct ps_packet *p, struct df_vals *o)
{
	if (p->ref.set)
		put_delta(o, p->ts_sec, ps_packet_ns(p), p->ref.prev_sec, p->ref.prev_ns);
}
void df_get_frame_time_delta_displayed(const struct ps_packet *p, struct df_vals *o)
{
	if (p->ref.set)
		put_delta(o, p->ts_sec, ps_packet_ns(p), p->ref.disp_sec, p->ref.disp_ns);
}

/* tshark's name of layer li in frame.protocols ("" to leave it out); the
 * EtherType tshark shows as a layer of its own follows Ethernet, VLAN and
 * Linux cooked headers. */
static const char *proto_name(const struct ps_packet *p, unsigned li)
{
	const struct ps_layer *l = &p->layers[li];
	switch (l->proto) {
	case PS_P_ETH: return l->hdr_len >= 14 && l->u.eth.type >= 1536 ? "eth:ethertype" : "eth";
	case PS_P_VLAN: return l->hdr_len >= 4 && l->u.vlan.type >= 1536 ? "vlan:ethertype" : "vlan";
	case PS_P_SLL: return "sll:ethertype";
	case PS_P_LOOPBACK: return "null";
	case PS_P_ARP: return "arp";
	case PS_P_LLC: return "llc";
	case PS_P_STP: return "stp";
	case PS_P_IPV4: return "ip";
	case PS_P_IPV6: return "ipv6";
	case PS_P_TCP: return "tcp";
	case PS_P_UDP: return "udp";
	case PS_P_ICMP: return "icmp";
	case PS_P_ICMPV6: return "icmpv6";
	case PS_P_DNS: { /* by port, as the filter's dns, mdns and llmnr */
		int t = li ? (int)li - 1 : -1;
		const struct ps_layer *u = t >= 0 ? &p->layers[t] : 0;
		unsigned sp = u && u->proto == PS_P_UDP ? u->u.udp.sport : 0;
		unsigned dp = u && u->proto == PS_P_UDP ? u->u.udp.dport : 0;
		if (sp == 5353 || dp == 5353)
			return "mdns";
		return sp == 5355 || dp == 5355 ? "llmnr" : "dns";
	}
	case PS_P_TLS: return "tls";
	case PS_P_HTTP: return "http";
	case PS_P_SSH: return "ssh";
	case PS_P_DHCP: return "dhcp";
	case PS_P_NTP: return "ntp";
	case PS_P_VXLAN: return "vxlan";
	case PS_P_GENEVE: return "geneve";
	case PS_P_GRE: return "gre";
	case PS_P_ERSPAN: return "erspan";
	case PS_P_GTP: return "gtp";
	case PS_P_QUIC: return "quic";
	default: return "";
	}
}

/* tshark's names of the IPv6 extension headers it shows as protocols */
static const char *ext_name(unsigned type)
{
	switch (type) {
	case 0: return "ipv6.hopopts";
	case 43: return "ipv6.routing";
	case 44: return "ipv6.fraghdr";
	case 60: return "ipv6.dstopts";
	case 51: return "ah";
	default: return "";
	}
}

struct names {
	char s[256];
	size_t n;
};

static void add(struct names *b, const char *name)
{
	size_t k = strlen(name);
	if (!k || b->n + k + 1 >= sizeof b->s)
		return;
	if (b->n)
		b->s[b->n++] = ':';
	memcpy(b->s + b->n, name, k);
	b->n += k;
}

/* Bytes after the last layer that no decoder took: tshark's data dissector
 * shows them.  Not after a reset (tshark: tcp.reset_cause), an application
 * layer, nor an ICMP message other than an echo (tshark decodes them all);
 * after IP only in a fragment tshark does not dissect further. */
static bool has_data(const struct ps_packet *p, unsigned nl)
{
	if (!nl)
		return false;
	const struct ps_layer *l = &p->layers[nl - 1];
	bool top = l->parent < 0 && p->payload_len && p->payload_off < p->caplen;
	switch (l->proto) {
	case PS_P_TCP: return top && !(l->u.tcp.flags & 0x04u);
	case PS_P_UDP: case PS_P_ETH: case PS_P_VLAN: case PS_P_SLL: return top;
	/* a fragment (with defragmentation: any that completes no datagram) */
	case PS_P_IPV4: return top && df_ip4(l, 8) && (l->u.ipv4.frag_off || p->defrag.partial);
	case PS_P_IPV6: return top && (l->u.ipv6.fragment || p->defrag.partial);
	case PS_P_ICMP: /* a quoted echo's data are the quote's, up to the frame's end */
		return (l->u.icmp.type == 0 || l->u.icmp.type == 8) &&
		       (top || (l->parent >= 0 && l->off + l->hdr_len < p->caplen));
	case PS_P_ICMPV6:
		return (l->u.icmpv6.type == 128 || l->u.icmpv6.type == 129) &&
		       (top || (l->parent >= 0 && l->off + l->hdr_len < p->caplen));
	default: return false;
	}
}

/* frame.protocols: the layers' names joined by ':', a link-layer name
 * first where tshark shows one for the link type ("raw"), "data" after
 * bytes nothing decoded. */
void df_get_frame_protocols(const struct ps_packet *p, struct df_vals *o)
{
	struct names b;
	b.n = 0;
	unsigned nl = df_nlayers(p);
	if (p->linktype_name && !strcmp(p->linktype_name, "RAW"))
		add(&b, "raw");
	/* LINKTYPE_IPV4: tshark's IPv4 dissector hands a version-6 header on */
	if (p->linktype_name && !strcmp(p->linktype_name, "IPV4") && nl &&
	    p->layers[0].proto == PS_P_IPV6)
		add(&b, "ip");
	for (unsigned i = 0; i < nl; i++) {
		const struct ps_layer *l = &p->layers[i];
		add(&b, proto_name(p, i));
		if (l->proto != PS_P_IPV6 || !l->u.ipv6.n_ext)
			continue;
		const struct ps_ipv6_ext *x = ps_side_get(p, l->u.ipv6.ext_at);
		for (unsigned k = 0; x && k < l->u.ipv6.n_ext; k++)
			add(&b, ext_name(x[k].type));
	}
	if (has_data(p, nl))
		add(&b, "data");
	df_put_str(o, b.s, b.n);
}
