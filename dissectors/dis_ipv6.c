/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv6.c - Internet Protocol version 6 header and extension headers.
 *
 * RFC 8200 (IPv6), RFC 2675 (jumbograms), RFC 4302 (AH), RFC 6275 (mobility).
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
 * Extension headers (Hop-by-Hop 0, Routing 43, Destination Options 60,
 * Mobility 135: length byte in 8-byte units not counting the first 8;
 * AH 51: 4-byte units minus 2; Fragment 44: always 8 bytes):
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  ... (Fragment: Offset|Res|M) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The walk is bounded by PS_IPV6_MAX_EXT and by the Payload Length, to
 * which the payload is clipped.  The layer's hdr_len counts the fixed
 * header and the extension headers.  A non-first fragment stops the chain.
 */
#include <string.h>

#include "ps_dissect.h"
#include "ps_out.h"

/* helpers shared with dis_ipv4.c (defined there) */
bool ps_ip_in_quote(const struct ps_dctx *d);
const char *ps_ip_proto_name(unsigned proto);
void ps_ip_text_prefix(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		       struct ps_out *o, const char *name);
int ps_ip_text_next(const struct ps_packet *p, unsigned li);
bool ps_ip_next_cut(const struct ps_packet *p, unsigned li);
bool ps_ip_layer_event(const struct ps_packet *p, unsigned li, unsigned code);
void ps_ip_text_inner(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		      struct ps_out *o);

extern const struct ps_dissector ps_dis_ipv4;

#define IPV6_HDR_LEN 40u
#define IP6OPT_PAD1 0x00u
#define IP6OPT_PADN 0x01u
#define IP6OPT_RTALERT 0x05u
#define IP6OPT_JUMBO 0xc2u
#define IPV6_MAXPACKET 65535u

enum { NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_AH = 51, NH_NONE = 59,
       NH_DSTOPTS = 60, NH_MOBILITY = 135 };

enum walk { WALK_NEXT, WALK_STOP, WALK_FAIL };

struct walk_state {
	uint32_t left;   /* payload bytes the header still claims (PS_CLAIM_UNKNOWN: not yet known) */
	bool jumbo_wait; /* Payload Length 0 before a HBH header: a Jumbo option must say it */
};

/* The fixed-header fields that fit in `avail` bytes; validity is by hdr_len. */
static void ipv6_fixed(struct ps_cursor *c, uint32_t avail, struct ps_ipv6 *v6)
{
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

static bool ipv6_is_ext(unsigned nh)
{
	return nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_FRAGMENT || nh == NH_AH ||
	       nh == NH_DSTOPTS || nh == NH_MOBILITY;
}

/* 40 + `plen` more than the frame carries on the wire (not a snap cut). */
static void ipv6_plen_check(struct ps_dctx *d, uint32_t plen)
{
	if (!ps_ip_in_quote(d) && d->claim_in != PS_CLAIM_UNKNOWN &&
	    (uint64_t)plen + IPV6_HDR_LEN > d->claim_in)
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
static enum walk ipv6_jumbo(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			    uint32_t len, struct walk_state *w)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint32_t j = ipv6_hbh_jumbo(c, len);

	if (!w->jumbo_wait) {
		if (j)
			ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID); /* with a non-zero plen */
		return WALK_NEXT;
	}
	w->jumbo_wait = false;
	if (!j || len > j)
		return WALK_FAIL; /* no length covers this header */
	v6->jumbo = j;
	if (j <= IPV6_MAXPACKET)
		ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID);
	ipv6_plen_check(d, j);
	w->left = j;
	ps_cur_clip(c, j);
	return WALK_NEXT;
}

/* A bad extension header: its captured bytes (up to its length) count as
 * header, what follows is payload. */
static enum walk ipv6_ext_fail(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			       uint32_t len, enum ps_event_code ev)
{
	uint32_t avail = ps_cur_remaining(c), used = len < avail ? len : avail;

	ps_dis_event(d, ev);
	ps_cur_skip(c, used);
	l->hdr_len += used;
	return WALK_FAIL;
}

