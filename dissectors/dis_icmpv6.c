/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_icmpv6.c - Internet Control Message Protocol for IPv6 (ND and MLD: dis_icmpv6_nd.c).
 *
 * RFC 4443 (ICMPv6), RFC 4861 (neighbour discovery), RFC 2710 / RFC 3810 (MLD).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  errors 1/3: unused; 2: MTU; 4: Pointer  (then the quoted packet)
 * |  echo 128/129:   Identifier           |    Sequence Number     |
 * |  RA 134: hop limit | M|O| reserved | Router Lifetime            |
 * |          Reachable Time, Retrans Timer                          |
 * |  NS 135 / NA 136 (R|S|O flags): reserved, Target Address (16)   |
 * |  redirect 137: reserved, Target Address, Destination Address    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ND options: Type | Length (8-byte units) | value ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Errors 1-4 quote the offending packet: it is dissected as a nested IPv6
 * chain ("icmpv6.quote").
 */
#include <string.h>

#include "dis_cksum.h"
#include "dis_icmpv6.h"

#define ICMP6_HDR_LEN 4u
#define ICMP6_ERR_LEN 8u

/* Header bytes of this type before the quote, the data or the ND options. */
static uint32_t icmp6_hdr_need(unsigned type, uint32_t claim)
{
	switch (type) {
	case ICMP6_DST_UNREACH: case ICMP6_PACKET_TOO_BIG: case ICMP6_TIME_EXCEEDED:
	case ICMP6_PARAM_PROB: case ICMP6_ECHO_REQUEST: case ICMP6_ECHO_REPLY:
	case ND_ROUTER_SOLICIT: case MLDV2_REPORT:
		return 8;
	case ND_ROUTER_ADVERT:
		return 16;
	case MLD_QUERY: /* RFC 3810 5.1.12: the length tells the versions apart */
		return claim != PS_CLAIM_UNKNOWN && claim >= MLDV2_QUERY_MINLEN ? MLDV2_QUERY_MINLEN
										 : MLD_MINLEN;
	case MLD_REPORT: case MLD_DONE: case ND_NEIGHBOR_SOLICIT: case ND_NEIGHBOR_ADVERT:
		return 24;
	case ND_REDIRECT:
		return 40;
	default:
		return ICMP6_HDR_LEN;
	}
}

static void icmp6_addr(struct ps_cursor *c, uint32_t at, uint8_t a[16])
{
	const uint8_t *b = ps_cur_peek_bytes(c, at, 16);
	if (b)
		memcpy(a, b, 16);
}

/* The type-specific fields of a header whose `need` bytes were all captured. */
static void icmp6_read_body(struct ps_cursor *c, struct ps_icmpv6 *v, uint32_t need)
{
	uint32_t w1 = need >= 8 ? ps_cur_peek_be32(c, 4) : 0;

	v->id = (uint16_t)(w1 >> 16);
	v->seq = (uint16_t)w1;
	v->mtu = v->pointer = w1;
	v->mld_code = (uint16_t)(w1 >> 16);
	v->mld_count = (uint16_t)w1; /* MLDv2 report: number of group records */
	switch (v->type) {
	case ND_ROUTER_ADVERT:
		v->hop_limit = (uint8_t)(w1 >> 24);
		v->nd_flags = (uint8_t)(w1 >> 16);
		v->router_lifetime = (uint16_t)w1;
		v->reachable = ps_cur_peek_be32(c, 8);
		v->retrans = ps_cur_peek_be32(c, 12);
		break;
	case ND_NEIGHBOR_ADVERT:
		v->nd_flags = w1;
		/* fall through */
	case ND_NEIGHBOR_SOLICIT:
	case MLD_QUERY: case MLD_REPORT: case MLD_DONE:
		icmp6_addr(c, 8, v->target);
		if (need >= MLDV2_QUERY_MINLEN)
			v->mld_count = ps_cur_peek_be16(c, 26); /* MLDv2 query: sources */
		break;
	case ND_REDIRECT:
		icmp6_addr(c, 8, v->target);
		icmp6_addr(c, 24, v->dest);
		break;
	}
}

static void icmp6_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_icmpv6 *v = &l->u.icmpv6;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t claim = d->claim_in;

	v->has_len = claim != PS_CLAIM_UNKNOWN;
	v->len = v->has_len ? claim : avail;
	v->type = ps_cur_peek_u8(c, 0);
	v->code = ps_cur_peek_u8(c, 1);
	v->checksum = ps_cur_peek_be16(c, 2); /* each 0 unless captured: hdr_len says */
	uint32_t need = icmp6_hdr_need(v->type, claim);
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_ICMPV6_HDR_EXCEEDS_LEN,
				    PS_EV_ICMPV6_TRUNCATED);
		return;
	}
	icmp6_read_body(c, v, need);
	l->hdr_len = need;
	if (v->type <= ICMP6_PARAM_PROB) {
		struct ps_cursor q = *c;
		ps_cur_skip(&q, ICMP6_ERR_LEN);
		if (ps_cur_remaining(&q))
			ps_dissect_nested(d, &q, PS_TAB_ETHERTYPE, 0x86dd, PS_NEST_QUOTE);
		ps_cur_skip(c, avail); /* the quote is part of the message */
		d->claim_out = 0;
		return;
	}
	if (icmp6_is_nd(v->type)) {
		ps_icmp6_nd_opts(d, c, l, need);
		ps_cur_skip(c, avail);
		d->claim_out = 0;
		return;
	}
	ps_cur_skip(c, need);
	d->claim_out = v->has_len ? claim - need : PS_CLAIM_UNKNOWN;
}

