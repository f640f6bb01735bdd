/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv6.c - Internet Protocol version 6 fixed header (extension headers: dis_ipv6_ext.c).
 *
 * RFC 8200 (IPv6), RFC 2675 (jumbograms: Payload Length 0, the length in a HBH option).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (16 bytes)                     |
 * |              Destination Address (16 bytes)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The extension headers (dis_ipv6_ext.c) are walked up to PS_IPV6_MAX_EXT
 * and the Payload Length, to which the payload is clipped.  The layer's
 * hdr_len counts the fixed header and the extension headers.  A non-first
 * fragment stops the chain.
 */
#include <string.h>

#include "dis_ipv6_ext.h"

/* The fixed-header fields that fit in `avail` bytes; validity is by hdr_len. */
static void ipv6_fixed(struct ps_cursor *c, uint32_t avail, struct ps_ipv6 *v6)
{
	if (avail >= IPV6_HDR_LEN) {
		/* the whole fixed header, as nearly always: one bounds check */
		const uint8_t *h = ps_cur_peek_bytes(c, 0, IPV6_HDR_LEN);
		v6->version = h[0] >> 4;
		v6->tc = (uint8_t)(ps_dis_be16(h) >> 4);
		v6->flow = ps_dis_be32(h) & 0xfffffu;
		v6->plen = ps_dis_be16(h + 4);
		v6->nxt = h[6];
		v6->hlim = h[7];
		memcpy(v6->src, h + 8, 16);
		memcpy(v6->dst, h + 24, 16);
		return;
	}
	v6->version = ps_cur_peek_u8(c, 0) >> 4;
	if (avail >= 2)
		v6->tc = (uint8_t)(ps_cur_peek_be16(c, 0) >> 4);
	if (avail >= 4)
		v6->flow = ps_cur_peek_be32(c, 0) & 0xfffffu;
	if (avail >= 6)
		v6->plen = ps_cur_peek_be16(c, 4);
	if (avail >= 7)
		v6->nxt = ps_cur_peek_u8(c, 6);
	if (avail >= 8)
		v6->hlim = ps_cur_peek_u8(c, 7);
	if (avail >= 24)
		memcpy(v6->src, ps_cur_peek_bytes(c, 8, 16), 16);
	if (avail >= IPV6_HDR_LEN)
		memcpy(v6->dst, ps_cur_peek_bytes(c, 24, 16), 16);
}

static void ipv6_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t avail = ps_cur_remaining(c);

	if (avail == 0) {
		ps_dis_event(d, PS_EV_IPV6_TRUNCATED);
		return;
	}
	if (ps_cur_peek_u8(c, 0) >> 4 == 4) {
		ps_dis_event(d, PS_EV_IPV6_VERSION_4); /* mirrors ip.version_6 */
		l->proto = PS_P_IPV4;
		l->u.ipv4 = (struct ps_ipv4){0}; /* the driver zeroed this layer for ours */
		ps_dis_ipv4.decode(d, c, l);
		return;
	}
	ipv6_fixed(c, avail, v6);
	if (v6->version != 6) {
		ps_dis_event(d, PS_EV_IPV6_BAD_VERSION);
		l->hdr_len = 1;
		return;
	}
	if (avail < IPV6_HDR_LEN) {
		l->hdr_len = avail;
		if (avail >= 6 && v6->plen)
			ps_ipv6_plen_check(d, v6->plen);
		ps_dis_event(d, PS_EV_IPV6_TRUNCATED);
		ps_cur_skip(c, avail);
		return;
	}
	l->hdr_len = IPV6_HDR_LEN;
	ps_cur_skip(c, IPV6_HDR_LEN);
	struct ipv6_walk_state w = {.left = v6->plen,
				    .jumbo_wait = v6->plen == 0 && v6->nxt == NH_HOPOPTS};
	if (w.jumbo_wait) {
		w.left = PS_CLAIM_UNKNOWN;
	} else {
		ps_ipv6_plen_check(d, v6->plen);
		ps_cur_clip(c, v6->plen);
	}
	enum ipv6_walk r = IPV6_WALK_NEXT;
	if (ps_ipv6_is_ext(v6->nxt)) /* most packets have none */
		r = ps_ipv6_walk(d, c, l, &w);
	else
		v6->upper = v6->nxt;
	if (r == IPV6_WALK_FAIL)
		return;
	d->claim_out = w.left;
	if (r == IPV6_WALK_STOP || v6->upper == NH_NONE)
		return;
	ps_dis_next(d, PS_TAB_IPPROTO, v6->upper);
}

/* ---- structured fields ---- */

