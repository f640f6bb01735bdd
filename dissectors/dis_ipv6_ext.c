/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv6_ext.c - IPv6 extension headers: the walk, their fields and text (the fixed header: dis_ipv6.c).
 *
 * RFC 8200 4 (Hop-by-Hop 0, Routing 43, Fragment 44, Destination Options 60),
 * RFC 2675 (Jumbo Payload option), RFC 4302 (AH 51), RFC 6275 (Mobility 135),
 * RFC 8754 (segment routing header).
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  ... (Fragment: Offset|Res|M) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Hdr Ext Len is in 8-byte units not counting the first 8 (AH: 4-byte units
 * minus 2; a Fragment header is always 8 bytes).  The walk is bounded by
 * PS_IPV6_MAX_EXT and by the Payload Length.
 */
#include "dis_ipv6_ext.h"

#define IP6OPT_PAD1 0x00u
#define IP6OPT_PADN 0x01u
#define IP6OPT_RTALERT 0x05u
#define IP6OPT_JUMBO 0xc2u
#define IPV6_MAXPACKET 65535u

/* 40 + `plen` more than the frame carries on the wire (not a snap cut).  Here
 * rather than in dis_ipv6.c because the Jumbo option's length is checked the
 * same way: the walker must not call back into the fixed-header dissector. */
void ps_ipv6_plen_check(struct ps_dctx *d, uint32_t plen)
{
	if (d->claim_in != PS_CLAIM_UNKNOWN && (uint64_t)plen + IPV6_HDR_LEN > d->claim_in &&
	    !ps_ip_in_quote(d))
		ps_dis_event(d, PS_EV_IPV6_PLEN_EXCEEDS_CAPLEN);
}

/* The Jumbo Payload option's value in a complete HBH header at c->pos, or 0. */
static uint32_t ipv6_hbh_jumbo(struct ps_cursor *c, uint32_t len)
{
	for (uint32_t at = 2; at + 1 < len;) {
		uint8_t type = ps_cur_peek_u8(c, at);
		if (type == IP6OPT_PAD1) {
			at++;
			continue;
		}
		uint8_t olen = ps_cur_peek_u8(c, at + 1);
		if (type == IP6OPT_JUMBO && olen == 4 && at + 6 <= len)
			return ps_cur_peek_be32(c, at + 2);
		at += 2u + olen;
	}
	return 0;
}

/* RFC 2675: a first HBH header may carry the payload length. */
static enum ipv6_walk ipv6_jumbo(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			    uint32_t len, struct ipv6_walk_state *w)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t j = ipv6_hbh_jumbo(c, len);

	if (!w->jumbo_wait) {
		if (j)
			ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID); /* with a non-zero plen */
		return IPV6_WALK_NEXT;
	}
	w->jumbo_wait = false;
	if (!j || len > j)
		return IPV6_WALK_FAIL; /* no length covers this header */
	v6->jumbo = j;
	if (j <= IPV6_MAXPACKET)
		ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID);
	ps_ipv6_plen_check(d, j);
	w->left = j;
	ps_cur_clip(c, j);
	return IPV6_WALK_NEXT;
}

/* A bad extension header: its captured bytes (up to its length) count as
 * header, what follows is payload. */
static enum ipv6_walk ipv6_ext_fail(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			       uint32_t len, enum ps_event_code ev)
{
	uint32_t avail = ps_cur_remaining(c), used = len < avail ? len : avail;

	ps_dis_event(d, ev);
	ps_cur_skip(c, used);
	l->hdr_len += used;
	return IPV6_WALK_FAIL;
}

/* Record one extension header of type nh at c->pos and step over it. */
static enum ipv6_walk ipv6_ext(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			       uint8_t nh, struct ipv6_walk_state *w)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t len = nh == NH_FRAGMENT ? 8u : 2u; /* what is known before the length byte */

	if (avail >= 2) {
		uint8_t hlen = ps_cur_peek_u8(c, 1);
		if (nh == NH_AH)
			len = (hlen + 2u) * 4u;
		else if (nh != NH_FRAGMENT)
			len = (hlen + 1u) * 8u;
		struct ps_ipv6_ext *x = &ps_ipv6_ext_room(d->p, v6)[v6->n_ext++];
		x->type = nh;
		x->nxt = ps_cur_peek_u8(c, 0);
		x->len = (uint16_t)len;
		x->off = c->pos;
		x->complete = len <= avail;
	}
	if (w->left != PS_CLAIM_UNKNOWN && len > w->left)
		return ipv6_ext_fail(d, c, l, len, PS_EV_IPV6_EXT_EXCEEDS_PLEN);
	if (len > avail)
		return ipv6_ext_fail(d, c, l, len, PS_EV_IPV6_TRUNCATED);
	if (nh == NH_FRAGMENT) {
		struct ps_ipv6_ext *x = &ps_ipv6_ext_room(d->p, v6)[v6->n_ext - 1];
		uint16_t offlg = ps_cur_peek_be16(c, 2);
		x->frag_off = offlg >> 3;
		x->m = (offlg & 1u) != 0;
		x->id = ps_cur_peek_be32(c, 4);
		v6->fragment = true;
		d->p->any_fragment = true; /* defrag_feed.c looks no further without it */
		if (v6->jumbo)
			ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID); /* jumbograms cannot be fragmented */
	}
	if (nh == NH_HOPOPTS && v6->n_ext == 1 && ipv6_jumbo(d, c, l, len, w) != IPV6_WALK_NEXT)
		return ipv6_ext_fail(d, c, l, len, PS_EV_IPV6_EXT_EXCEEDS_PLEN);
	ps_cur_skip(c, len);
	l->hdr_len += len;
	if (w->left != PS_CLAIM_UNKNOWN)
		w->left -= len;
	return IPV6_WALK_NEXT;
}

