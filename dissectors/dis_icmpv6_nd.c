/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_icmpv6_nd.c - ICMPv6 neighbour discovery and MLD messages (the rest: dis_icmpv6.c).
 *
 * RFC 4861 (neighbour discovery: RS 133, RA 134, NS 135, NA 136, redirect
 * 137), RFC 2710 (MLD 130-132), RFC 3810 (MLDv2 query, report 143).
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |    value ... (Length * 8 - 2) |   ND option
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 1/2 source/target link-layer address, 3 prefix information, 5 MTU.
 */
#include "dis_icmpv6.h"

void ps_icmp6_nd_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
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

/* ---- fields ---- */

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
		PS_EMIT_U64(e, "valid_lifetime", ps_dis_be32(b + 4));
		PS_EMIT_U64(e, "preferred_lifetime", ps_dis_be32(b + 8));
		e->ops->ipv6(e, "prefix", b + 16);
	} else if (b[0] == 5 && len >= 8) { /* MTU */
		PS_EMIT_U64(e, "mtu", ps_dis_be32(b + 4));
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

void ps_icmp6_emit_nd(const struct ps_packet *p, const struct ps_layer *l, struct ps_emit *e)
{
	const struct ps_icmpv6 *v = &l->u.icmpv6;

	if (v->type == ND_ROUTER_ADVERT) {
		ps_dis_emit_u64(e, l, "hop_limit", 4, 1, v->hop_limit);
		ps_dis_emit_u64(e, l, "flags", 5, 1, v->nd_flags);
		PS_EMIT_BOOL(e, "managed", (v->nd_flags & 0x80) != 0);
		PS_EMIT_BOOL(e, "other", (v->nd_flags & 0x40) != 0);
		ps_dis_emit_u64(e, l, "router_lifetime", 6, 2, v->router_lifetime);
		ps_dis_emit_u64(e, l, "reachable", 8, 4, v->reachable);
		ps_dis_emit_u64(e, l, "retrans", 12, 4, v->retrans);
	} else if (v->type == ND_NEIGHBOR_ADVERT) {
		ps_dis_emit_u64(e, l, "flags", 4, 4, v->nd_flags);
		PS_EMIT_BOOL(e, "router", (v->nd_flags & 0x80000000u) != 0);
		PS_EMIT_BOOL(e, "solicited", (v->nd_flags & 0x40000000u) != 0);
		PS_EMIT_BOOL(e, "override", (v->nd_flags & 0x20000000u) != 0);
	}
	if (v->type >= ND_NEIGHBOR_SOLICIT)
		ps_dis_emit_ipv6(e, l, "target", 8, v->target);
	if (v->type == ND_REDIRECT)
		ps_dis_emit_ipv6(e, l, "dest", 24, v->dest);
	icmp6_emit_opts(p, v, e);
}

void ps_icmp6_emit_mld(const struct ps_layer *l, struct ps_emit *e)
{
	const struct ps_icmpv6 *v = &l->u.icmpv6;

	if (v->type == MLDV2_REPORT) {
		ps_dis_emit_u64(e, l, "nrecords", 6, 2, v->mld_count);
		return;
	}
	ps_dis_emit_u64(e, l, "max_delay", 4, 2, v->mld_code);
	ps_dis_emit_ipv6(e, l, "group", 8, v->target);
	ps_dis_emit_u64(e, l, "nsrcs", 26, 2, v->mld_count);
}

/* ---- text, as tcpdump's print-icmp6.c ---- */

/* MLD: tcpdump's own spacing, "multicast listener reportmax resp delay: 0 addr: ff02::fb" */
void ps_icmp6_out_mld(const struct ps_icmpv6 *v, uint32_t len, struct ps_out *o)
{
	if (v->type == MLDV2_REPORT) {
		ps_dis_out_num(o, ", ", v->mld_count);
		PS_OUT_LIT(o, " group record(s)");
		return;
	}
	if (v->type != MLD_QUERY || len == MLD_MINLEN) {
		ps_dis_out_num(o, "max resp delay: ", v->mld_code);
		PS_OUT_LIT(o, " addr: ");
		ps_out_ipv6(o, v->target);
		return;
	}
	if (len < MLDV2_QUERY_MINLEN) {
		ps_out_fmt(o, " unknown-version (len %u) ", (unsigned)len);
		return;
	}
	PS_OUT_LIT(o, " v2 [gaddr "); /* the delay is -v detail in tcpdump */
	ps_out_ipv6(o, v->target);
	if (v->mld_count) {
		ps_dis_out_num(o, ", ", v->mld_count);
		PS_OUT_LIT(o, " source(s)");
	}
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

void ps_icmp6_out_nd(const struct ps_icmpv6 *v, bool verbose, struct ps_out *o)
{
	switch (v->type) {
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
	default: /* router solicitation and advertisement: nothing without -v */
		break;
	}
}
