/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_cols.c - a record's packet-list columns (tui_cols.h): the highest
 * decoded layer's addresses, protocol and one-line text. */
#include <stdio.h>
#include <string.h>

#include "dis_common.h"
#include "dis_dns.h"
#include "ps_dissect.h"
#include "ps_render.h"
#include "tui_cols.h"
#include "tui_model.h"

/* Layer i is in chain `par`: top level (par -1), or a tunnel's inner
 * chain (an ICMP error's quote is not: Wireshark's columns stay the
 * error's). */
static bool in_chain(const struct ps_packet *p, unsigned i, int par)
{
	const struct ps_layer *l = &p->layers[i];
	return par < 0 ? l->parent < 0 : l->parent == par && l->nest == PS_NEST_INNER;
}

static int last_of(const struct ps_packet *p, int par)
{
	int last = -1;
	for (unsigned i = 0; i < p->nlayers; i++)
		if (in_chain(p, i, par))
			last = (int)i;
	return last;
}

/* The chain the columns describe: the inner chain of the innermost tunnel
 * that carries one (each tunnel is the last layer of its chain), else the
 * top level. */
static int col_chain(const struct ps_packet *p)
{
	int par = -1;
	for (unsigned depth = 0; depth < PS_MAX_LAYERS; depth++) {
		int last = last_of(p, par);
		if (last < 0 || !ps_dis_has_nested(p, (unsigned)last, PS_NEST_INNER))
			break;
		par = last;
	}
	return par;
}

/* Chain par's network layer with complete addresses (-1 none), and its
 * Ethernet header with both addresses (*eth, -1 none). */
static int net_of(const struct ps_packet *p, int par, int *eth)
{
	*eth = -1;
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (!in_chain(p, i, par))
			continue;
		if ((l->proto == PS_P_IPV4 && l->hdr_len >= 20 && l->u.ipv4.version == 4) ||
		    (l->proto == PS_P_IPV6 && l->hdr_len >= 40 && l->u.ipv6.version == 6))
			return (int)i;
		if (l->proto == PS_P_ETH && l->hdr_len >= 12 && *eth < 0)
			*eth = (int)i;
	}
	return -1;
}

/* Source and Destination: the innermost chain with an IP header, or an
 * Ethernet header (a bridged frame's, as Wireshark's columns keep the
 * last addresses a layer set), from chain par outwards. */
static void addr_cols(struct tui_cols *c, const struct ps_packet *p, int par)
{
	struct ps_out s, d;
	ps_out_open_mem(&s, c->src, sizeof c->src);
	ps_out_open_mem(&d, c->dst, sizeof c->dst);
	int n = -1, e = -1;
	for (unsigned depth = 0; depth < PS_MAX_LAYERS; depth++) {
		n = net_of(p, par, &e);
		if (n >= 0 || e >= 0 || par < 0)
			break;
		par = p->layers[par].parent;
	}
	if (n >= 0 && p->layers[n].proto == PS_P_IPV4) {
		ps_out_ipv4(&s, p->layers[n].u.ipv4.src);
		ps_out_ipv4(&d, p->layers[n].u.ipv4.dst);
	} else if (n >= 0) {
		ps_out_ipv6(&s, p->layers[n].u.ipv6.src);
		ps_out_ipv6(&d, p->layers[n].u.ipv6.dst);
	} else if (e >= 0) {
		ps_out_mac(&s, p->layers[e].u.eth.src, 6);
		ps_out_mac(&d, p->layers[e].u.eth.dst, 6);
	}
	ps_out_cstr(&s); /* memory mode: terminate the strings */
	ps_out_cstr(&d);
}

/* The highest layer is an application layer carried by TCP/UDP (DNS, ...):
 * the Info column is the ports and that layer's own text, as Wireshark shows
 * the highest layer.  False when it is not. */
static bool app_info(const struct ps_packet *p, int li, char *out, size_t n)
{
	const struct ps_dissector *dis = li > 0 ? ps_registry_by_proto(p->layers[li].proto) : 0;
	const struct ps_layer *t = li > 0 ? &p->layers[li - 1] : 0;
	if (!dis || !dis->summary || t->parent != p->layers[li].parent || t->hdr_len < 4 ||
	    (t->proto != PS_P_TCP && t->proto != PS_P_UDP))
		return false;
	char buf[1024];
	struct ps_out o;
	struct ps_text_opts opts = {0};
	ps_out_open_mem(&o, buf, sizeof buf);
	dis->summary(p, (unsigned)li, &opts, &o);
	const char *s = ps_out_cstr(&o);
	/* the carrier's text ends "length N"; the layer's goes on ": ..." */
	while (*s == ' ' || *s == ':')
		s++;
	bool tcp = t->proto == PS_P_TCP;
	snprintf(out, n, "%u > %u %s", tcp ? t->u.tcp.sport : t->u.udp.sport,
		 tcp ? t->u.tcp.dport : t->u.udp.dport, s);
	return true;
}

/* A datagram rebuilt from fragments (its IP layer in chain par): the IP
 * header's text is the last fragment's ("ip-proto-1"), so the text is
 * that of the layers it carries.  False when the record is no such datagram. */
static bool datagram_text(const struct ps_packet *p, int par, struct ps_out *o)
{
	unsigned ip = p->defrag.ip;
	if (!p->defrag.on || p->defrag.partial || ip >= p->nlayers || !in_chain(p, ip, par))
		return false;
	struct ps_text_opts t = {0};
	for (unsigned i = ip + 1; i < p->nlayers; i++) {
		const struct ps_dissector *dis = ps_registry_by_proto(p->layers[i].proto);
		if (in_chain(p, i, par) && dis && dis->summary)
			dis->summary(p, i, &t, o);
	}
	return true;
}