/* Walk the extension headers; v6->upper is what follows them. */
enum ipv6_walk ps_ipv6_walk(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			   struct ipv6_walk_state *w)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint8_t nh = v6->nxt;

	if (ps_ipv6_is_ext(nh) &&
	    !ps_dis_side_alloc(d, PS_IPV6_MAX_EXT * sizeof(struct ps_ipv6_ext), &v6->ext_at)) {
		v6->upper = nh;
		return IPV6_WALK_STOP;
	}
	while (ps_ipv6_is_ext(nh)) {
		if (v6->n_ext == PS_IPV6_MAX_EXT) {
			ps_dis_event(d, PS_EV_IPV6_EXT_LIMIT);
			v6->upper = nh;
			return IPV6_WALK_STOP;
		}
		if (nh == NH_HOPOPTS && v6->n_ext > 0)
			ps_dis_event(d, PS_EV_IPV6_HBH_NOT_FIRST);
		if (ipv6_ext(d, c, l, nh, w) != IPV6_WALK_NEXT)
			return IPV6_WALK_FAIL;
		const struct ps_ipv6_ext *x = &ps_ipv6_ext_room(d->p, v6)[v6->n_ext - 1];
		nh = x->nxt;
		if (x->type == NH_FRAGMENT && x->frag_off != 0) {
			v6->upper = nh;
			return IPV6_WALK_STOP; /* no reassembly: a later fragment has no upper header */
		}
	}
	v6->upper = nh;
	return IPV6_WALK_NEXT;
}

/* ---- structured fields ---- */

static void ipv6_ext_fields(const struct ps_ipv6_ext *x, struct ps_emit *e)
{
	e->ops->begin_obj(e, 0);
	ps_emit_span(e, x->off, 2);
	PS_EMIT_U64(e, "type", x->type);
	PS_EMIT_U64(e, "len", x->len);
	if (x->type == NH_FRAGMENT && x->complete) {
		ps_emit_span(e, x->off + 2, 2);
		PS_EMIT_U64(e, "offset", x->frag_off);
		PS_EMIT_BOOL(e, "m", x->m);
		ps_emit_span(e, x->off + 4, 4);
		PS_EMIT_U64(e, "id", x->id);
	}
	e->ops->end_obj(e);
}

void ps_ipv6_emit_exts(const struct ps_packet *p, const struct ps_ipv6 *v6, struct ps_emit *e)
{
	const struct ps_ipv6_ext *ext = ps_ipv6_exts(p, v6);

	e->ops->begin_arr(e, "ext");
	for (unsigned i = 0; i < v6->n_ext; i++)
		ipv6_ext_fields(&ext[i], e);
	e->ops->end_arr(e);
}

/* ---- text (tcpdump's print-ip6.c and friends) ---- */

/* -v options of a HBH / Destination Options header: "(rtalert: 0x0000) (padn)" */
static void ipv6_opts_text(const struct ps_packet *p, const struct ps_ipv6_ext *x,
			   struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, x->off);

	for (uint32_t at = 2; at < x->len;) {
		uint8_t type = ps_cur_peek_u8(&c, at);
		if (type == IP6OPT_PAD1) {
			PS_OUT_LIT(o, "(pad1)");
			at++;
			continue;
		}
		if (at + 2 > x->len)
			break;
		uint8_t olen = ps_cur_peek_u8(&c, at + 1);
		if (at + 2u + olen > x->len)
			break;
		if (type == IP6OPT_PADN)
			PS_OUT_LIT(o, "(padn)");
		else if (type == IP6OPT_RTALERT && olen == 2)
			ps_out_fmt(o, "(rtalert: 0x%04x) ", ps_cur_peek_be16(&c, at + 2));
		else if (type == IP6OPT_JUMBO && olen == 4)
			ps_out_fmt(o, "(jumbo: %u) ", ps_cur_peek_be32(&c, at + 2));
		else
			ps_out_fmt(o, "(opt_type 0x%02x: len=%u)", type, olen);
		at += 2u + olen;
	}
}