/* ---- fields ---- */

static void icmp6_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_icmpv6 *v = &l->u.icmpv6;

	ps_dis_emit_u64(e, l, "type", 0, 1, v->type);
	ps_dis_emit_u64(e, l, "code", 1, 1, v->code);
	ps_dis_emit_u64(e, l, "checksum", 2, 2, v->checksum);
	if (l->hdr_len < icmp6_hdr_need(v->type, v->has_len ? v->len : PS_CLAIM_UNKNOWN))
		return; /* the body's fields come only with the whole header */
	switch (v->type) {
	case ICMP6_PACKET_TOO_BIG:
		ps_dis_emit_u64(e, l, "mtu", 4, 4, v->mtu);
		break;
	case ICMP6_PARAM_PROB:
		ps_dis_emit_u64(e, l, "pointer", 4, 4, v->pointer);
		break;
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		ps_dis_emit_u64(e, l, "id", 4, 2, v->id);
		ps_dis_emit_u64(e, l, "seq", 6, 2, v->seq);
		break;
	default:
		if (icmp6_is_mld(v->type))
			ps_icmp6_emit_mld(l, e);
		else if (icmp6_is_nd(v->type))
			ps_icmp6_emit_nd(p, l, e);
	}
}

/* ---- text, as tcpdump's print-icmp6.c (without -v details) ---- */

static const char *icmp6_type_name(unsigned type)
{
	static const struct ps_tok names[] = {
		{1, "destination unreachable"}, {2, "packet too big"}, {3, "time exceeded in-transit"},
		{4, "parameter problem"}, {128, "echo request"}, {129, "echo reply"},
		{130, "multicast listener query"}, {131, "multicast listener report"},
		{132, "multicast listener done"}, {133, "router solicitation"},
		{134, "router advertisement"}, {135, "neighbor solicitation"},
		{136, "neighbor advertisement"}, {137, "redirect"}, {138, "router renumbering"},
		{139, "who-are-you request"}, {140, "who-are-you reply"},
		{141, "inverse neighbor solicitation"}, {142, "inverse neighbor advertisement"},
		{143, "multicast listener report v2"}, {144, "ha discovery request"},
		{145, "ha discovery reply"}, {146, "mobile router solicitation"},
		{147, "mobile router advertisement"}, {155, "RPL"}, {200, "mtrace response"},
		{201, "mtrace message"},
	};
	return PS_TOK_NAME(names, type);
}

/* The quoted IPv6 layer (fixed header captured) and its transport layer. */
static const struct ps_layer *icmp6_quoted(const struct ps_packet *p, unsigned li,
					   unsigned proto)
{
	for (unsigned j = li + 1; j < p->nlayers; j++) {
		const struct ps_layer *q = &p->layers[j];
		if (q->parent == (int)li && q->proto == proto)
			return q->hdr_len >= (proto == PS_P_IPV6 ? 40u : 4u) ? q : 0;
	}
	return 0;
}

/* ", unreachable port, 2001:db8::2 udp port 33434"; false: the quote is cut */
static bool icmp6_out_unreach(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	static const char *const codes[] = {"unreachable route", " unreachable prohibited",
					    "beyond scope", "unreachable address",
					    "unreachable port"};
	const struct ps_icmpv6 *v = &p->layers[li].u.icmpv6;
	const struct ps_layer *q = icmp6_quoted(p, li, PS_P_IPV6);

	if (v->code < 5) {
		PS_OUT_LIT(o, ", ");
		ps_out_str(o, codes[v->code]);
	} else {
		ps_out_fmt(o, ", unknown unreach code (%u)", (unsigned)v->code);
	}
	if (!q)
		return v->code > 4; /* tcpdump reads the quote only for known codes */
	if (v->code == 0 || v->code == 1 || v->code == 3 || v->code == 2) {
		ps_out_char(o, ' ');
		ps_out_ipv6(o, q->u.ipv6.dst);
		if (v->code == 2) {
			PS_OUT_LIT(o, ", source address ");
			ps_out_ipv6(o, q->u.ipv6.src);
		}
	} else if (v->code == 4) {
		const struct ps_layer *t = icmp6_quoted(p, li, PS_P_UDP);
		const char *name = "udp";
		if (!t && (t = icmp6_quoted(p, li, PS_P_TCP)) != 0)
			name = "tcp";
		if (!t)
			return false;
		PS_OUT_LIT(o, ", ");
		ps_out_ipv6(o, q->u.ipv6.dst);
		ps_out_char(o, ' ');
		ps_out_str(o, name);
		ps_dis_out_num(o, " port ", t->proto == PS_P_TCP ? t->u.tcp.dport : t->u.udp.dport);
	}
	return true;
}