/* Record one extension header of type nh at c->pos and step over it. */
static enum walk ipv6_ext(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l, uint8_t nh,
			  struct walk_state *w)
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
		struct ps_ipv6_ext *x = &v6->ext[v6->n_ext++];
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
		struct ps_ipv6_ext *x = &v6->ext[v6->n_ext - 1];
		uint16_t offlg = ps_cur_peek_be16(c, 2);
		x->frag_off = offlg >> 3;
		x->m = (offlg & 1u) != 0;
		x->id = ps_cur_peek_be32(c, 4);
		v6->fragment = true;
		if (v6->jumbo)
			ps_dis_event(d, PS_EV_IPV6_JUMBO_INVALID); /* jumbograms cannot be fragmented */
	}
	if (nh == NH_HOPOPTS && v6->n_ext == 1 && ipv6_jumbo(d, c, l, len, w) != WALK_NEXT)
		return ipv6_ext_fail(d, c, l, len, PS_EV_IPV6_EXT_EXCEEDS_PLEN);
	ps_cur_skip(c, len);
	l->hdr_len += len;
	if (w->left != PS_CLAIM_UNKNOWN)
		w->left -= len;
	return WALK_NEXT;
}

/* Walk the extension headers; v6->upper is what follows them. */
static enum walk ipv6_walk(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			   struct walk_state *w)
{
	struct ps_ipv6 *v6 = &l->u.ipv6;
	uint8_t nh = v6->nxt;

	while (ipv6_is_ext(nh)) {
		if (v6->n_ext == PS_IPV6_MAX_EXT) {
			ps_dis_event(d, PS_EV_IPV6_EXT_LIMIT);
			v6->upper = nh;
			return WALK_STOP;
		}
		if (nh == NH_HOPOPTS && v6->n_ext > 0)
			ps_dis_event(d, PS_EV_IPV6_HBH_NOT_FIRST);
		if (ipv6_ext(d, c, l, nh, w) != WALK_NEXT)
			return WALK_FAIL;
		const struct ps_ipv6_ext *x = &v6->ext[v6->n_ext - 1];
		nh = x->nxt;
		if (x->type == NH_FRAGMENT && x->frag_off != 0) {
			v6->upper = nh;
			return WALK_STOP; /* no reassembly: a later fragment has no upper header */
		}
	}
	v6->upper = nh;
	return WALK_NEXT;
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
			ipv6_plen_check(d, v6->plen);
		ps_dis_event(d, PS_EV_IPV6_TRUNCATED);
		ps_cur_skip(c, avail);
		return;
	}
	l->hdr_len = IPV6_HDR_LEN;
	ps_cur_skip(c, IPV6_HDR_LEN);
	struct walk_state w = {.left = v6->plen, .jumbo_wait = v6->plen == 0 && v6->nxt == NH_HOPOPTS};
	if (w.jumbo_wait) {
		w.left = PS_CLAIM_UNKNOWN;
	} else {
		ipv6_plen_check(d, v6->plen);
		ps_cur_clip(c, v6->plen);
	}
	enum walk r = ipv6_walk(d, c, l, &w);
	if (r == WALK_FAIL)
		return;
	d->claim_out = w.left;
	if (r == WALK_STOP || v6->upper == NH_NONE)
		return;
	ps_dis_next(d, PS_TAB_IPPROTO, v6->upper);
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
	const struct {
		const char *key;
		uint8_t at, size;
		uint32_t v;
	} f[] = {{"tc", 0, 2, v6->tc},	   {"flow", 1, 3, v6->flow}, {"plen", 4, 2, v6->plen},
		 {"nxt", 6, 1, v6->nxt}, {"hlim", 7, 1, v6->hlim}};
	for (unsigned i = 0; i < sizeof f / sizeof f[0] && f[i].at + f[i].size <= n; i++) {
		ps_emit_span(e, off + f[i].at, f[i].size);
		PS_EMIT_U64(e, f[i].key, f[i].v);
	}
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
	if (v6->n_ext) {
		e->ops->begin_arr(e, "ext");
		for (unsigned i = 0; i < v6->n_ext; i++)
			ipv6_ext_fields(&v6->ext[i], e);
		e->ops->end_arr(e);
	}
}

