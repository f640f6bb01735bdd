/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_icmpv6.c - Internet Control Message Protocol for IPv6, with neighbour discovery.
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

#include "ps_dissect.h"
#include "ps_out.h"

#define ICMP6_HDR_LEN 4u

/* checksum helpers shared by the transport dissectors (defined in dis_udp.c) */
int ps_l4_cksum(const struct ps_packet *p, unsigned li, unsigned proto, uint32_t len,
		bool pseudo);
uint16_t ps_l4_cksum_want(uint16_t stored, int sum);
#define ICMP6_ERR_LEN 8u

enum {
	ICMP6_DST_UNREACH = 1, ICMP6_PACKET_TOO_BIG = 2, ICMP6_TIME_EXCEEDED = 3,
	ICMP6_PARAM_PROB = 4, ICMP6_ECHO_REQUEST = 128, ICMP6_ECHO_REPLY = 129,
	MLD_QUERY = 130, MLD_REPORT = 131, MLD_DONE = 132, ND_ROUTER_SOLICIT = 133,
	ND_ROUTER_ADVERT = 134, ND_NEIGHBOR_SOLICIT = 135, ND_NEIGHBOR_ADVERT = 136,
	ND_REDIRECT = 137, MLDV2_REPORT = 143,
};
#define MLD_MINLEN 24u
#define MLDV2_QUERY_MINLEN 28u

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

static bool icmp6_is_nd(unsigned type)
{
	return type >= ND_ROUTER_SOLICIT && type <= ND_REDIRECT;
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

/* Walk the ND options after the `need`-byte header: keep the whole, valid
 * ones (opts_off/opts_len); raise an event at the first bad one. */
static void icmp6_nd_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			  uint32_t need)
{
	struct ps_icmpv6 *v = &l->u.icmpv6;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t end = v->has_len ? v->len : avail; /* the message as claimed */
	uint32_t at = need;

	v->opts_off = l->off + need;
	while (at < end) {
		if (end - at < 2) {
			ps_dis_event(d, PS_EV_ICMPV6_OPTION_LEN_INVALID); /* no room for one */
			break;
		}
		if (at >= avail || avail - at < 2) {
			ps_dis_event(d, PS_EV_ICMPV6_TRUNCATED);
			break;
		}
		uint32_t len = 8u * ps_cur_peek_u8(c, at + 1);
		if (len == 0 || len > end - at) {
			ps_dis_event(d, PS_EV_ICMPV6_OPTION_LEN_INVALID);
			break;
		}
		if (len > avail - at) {
			ps_dis_event(d, PS_EV_ICMPV6_TRUNCATED);
			break;
		}
		at += len;
	}
	v->opts_len = at - need;
	l->hdr_len = at < avail ? at : avail;
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
		l->hdr_len = avail;
		ps_cur_skip(c, avail);
		if (v->has_len && claim < need)
			ps_dis_event(d, PS_EV_ICMPV6_HDR_EXCEEDS_LEN);
		else
			ps_dis_event(d, PS_EV_ICMPV6_TRUNCATED);
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
		icmp6_nd_opts(d, c, l, need);
		ps_cur_skip(c, avail);
		d->claim_out = 0;
		return;
	}
	ps_cur_skip(c, need);
	d->claim_out = v->has_len ? claim - need : PS_CLAIM_UNKNOWN;
}

/* ---- fields ---- */

static void icmp6_u(struct ps_emit *e, const struct ps_layer *l, const char *key, uint32_t at,
		    uint32_t len, uint64_t val)
{
	if (l->hdr_len < at + len)
		return;
	ps_emit_span(e, l->off + at, len);
	PS_EMIT_U64(e, key, val);
}

static void icmp6_a(struct ps_emit *e, const struct ps_layer *l, const char *key, uint32_t at,
		    const uint8_t a[16])
{
	if (l->hdr_len < at + 16)
		return;
	ps_emit_span(e, l->off + at, 16);
	e->ops->ipv6(e, key, a);
}

