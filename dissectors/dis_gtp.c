/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_gtp.c - GPRS Tunnelling Protocol, user plane (GTP-U, UDP port 2152).
 *
 * 3GPP TS 29.281.  A G-PDU's (type 255) payload is an IPv4 or IPv6 packet
 * (by its version nibble), dissected under "inner"; other message types
 * (echo, error indication, end marker) carry information elements that
 * are not decoded.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver  |P|R|E|S|N| Message Type  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Tunnel Endpoint Identifier (TEID)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Sequence Number (if E|S|N)   |  N-PDU Number | Next Ext Type |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | extension headers: length (4-byte units), contents, next type |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Length counts the bytes after the first 8: the payload is clipped to it.
 */
#include "dis_common.h"
#include "ps_text.h"

#define GTP_HDR_LEN 8u
#define GTP_OPT_LEN 4u
#define GTP_GPDU 255
#define GTP_MAX_EXT 16 /* extension headers walked; each is at least 4 bytes */

static bool gtp_has_opt(const struct ps_gtp *g)
{
	return (g->flags & (PS_GTP_E | PS_GTP_S | PS_GTP_PN)) != 0;
}

/* Walk the extension header chain from `at`; the header's length, or 0
 * after raising an event. */
static uint32_t gtp_walk_ext(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			     uint32_t at)
{
	struct ps_gtp *g = &l->u.gtp;
	uint8_t next = g->next_ext;

	while (next && g->n_ext < GTP_MAX_EXT) {
		if (ps_cur_remaining(c) <= at) {
			ps_dis_short_header(d, c, l, at + 1, PS_EV_GTP_HDR_EXCEEDS_LEN,
					    PS_EV_GTP_TRUNCATED);
			return 0;
		}
		uint32_t len = 4u * ps_cur_peek_u8(c, at);
		if (!len) {
			l->hdr_len = at;
			ps_dis_event(d, PS_EV_GTP_EXT_LEN_INVALID);
			return 0;
		}
		if (ps_cur_remaining(c) - at < len) {
			ps_dis_short_header(d, c, l, at + len, PS_EV_GTP_HDR_EXCEEDS_LEN,
					    PS_EV_GTP_TRUNCATED);
			return 0;
		}
		next = ps_cur_peek_u8(c, at + len - 1);
		at += len;
		g->n_ext++;
	}
	return at;
}

static void gtp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_gtp *g = &l->u.gtp;
	uint32_t avail = ps_cur_remaining(c);

	g->flags = ps_cur_peek_u8(c, 0);
	g->type = ps_cur_peek_u8(c, 1);
	g->len = ps_cur_peek_be16(c, 2);
	g->teid = ps_cur_peek_be32(c, 4);
	if (avail && ((g->flags >> 5) != 1 || !(g->flags & 0x10))) {
		l->hdr_len = 1;
		ps_dis_event(d, PS_EV_GTP_BAD_VERSION);
		return;
	}
	uint32_t need = GTP_HDR_LEN + (gtp_has_opt(g) ? GTP_OPT_LEN : 0);
	if (gtp_has_opt(g)) {
		g->seq = ps_cur_peek_be16(c, 8);
		g->npdu = ps_cur_peek_u8(c, 10);
		g->next_ext = ps_cur_peek_u8(c, 11);
	}
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_GTP_HDR_EXCEEDS_LEN, PS_EV_GTP_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	uint32_t hlen = gtp_walk_ext(d, c, l, need);
	if (!hlen)
		return;
	l->hdr_len = hlen;
	uint32_t claim = d->claim_in;
	if (claim != PS_CLAIM_UNKNOWN && g->len > claim - GTP_HDR_LEN) {
		ps_dis_event(d, PS_EV_GTP_HDR_EXCEEDS_LEN);
		return;
	}
	if (g->len < hlen - GTP_HDR_LEN) {
		ps_dis_event(d, PS_EV_GTP_HDR_EXCEEDS_LEN); /* extensions past the length */
		return;
	}
	ps_cur_skip(c, GTP_HDR_LEN);
	ps_cur_clip(c, g->len);
	d->claim_out = g->len;
	if (!ps_cur_skip(c, hlen - GTP_HDR_LEN) || g->type != GTP_GPDU || !ps_cur_remaining(c))
		return;
	uint8_t v = ps_cur_peek_u8(c, 0) >> 4;
	if (v == 4)
		ps_dis_tunnel_inner(d, c, PS_TAB_ETHERTYPE, 0x0800);
	else if (v == 6)
		ps_dis_tunnel_inner(d, c, PS_TAB_ETHERTYPE, 0x86dd);
}

static void gtp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_gtp *g = &l->u.gtp;

	ps_dis_emit_u64(e, l, "flags", 0, 1, g->flags);
	ps_dis_emit_u64(e, l, "version", 0, 1, g->flags >> 5);
	ps_dis_emit_u64(e, l, "pt", 0, 1, (g->flags >> 4) & 1);
	if (l->hdr_len < 2 || ps_dis_has_event(p, li, PS_EV_GTP_BAD_VERSION))
		return;
	ps_dis_emit_u64(e, l, "type", 1, 1, g->type);
	ps_dis_emit_u64(e, l, "len", 2, 2, g->len);
	ps_dis_emit_u64(e, l, "teid", 4, 4, g->teid);
	if (!gtp_has_opt(g))
		return;
	ps_dis_emit_u64(e, l, "seq", 8, 2, g->seq);
	ps_dis_emit_u64(e, l, "next_ext", 11, 1, g->next_ext);
}

/* tcpdump has no GTP-U printer (it prints "UDP, length N"); ours is
 * compact: "GTPv1-U, G-PDU, teid 0x8c6ed636, length 52: IP ..." */
static void gtp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_gtp *g = &l->u.gtp;

	PS_OUT_LIT(o, "GTPv1-U");
	if (l->hdr_len < GTP_HDR_LEN || ps_dis_has_event(p, li, PS_EV_GTP_BAD_VERSION))
		return;
	if (g->type == GTP_GPDU)
		PS_OUT_LIT(o, ", G-PDU");
	else
		ps_dis_out_num(o, ", type ", g->type);
	ps_out_fmt(o, ", teid 0x%x", (unsigned)g->teid);
	if (gtp_has_opt(g) && t->verbose)
		ps_dis_out_num(o, ", seq ", g->seq);
	ps_dis_out_num(o, ", length ", g->len);
	if (!ps_dis_has_nested(p, li, PS_NEST_INNER))
		return;
	PS_OUT_LIT(o, ": ");
	ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
}

const struct ps_dissector ps_dis_gtp = {
	.name = "gtp",
	.label = "GTP",
	.proto = PS_P_GTP,
	.ev_truncated = PS_EV_GTP_TRUNCATED,
	.decode = gtp_decode,
	.summary = gtp_summary,
	.fields = gtp_fields,
};