/* ---- text (tcpdump's print-ip6.c layout) ---- */

static struct ps_cursor frame_at(const struct ps_packet *p, uint32_t off)
{
	struct ps_cursor c;
	ps_cur_init(&c, p->data, p->caplen);
	c.pos = off;
	return c;
}

/* -v options of a HBH / Destination Options header: "(rtalert: 0x0000) (padn)" */
static void ipv6_opts_text(const struct ps_packet *p, const struct ps_ipv6_ext *x,
			   struct ps_out *o)
{
	struct ps_cursor c = frame_at(p, x->off);

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
	struct ps_cursor c = frame_at(p, x->off);
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
	struct ps_cursor c = frame_at(p, x->off);

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
static bool ipv6_ext_text(const struct ps_packet *p, const struct ps_layer *l,
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

	if (!ps_ip_layer_event(p, li, PS_EV_IPV6_PLEN_EXCEEDS_CAPLEN) || l->parent >= 0 ||
	    p->len <= l->off || total <= p->len - l->off)
		return;
	ps_out_fmt(o, "truncated-ip6 - %u bytes missing!", total - (p->len - l->off));
}

static void ipv6_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv6 *v6 = &l->u.ipv6;

	ps_ip_text_prefix(p, li, t, o, "IP6 ");
	if (l->hdr_len < 1 || v6->version != 6) {
		if (l->hdr_len >= 1)
			ps_out_fmt(o, "version error: %u != 6", v6->version);
		return;
	}
	if (l->hdr_len < IPV6_HDR_LEN)
		return; /* the renderer adds the truncation mark */
	if (!v6->jumbo)
		ipv6_missing_text(p, li, o);
	if (t->verbose)
		ipv6_verbose(v6, o);
	int next = ps_ip_text_next(p, li);
	const struct ps_dissector *nd = next >= 0 ? ps_registry_by_proto(p->layers[next].proto) : 0;
	if (v6->n_ext || !nd || !(nd->flags & PS_DIS_PORTS)) {
		ps_out_ipv6(o, v6->src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv6(o, v6->dst);
		PS_OUT_LIT(o, ": ");
	}
	bool bad = ps_ip_layer_event(p, li, PS_EV_IPV6_EXT_EXCEEDS_PLEN);
	for (unsigned i = 0; i < v6->n_ext; i++) {
		const struct ps_ipv6_ext *x = &v6->ext[i];
		if (bad && i + 1 == v6->n_ext) {
			/* tcpdump reports a header past the payload length as cut short */
			ps_out_str(o, x->type == NH_HOPOPTS   ? " [|hbhopt]"
				      : x->type == NH_DSTOPTS ? " [|dstopt]"
							      : " [|ipv6]");
			return;
		}
		if (!x->complete || !ipv6_ext_text(p, l, x, t, o))
			return;
		if (i == 0 && v6->jumbo)
			ipv6_missing_text(p, li, o); /* tcpdump learns the length here */
	}
	if (nd) {
		ps_ip_text_inner(p, li, t, o);
	} else if (v6->upper == NH_NONE) {
		PS_OUT_LIT(o, "no next header");
	} else if (!l->truncated && !ipv6_is_ext(v6->upper) && !bad && !ps_ip_next_cut(p, li)) {
		uint32_t ext = l->hdr_len - IPV6_HDR_LEN;
		uint32_t pl = (v6->jumbo ? v6->jumbo : v6->plen);
		ps_out_fmt(o, " ip-proto-%u %u", v6->upper, pl > ext ? pl - ext : 0);
	}
}

const struct ps_dissector ps_dis_ipv6 = {
	.name = "ipv6",
	.ev_truncated = PS_EV_IPV6_TRUNCATED,
	.proto = PS_P_IPV6,
	.flags = PS_DIS_NET,
	.decode = ipv6_decode,
	.summary = ipv6_summary,
	.fields = ipv6_fields,
};