static void ipv6_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t n = l->hdr_len, off = l->off;

	if (n < 1)
		return;
	if (v6->version != 6) {
		ps_emit_span(e, off, 1);
		PS_EMIT_U64(e, "v", v6->version);
		return;
	}
	static const struct ps_emit_field run[] = {
		{"tc", 0, 2, PS_EMIT_K_U64},  {"flow", 1, 3, PS_EMIT_K_U64},
		{"plen", 4, 2, PS_EMIT_K_U64}, {"nxt", 6, 1, PS_EMIT_K_U64},
		{"hlim", 7, 1, PS_EMIT_K_U64}};
	const uint64_t v[] = {v6->tc, v6->flow, v6->plen, v6->nxt, v6->hlim};

	PS_DIS_EMIT_RUN(e, l, run, v);
	if (n >= 24) {
		ps_emit_span(e, off + 8, 16);
		e->ops->ipv6(e, "src", v6->src);
	}
	if (n >= IPV6_HDR_LEN) {
		ps_emit_span(e, off + 24, 16);
		e->ops->ipv6(e, "dst", v6->dst);
	}
	if (v6->jumbo)
		PS_EMIT_U64(e, "jumbo", v6->jumbo);
	if (v6->n_ext)
		ps_ipv6_emit_exts(p, v6, e);
}

/* ---- text (tcpdump's print-ip6.c layout) ---- */

/* -v: "(class 0x12, flowlabel 0x12345, hlim 64, next-header UDP (17) payload length: 8) " */
static void ipv6_verbose(const struct ps_ipv6 *v6, struct ps_out *o)
{
	ps_out_char(o, '(');
	if (v6->tc)
		ps_out_fmt(o, "class 0x%02x, ", v6->tc);
	if (v6->flow)
		ps_out_fmt(o, "flowlabel 0x%05x, ", v6->flow);
	ps_out_fmt(o, "hlim %u, next-header %s (%u) payload length: %u) ", v6->hlim,
		   ps_ip_proto_name(v6->nxt), v6->nxt, v6->plen);
}

/* "truncated-ip6 - 4 bytes missing!" when the header claims more than the frame. */
static void ipv6_missing_text(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t total = IPV6_HDR_LEN + (v6->jumbo ? v6->jumbo : v6->plen);

	if (l->parent >= 0 || p->len <= l->off || total <= p->len - l->off ||
	    !ps_dis_has_event(p, li, PS_EV_IPV6_PLEN_EXCEEDS_CAPLEN))
		return;
	ps_out_fmt(o, "truncated-ip6 - %u bytes missing!", total - (p->len - l->off));
}

static void ipv6_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv6 *v6 = &l->u.ipv6;

	ps_ip_text_prefix(p, li, t, o);
	if (l->hdr_len < 1 || v6->version != 6) {
		if (l->hdr_len >= 1)
			ps_out_fmt(o, "version error: %u != 6", v6->version);
		return;
	}
	if (l->hdr_len < IPV6_HDR_LEN)
		return; /* the renderer adds the truncation mark */
	if (!v6->jumbo && p->nevents) /* it needs an event */
		ipv6_missing_text(p, li, o);
	if (t->verbose)
		ipv6_verbose(v6, o);
	const struct ps_dissector *nd = ps_ip_next_dis(p, li);
	if (v6->n_ext || !nd || !(nd->flags & PS_DIS_PORTS)) {
		ps_out_ipv6(o, v6->src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv6(o, v6->dst);
		PS_OUT_LIT(o, ": ");
	}
	bool bad = p->nevents && ps_dis_has_event(p, li, PS_EV_IPV6_EXT_EXCEEDS_PLEN);
	for (unsigned i = 0; i < v6->n_ext; i++) {
		const struct ps_ipv6_ext *x = &ps_ipv6_exts(p, v6)[i];
		if (bad && i + 1 == v6->n_ext) {
			/* tcpdump reports a header past the payload length as cut short */
			ps_out_str(o, x->type == NH_HOPOPTS   ? " [|hbhopt]"
				      : x->type == NH_DSTOPTS ? " [|dstopt]"
							      : " [|ipv6]");
			return;
		}
		if (!x->complete || !ps_ipv6_ext_text(p, l, x, t, o))
			return;
		if (i == 0 && v6->jumbo)
			ipv6_missing_text(p, li, o); /* tcpdump learns the length here */
	}
	if (nd) {
		ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
	} else if (v6->upper == NH_NONE) {
		PS_OUT_LIT(o, "no next header");
	} else if (!l->truncated && !ps_ipv6_is_ext(v6->upper) && !bad && !ps_ip_next_cut(p, li)) {
		uint32_t ext = l->hdr_len - IPV6_HDR_LEN;
		uint32_t pl = (v6->jumbo ? v6->jumbo : v6->plen);
		ps_dis_out_num(o, " ip-proto-", v6->upper);
		ps_dis_out_num(o, " ", pl > ext ? pl - ext : 0);
	}
}

const struct ps_dissector ps_dis_ipv6 = {
	.name = "ipv6",
	.label = "IPv6",
	.ev_truncated = PS_EV_IPV6_TRUNCATED,
	.proto = PS_P_IPV6,
	.flags = PS_DIS_NET,
	.decode = ipv6_decode,
	.summary = ipv6_summary,
	.fields = ipv6_fields,
};