static uint32_t be32_at(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* One ND option (validated and captured by decode): {type, len, ...}. */
static void icmp6_emit_opt(struct ps_emit *e, const uint8_t *b, uint32_t off)
{
	uint32_t len = 8u * b[1];

	e->ops->begin_obj(e, 0);
	ps_emit_span(e, off, len);
	PS_EMIT_U64(e, "type", b[0]);
	PS_EMIT_U64(e, "len", b[1]);
	if (b[0] == 1 || b[0] == 2) { /* source/target link-layer address */
		ps_emit_span(e, off + 2, len == 8 ? 6 : len - 2);
		e->ops->mac(e, "lladdr", b + 2, len == 8 ? 6 : len - 2);
	} else if (b[0] == 3 && len >= 32) { /* prefix information */
		PS_EMIT_U64(e, "prefix_len", b[2]);
		PS_EMIT_U64(e, "flags", b[3]);
		PS_EMIT_U64(e, "valid_lifetime", be32_at(b + 4));
		PS_EMIT_U64(e, "preferred_lifetime", be32_at(b + 8));
		e->ops->ipv6(e, "prefix", b + 16);
	} else if (b[0] == 5 && len >= 8) { /* MTU */
		PS_EMIT_U64(e, "mtu", be32_at(b + 4));
	}
	e->ops->end_obj(e);
}

static void icmp6_emit_opts(const struct ps_packet *p, const struct ps_icmpv6 *v,
			    struct ps_emit *e)
{
	if (!v->opts_len)
		return;
	e->ops->begin_arr(e, "options");
	for (uint32_t at = 0; at < v->opts_len; at += 8u * p->data[v->opts_off + at + 1])
		icmp6_emit_opt(e, p->data + v->opts_off + at, v->opts_off + at);
	e->ops->end_arr(e);
}

static void icmp6_emit_nd(const struct ps_packet *p, const struct ps_layer *l, struct ps_emit *e)
{
	const struct ps_icmpv6 *v = &l->u.icmpv6;

	if (v->type == ND_ROUTER_ADVERT) {
		icmp6_u(e, l, "hop_limit", 4, 1, v->hop_limit);
		icmp6_u(e, l, "flags", 5, 1, v->nd_flags);
		PS_EMIT_BOOL(e, "managed", (v->nd_flags & 0x80) != 0);
		PS_EMIT_BOOL(e, "other", (v->nd_flags & 0x40) != 0);
		icmp6_u(e, l, "router_lifetime", 6, 2, v->router_lifetime);
		icmp6_u(e, l, "reachable", 8, 4, v->reachable);
		icmp6_u(e, l, "retrans", 12, 4, v->retrans);
	} else if (v->type == ND_NEIGHBOR_ADVERT) {
		icmp6_u(e, l, "flags", 4, 4, v->nd_flags);
		PS_EMIT_BOOL(e, "router", (v->nd_flags & 0x80000000u) != 0);
		PS_EMIT_BOOL(e, "solicited", (v->nd_flags & 0x40000000u) != 0);
		PS_EMIT_BOOL(e, "override", (v->nd_flags & 0x20000000u) != 0);
	}
	if (v->type >= ND_NEIGHBOR_SOLICIT)
		icmp6_a(e, l, "target", 8, v->target);
	if (v->type == ND_REDIRECT)
		icmp6_a(e, l, "dest", 24, v->dest);
	icmp6_emit_opts(p, v, e);
}

static void icmp6_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_icmpv6 *v = &l->u.icmpv6;

	icmp6_u(e, l, "type", 0, 1, v->type);
	icmp6_u(e, l, "code", 1, 1, v->code);
	icmp6_u(e, l, "checksum", 2, 2, v->checksum);
	if (l->hdr_len < icmp6_hdr_need(v->type, v->has_len ? v->len : PS_CLAIM_UNKNOWN))
		return; /* the body's fields come only with the whole header */
	switch (v->type) {
	case ICMP6_PACKET_TOO_BIG:
		icmp6_u(e, l, "mtu", 4, 4, v->mtu);
		break;
	case ICMP6_PARAM_PROB:
		icmp6_u(e, l, "pointer", 4, 4, v->pointer);
		break;
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		icmp6_u(e, l, "id", 4, 2, v->id);
		icmp6_u(e, l, "seq", 6, 2, v->seq);
		break;
	case MLD_QUERY: case MLD_REPORT: case MLD_DONE:
		icmp6_u(e, l, "max_delay", 4, 2, v->mld_code);
		icmp6_a(e, l, "group", 8, v->target);
		icmp6_u(e, l, "nsrcs", 26, 2, v->mld_count);
		break;
	case MLDV2_REPORT:
		icmp6_u(e, l, "nrecords", 6, 2, v->mld_count);
		break;
	default:
		if (icmp6_is_nd(v->type))
			icmp6_emit_nd(p, l, e);
	}
}

/* ---- text, as tcpdump's print-icmp6.c (without -v details) ---- */