/* "RT6 (len=2, type=0 [Deprecated], segleft=1, [0]2001:db8::1) "; false when
 * the length cannot hold whole addresses (tcpdump then stops). */
static bool ipv6_rt_text(const struct ps_packet *p, const struct ps_ipv6_ext *x,
			 const struct ps_text_opts *t, struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, x->off);
	uint8_t type = ps_cur_peek_u8(&c, 2);

	ps_out_fmt(o, "RT6 (len=%u, type=%u%s, segleft=%u", ps_cur_peek_u8(&c, 1), type,
		   type == 0 ? " [Deprecated]" : "", ps_cur_peek_u8(&c, 3));
	uint32_t nseg = (x->len - 8u) / 16; /* addresses start at byte 8 */
	if ((type == 0 || type == 2) && ps_cur_peek_u8(&c, 1) % 2) {
		ps_out_fmt(o, " (invalid length %u) (invalid)", ps_cur_peek_u8(&c, 1));
		return false;
	}
	if (type == 0 || type == 2) {
		if (t->verbose)
			ps_out_fmt(o, ", rsv=0x%x", ps_cur_peek_be32(&c, 4));
	} else if (type == 4) { /* RFC 8754 segment routing */
		unsigned last = ps_cur_peek_u8(&c, 4), flags = ps_cur_peek_u8(&c, 5);
		ps_out_fmt(o, ", last-entry=%u", last);
		if (flags || t->verbose)
			ps_out_fmt(o, ", flags=0x%x", flags);
		ps_out_fmt(o, ", tag=%x", ps_cur_peek_be16(&c, 6));
		nseg = nseg < last + 1u ? nseg : last + 1u;
	} else {
		nseg = 0;
	}
	for (uint32_t i = 0; i < nseg; i++) {
		ps_out_fmt(o, ", [%u]", i);
		ps_out_ipv6(o, ps_cur_peek_bytes(&c, 8 + 16 * i, 16));
	}
	PS_OUT_LIT(o, ") ");
	return true;
}

/* "AH(spi=0x00000100,seq=0x1,icv=0xaaaa...): " */
static void ipv6_ah_text(const struct ps_packet *p, const struct ps_ipv6_ext *x,
			 const struct ps_text_opts *t, struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, x->off);

	PS_OUT_LIT(o, "AH(");
	if (t->verbose)
		ps_out_fmt(o, "length=%u(%u-bytes),", ps_cur_peek_u8(&c, 1), x->len);
	if (ps_cur_peek_be16(&c, 2))
		ps_out_fmt(o, "reserved=0x%x[MustBeZero],", ps_cur_peek_be16(&c, 2));
	ps_out_fmt(o, "spi=0x%08x,seq=0x%x", ps_cur_peek_be32(&c, 4), ps_cur_peek_be32(&c, 8));
	if (x->len > 12) {
		PS_OUT_LIT(o, ",icv=0x");
		for (uint32_t at = 12; at < x->len; at++)
			ps_out_hex(o, ps_cur_peek_u8(&c, at), 2);
	}
	PS_OUT_LIT(o, "): ");
}

/* One extension header as tcpdump prints it; false after a non-first fragment. */
bool ps_ipv6_ext_text(const struct ps_packet *p, const struct ps_layer *l,
		      const struct ps_ipv6_ext *x, const struct ps_text_opts *t, struct ps_out *o)
{
	const struct ps_ipv6 *v6 = &l->u.ipv6;

	switch (x->type) {
	case NH_HOPOPTS:
	case NH_DSTOPTS:
		ps_out_str(o, x->type == NH_HOPOPTS ? "HBH " : "DSTOPT ");
		if (t->verbose) {
			ipv6_opts_text(p, x, o);
			ps_out_char(o, ' ');
		}
		return true;
	case NH_ROUTING:
		return ipv6_rt_text(p, x, t, o);
	case NH_AH:
		ipv6_ah_text(p, x, t, o);
		return true;
	case NH_MOBILITY:
		PS_OUT_LIT(o, "MH ");
		return true;
	default: /* fragment: the bytes that follow it, as the header claims */
		break;
	}
	uint32_t total = v6->jumbo ? v6->jumbo : v6->plen;
	uint32_t before = x->off - l->off - IPV6_HDR_LEN + 8;
	uint32_t rest = total > before ? total - before : 0;
	if (t->verbose)
		ps_out_fmt(o, "frag (0x%08x:%u|%u)", x->id, x->frag_off * 8u, rest);
	else
		ps_out_fmt(o, "frag (%u|%u)", x->frag_off * 8u, rest);
	if (x->frag_off)
		return false;
	ps_out_char(o, ' ');
	return true;
}