/* The text of chain par: the record's one-line text (top level) or the
 * tunnel's inner chain as the tunnel prints it. */
static const char *chain_text(const struct ps_packet *p, int par, char *buf, size_t n)
{
	struct ps_out o;
	struct ps_text_opts t = {0};
	ps_out_open_mem(&o, buf, n);
	if (datagram_text(p, par, &o))
		;
	else if (par >= 0)
		ps_dis_out_nested(p, (unsigned)par, PS_NEST_INNER, &t, &o);
	if (!o.len) { /* the top level, or nothing of its own to say (a link header alone) */
		ps_out_open_mem(&o, buf, n);
		ps_render_text_body(p, &t, &o);
	}
	const char *s = ps_out_cstr(&o);
	/* one row: a VXLAN packet's inner frame goes on the same line */
	for (char *nl = strchr(buf, '\n'); nl; nl = strchr(nl, '\n'))
		*nl = ' ';
	while (*s == ' ')
		s++;
	return s;
}

/* The Info column from the one-line text: the addresses the Source and
 * Destination columns already show are dropped, ports kept. */
static void info_text(const struct ps_packet *p, int par, int li, char *out, size_t n)
{
	if (app_info(p, li, out, n))
		return;
	char buf[1024];
	const char *s = chain_text(p, par, buf, sizeof buf), *q = s;
	if (!strncmp(q, "IP6 ", 4))
		q += 4;
	else if (!strncmp(q, "IP ", 3))
		q += 3;
	/* "addr[.port] > addr[.port]: ", each address one word */
	const char *gt = strstr(q, " > ");
	const char *colon = gt ? strstr(gt + 3, ": ") : 0;
	if (!colon || memchr(q, ' ', (size_t)(gt - q)) ||
	    memchr(gt + 3, ' ', (size_t)(colon - gt - 3))) {
		snprintf(out, n, "%s", s);
		return;
	}
	const struct ps_layer *l = li >= 0 ? &p->layers[li] : 0;
	while (colon[2] == ' ')
		colon++;
	if (l && l->proto == PS_P_TCP && l->hdr_len >= 4)
		snprintf(out, n, "%u > %u %s", l->u.tcp.sport, l->u.tcp.dport, colon + 2);
	else if (l && l->proto == PS_P_UDP && l->hdr_len >= 4)
		snprintf(out, n, "%u > %u %s", l->u.udp.sport, l->u.udp.dport, colon + 2);
	else
		snprintf(out, n, "%s", colon + 2);
}

static uint8_t row_class(const struct ps_packet *p, int li)
{
	if (p->any_malformed)
		return TUI_C_BAD;
	switch (li >= 0 ? p->layers[li].proto : PS_P_NONE) {
	case PS_P_TCP: return TUI_C_TCP;
	case PS_P_UDP: return TUI_C_UDP;
	case PS_P_ICMP:
	case PS_P_ICMPV6: return TUI_C_ICMP;
	case PS_P_ARP: return TUI_C_ARP;
	default: return TUI_C_OTHER;
	}
}

/* Wireshark's names for DNS on the mDNS and LLMNR ports. */
static const char *proto_col(const struct ps_packet *p, int li)
{
	if (li < 0)
		return p->linktype_name ? p->linktype_name : "?";
	const struct ps_layer *l = &p->layers[li];
	if (l->proto == PS_P_DNS && l->u.dns.flavor == PS_DNS_MDNS)
		return "MDNS";
	if (l->proto == PS_P_DNS && l->u.dns.flavor == PS_DNS_LLMNR)
		return "LLMNR";
	return tui_proto_name(l->proto);
}

/* tshark's list for a segment whose payload went into an application PDU
 * that does not complete in it (ps_flow_note.pdu): Protocol TCP, and Info
 * the tag alone when the PDU begins at the segment's first byte (tshark
 * replaces its TCP text), else the TCP text and the tag.  The TCP layer
 * (li) is the highest layer then: a per-segment layer the stream decoder
 * hid (HTTP, DNS) is not what the row shows. */
static void pdu_cols(struct ps_packet *p, int par, int li, uint8_t part, struct tui_cols *c)
{
	snprintf(c->proto, sizeof c->proto, "%s", proto_col(p, li));
	c->cls = row_class(p, li);
	if (part == PS_PDU_FIRST) {
		snprintf(c->info, sizeof c->info, "%s", TUI_PDU_TAG);
		return;
	}
	size_t room = sizeof c->info - sizeof " " TUI_PDU_TAG; /* the tag always shows */
	info_text(p, par, li, c->info, room + 1);
	size_t n = strlen(c->info);
	snprintf(c->info + n, sizeof c->info - n, " %s", TUI_PDU_TAG);
}

void tui_cols_of(struct ps_packet *p, struct tui_cols *c)
{
	/* the flow note would make TCP numbers relative: this row's must be
	 * the frame's, as its neighbours' */
	const char *id = p->flow.id;
	p->flow.id = 0;
	int par = col_chain(p), li = last_of(p, par);
	if (li < 0) /* a tunnel's chain always has a layer; the top level may not */
		li = par;
	addr_cols(c, p, par);
	int tl = p->flow.tcp_layer;
	if (id && p->flow.pdu && tl >= 0 && tl <= li && in_chain(p, (unsigned)tl, par)) {
		pdu_cols(p, par, tl, p->flow.pdu, c);
	} else {
		snprintf(c->proto, sizeof c->proto, "%s", proto_col(p, li));
		info_text(p, par, li, c->info, sizeof c->info);
		c->cls = row_class(p, li);
	}
	p->flow.id = id;
}