static const char *icmp6_type_name(unsigned type)
{
	static const struct {
		uint8_t type;
		const char *name;
	} names[] = {
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
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type)
			return names[i].name;
	return 0;
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

	if (v->code < 5)
		ps_out_fmt(o, ", %s", codes[v->code]);
	else
		ps_out_fmt(o, ", unknown unreach code (%u)", (unsigned)v->code);
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
		ps_out_fmt(o, " %s port %u", name,
			   (unsigned)(t->proto == PS_P_TCP ? t->u.tcp.dport : t->u.udp.dport));
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
		ps_out_fmt(o, ", mtu %u", (unsigned)v->mtu);
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

/* MLD: tcpdump's own spacing, "multicast listener reportmax resp delay: 0 addr: ff02::fb" */
static void icmp6_out_mld(const struct ps_icmpv6 *v, uint32_t len, struct ps_out *o)
{
	if (v->type == MLDV2_REPORT) {
		ps_out_fmt(o, ", %u group record(s)", (unsigned)v->mld_count);
		return;
	}
	if (v->type != MLD_QUERY || len == MLD_MINLEN) {
		ps_out_fmt(o, "max resp delay: %u addr: ", (unsigned)v->mld_code);
		ps_out_ipv6(o, v->target);
		return;
	}
	if (len < MLDV2_QUERY_MINLEN) {
		ps_out_fmt(o, " unknown-version (len %u) ", (unsigned)len);
		return;
	}
	PS_OUT_LIT(o, " v2 [gaddr "); /* the delay is -v detail in tcpdump */
	ps_out_ipv6(o, v->target);
	if (v->mld_count)
		ps_out_fmt(o, ", %u source(s)", (unsigned)v->mld_count);
	ps_out_char(o, ']');
}

/* -v: ", Flags [solicited, override]" */
static void icmp6_out_na_flags(uint32_t flags, struct ps_out *o)
{
	static const char *const names[3] = {"router", "solicited", "override"};
	unsigned n = 0;

	PS_OUT_LIT(o, ", Flags [");
	for (unsigned i = 0; i < 3; i++) {
		if (!(flags & (0x80000000u >> i)))
			continue;
		ps_out_str(o, n++ ? ", " : "");
		ps_out_str(o, names[i]);
	}
	ps_out_str(o, n ? "]" : "none]");
}

/* The part after "ICMP6, <type name>"; false: tcpdump would stop at a cut quote. */
static bool icmp6_out_body(const struct ps_packet *p, unsigned li, bool verbose,
			   struct ps_out *o)
{
	const struct ps_icmpv6 *v = &p->layers[li].u.icmpv6;

	if (v->type <= ICMP6_PARAM_PROB)
		return icmp6_out_error(p, li, o);
	switch (v->type) {
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		ps_out_fmt(o, ", id %u, seq %u", (unsigned)v->id, (unsigned)v->seq);
		break;
	case MLD_QUERY: case MLD_REPORT: case MLD_DONE: case MLDV2_REPORT:
		icmp6_out_mld(v, v->len, o);
		break;
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT:
		ps_out_str(o, v->type == ND_NEIGHBOR_SOLICIT ? ", who has " : ", tgt is ");
		ps_out_ipv6(o, v->target);
		if (verbose && v->type == ND_NEIGHBOR_ADVERT)
			icmp6_out_na_flags(v->nd_flags, o);
		break;
	case ND_REDIRECT:
		PS_OUT_LIT(o, ", ");
		ps_out_ipv6(o, v->dest);
		PS_OUT_LIT(o, " to ");
		ps_out_ipv6(o, v->target);
		break;
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
		ps_out_fmt(o, ", length %u", (unsigned)v->len);
	if (l->hdr_len < icmp6_hdr_need(v->type, v->has_len ? v->len : PS_CLAIM_UNKNOWN))
		return; /* tcpdump names the type, then marks the truncation */
	if (!icmp6_out_body(p, li, t->verbose > 0, o)) {
		PS_OUT_LIT(o, " [|icmpv6]"); /* the layer itself is whole */
		return;
	}
	if (!t->verbose)
		ps_out_fmt(o, ", length %u", (unsigned)v->len);
}

const struct ps_dissector ps_dis_icmpv6 = {
	.name = "icmpv6",
	.ev_truncated = PS_EV_ICMPV6_TRUNCATED,
	.proto = PS_P_ICMPV6,
	.flags = 0,
	.decode = icmp6_decode,
	.summary = icmp6_summary,
	.fields = icmp6_fields,
};