static bool icmp6_out_error(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	static const char *const pp[] = {"erroneous", "next header", "option",
					 "incomplete header chain"};
	const struct ps_icmpv6 *v = &p->layers[li].u.icmpv6;
	const struct ps_layer *q = icmp6_quoted(p, li, PS_P_IPV6);

	switch (v->type) {
	case ICMP6_DST_UNREACH:
		return icmp6_out_unreach(p, li, o);
	case ICMP6_PACKET_TOO_BIG:
		ps_dis_out_num(o, ", mtu ", v->mtu);
		return true;
	case ICMP6_TIME_EXCEEDED:
		if (v->code == 1) {
			PS_OUT_LIT(o, " (reassembly)");
		} else if (v->code == 0) {
			if (!q)
				return false;
			PS_OUT_LIT(o, " for ");
			ps_out_ipv6(o, q->u.ipv6.dst);
		} else {
			ps_out_fmt(o, ", unknown code (%u)", (unsigned)v->code);
		}
		return true;
	default: /* parameter problem */
		if (v->code < 4)
			ps_out_fmt(o, ", %s - octet %u", pp[v->code], (unsigned)v->pointer);
		else
			ps_out_fmt(o, ", code-#%u", (unsigned)v->code);
		return true;
	}
}

/* The part after "ICMP6, <type name>"; false: tcpdump would stop at a cut quote. */
static bool icmp6_out_body(const struct ps_packet *p, unsigned li, bool verbose,
			   struct ps_out *o)
{
	const struct ps_icmpv6 *v = &p->layers[li].u.icmpv6;

	if (v->type <= ICMP6_PARAM_PROB)
		return icmp6_out_error(p, li, o);
	if (v->type == ICMP6_ECHO_REQUEST || v->type == ICMP6_ECHO_REPLY) {
		ps_dis_out_num(o, ", id ", v->id);
		ps_dis_out_num(o, ", seq ", v->seq);
	} else if (icmp6_is_mld(v->type)) {
		ps_icmp6_out_mld(v, v->len, o);
	} else if (icmp6_is_nd(v->type)) {
		ps_icmp6_out_nd(v, verbose, o);
	}
	return true;
}

/* "ICMP6, echo request, id 1, seq 1, length 64" */
static void icmp6_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			  struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_icmpv6 *v = &l->u.icmpv6;
	const char *name = icmp6_type_name(v->type);

	if (v->has_len && v->len < icmp6_hdr_need(v->type, v->len)) {
		ps_out_fmt(o, "ICMP6, length %u (invalid)", (unsigned)v->len);
		return;
	}
	if (!l->hdr_len)
		return; /* the renderer adds " [|icmpv6]" */
	int sum = t->verbose && v->has_len ? ps_l4_cksum(p, li, 58, v->len, true) : -1;
	if (sum == 0xffff)
		PS_OUT_LIT(o, "[icmp6 sum ok] ");
	else if (sum >= 0)
		ps_out_fmt(o, "[bad icmp6 cksum 0x%04x -> 0x%04x!] ", (unsigned)v->checksum,
			   (unsigned)ps_l4_cksum_want(v->checksum, sum));
	PS_OUT_LIT(o, "ICMP6, ");
	if (name)
		ps_out_str(o, name);
	else
		ps_out_fmt(o, "unknown icmp6 type (%u)", (unsigned)v->type);
	/* -v moves the length of ND messages before their details, drops the others' */
	bool nd_len = t->verbose && (icmp6_is_nd(v->type) || v->type == 145 || v->type == 147);
	if (nd_len)
		ps_dis_out_num(o, ", length ", v->len);
	if (l->hdr_len < icmp6_hdr_need(v->type, v->has_len ? v->len : PS_CLAIM_UNKNOWN))
		return; /* tcpdump names the type, then marks the truncation */
	if (!icmp6_out_body(p, li, t->verbose > 0, o)) {
		PS_OUT_LIT(o, " [|icmpv6]"); /* the layer itself is whole */
		return;
	}
	if (!t->verbose)
		ps_dis_out_num(o, ", length ", v->len);
}

const struct ps_dissector ps_dis_icmpv6 = {
	.name = "icmpv6",
	.label = "ICMPv6",
	.ev_truncated = PS_EV_ICMPV6_TRUNCATED,
	.proto = PS_P_ICMPV6,
	.flags = 0,
	.decode = icmp6_decode,
	.summary = icmp6_summary,
	.fields = icmp6_fields,
};
