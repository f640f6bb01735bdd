/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic.c - QUIC packet headers (UDP port 443, and by content on any port).
 *
 * RFC 8999 (invariants), RFC 9000 §17 (headers), RFC 9369 (version 2's
 * packet type numbers).  A client Initial is decrypted to read its
 * ClientHello (dis_quic_initial.c).
 *
 * Long header:                            Short header (1-RTT):
 * +-+-+-+-+-+-+-+-+                        +-+-+-+-+-+-+-+-+
 * |1|1|T T|X X X X|                        |0|1|S|R|R|K|P P|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+...     +-+-+-+-+-+-+-+-+
 * |         Version (32)          |        | DCID (length known only to
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+...     |  the endpoints) ...
 * | DCID Len (8) | DCID (0..160) |
 * | SCID Len (8) | SCID (0..160) |
 * | Initial: Token Length (i), Token; Initial/0-RTT/Handshake: Length (i)
 * | Packet Number (8..32, protected), Payload (protected) ...
 *
 * Version 0 is Version Negotiation (no type).  A short header's DCID length
 * is not on the wire, so decode leaves `dcid` out for it; with flow
 * tracking the connection's IDs give it (dis_quic_conn.c).  Only the first packet
 * of a datagram (coalesced packets follow it) is described.
 *
 * Where it runs: the UDP port 443 row accepts a long header with the fixed
 * bit and a known version (or version 0), or a short header with the fixed
 * bit; the heuristic row, on any other port, only a long header of a
 * version whose Initial salt we know with connection IDs of at most 20
 * bytes.
 *
 * Text (tcpdump prints QUIC as plain UDP; this is our compact form):
 *   QUIC Initial v1 dcid=b409bae10c6b44e5cd scid=2133c4 sni=www.google.com alpn=h3 ja4=q13d0312h3_..., length 1357
 *   QUIC short, length 33
 */
#include "dis_common.h"
#include "dis_quic_crypto.h"
#include "dis_quic_priv.h"
#include "ps_text.h"

#define QUIC_MAX_CID 20u

/* A variable-length integer at `*at` past the cursor; false when cut. */
static bool cur_varint(struct ps_cursor *c, uint32_t *at, uint64_t *v)
{
	uint32_t rem = ps_cur_remaining(c);
	if (*at >= rem)
		return false;
	uint32_t len = 1u << (ps_cur_peek_u8(c, *at) >> 6);
	if (len > rem - *at)
		return false;
	*v = ps_cur_peek_u8(c, *at) & 0x3fu;
	for (uint32_t i = 1; i < len; i++)
		*v = *v << 8 | ps_cur_peek_u8(c, *at + i);
	*at += len;
	return true;
}

static uint8_t long_type(uint32_t version, uint8_t b0)
{
	unsigned t = (b0 >> 4) & 3;
	static const uint8_t v2[4] = {PS_QUIC_RETRY, PS_QUIC_INITIAL, PS_QUIC_0RTT,
				      PS_QUIC_HANDSHAKE};
	return version == 0x6b3343cfu ? v2[t] : (uint8_t)t;
}

/* The rest of a long header after the connection IDs, from `at`: token,
 * length; then the Initial's ClientHello.  `claim` is the UDP payload. */
static void quic_long_rest(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			   uint32_t at)
{
	struct ps_quic *q = &l->u.quic;
	uint64_t token = 0, len = 0;

	l->hdr_len = at;
	if (q->type == PS_QUIC_RETRY)
		return;
	if (q->type == PS_QUIC_INITIAL) {
		if (!cur_varint(c, &at, &token) || token > ps_cur_remaining(c) - at) {
			ps_dis_short_header(d, c, l, at + 1, PS_EV_QUIC_HDR_EXCEEDS_LEN,
					    PS_EV_QUIC_TRUNCATED);
			return;
		}
		at += (uint32_t)token;
	}
	if (!cur_varint(c, &at, &len)) {
		ps_dis_short_header(d, c, l, at + 1, PS_EV_QUIC_HDR_EXCEEDS_LEN,
				    PS_EV_QUIC_TRUNCATED);
		return;
	}
	l->hdr_len = at;
	uint32_t claim = q->len;
	if (len > claim - at) {
		ps_dis_event(d, PS_EV_QUIC_LEN_INVALID);
		return;
	}
	if (len > ps_cur_remaining(c) - at) {
		ps_dis_event(d, PS_EV_QUIC_TRUNCATED);
		return;
	}
	if (q->type == PS_QUIC_INITIAL && ps_quic_version_known(q->version))
		ps_quic_read_initial(d, l, c->pos + at, c->pos + at + (uint32_t)len);
}

static void quic_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_quic *q = &l->u.quic;
	uint32_t avail = ps_cur_remaining(c);
	uint8_t b0 = ps_cur_peek_u8(c, 0);

	q->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	q->sni_at = q->alpn_at = q->ja4_at = PS_SIDE_NONE;
	q->long_hdr = (b0 & 0x80) != 0;
	q->type = PS_QUIC_SHORT;
	l->hdr_len = 1;
	if (q->long_hdr) {
		q->version = ps_cur_peek_be32(c, 1);
		q->dcid_len = ps_cur_peek_u8(c, 5);
		q->dcid_off = c->pos + 6;
		uint32_t at = 6u + q->dcid_len;
		q->scid_len = ps_cur_peek_u8(c, at);
		q->scid_off = c->pos + at + 1;
		uint32_t need = at + 1 + q->scid_len;
		q->type = q->version ? long_type(q->version, b0) : PS_QUIC_VN;
		if (avail >= 6 && q->version && q->dcid_len > QUIC_MAX_CID) {
			l->hdr_len = 6;
			ps_dis_event(d, PS_EV_QUIC_CID_TOO_LONG);
		} else if (avail < need) {
			ps_dis_short_header(d, c, l, need, PS_EV_QUIC_HDR_EXCEEDS_LEN,
					    PS_EV_QUIC_TRUNCATED);
			return;
		} else if (q->version && q->scid_len > QUIC_MAX_CID) {
			l->hdr_len = at + 1;
			ps_dis_event(d, PS_EV_QUIC_CID_TOO_LONG);
		} else if (!q->version) {
			l->hdr_len = need;
		} else {
			quic_long_rest(d, c, l, need);
		}
	}
	/* the protected payload and any coalesced packets are this layer's */
	ps_cur_skip(c, ps_cur_remaining(c));
}

/* The port 443 row: any QUIC-looking first byte. */
static bool quic_probe_port(const struct ps_dctx *d, const struct ps_cursor *c)
{
	struct ps_cursor w = *c;
	uint8_t b0 = ps_cur_peek_u8(&w, 0);
	uint32_t v = ps_cur_peek_be32(&w, 1);
	(void)d;
	if (!(b0 & 0x40) && !(b0 & 0x80 && v == 0))
		return false;
	return !(b0 & 0x80) || !v || ps_quic_version_known(v) || (v & 0x0f0f0f0fu) == 0x0a0a0a0au;
}

/* Any port: a long header of a known version, sane connection IDs. */
static bool quic_probe_heur(const struct ps_dctx *d, const struct ps_cursor *c)
{
	struct ps_cursor w = *c;
	(void)d;
	if (ps_cur_remaining(&w) < 7 || (ps_cur_peek_u8(&w, 0) & 0xc0) != 0xc0 ||
	    !ps_quic_version_known(ps_cur_peek_be32(&w, 1)))
		return false;
	uint8_t dcil = ps_cur_peek_u8(&w, 5);
	return dcil <= QUIC_MAX_CID && ps_cur_peek_u8(&w, 6u + dcil) <= QUIC_MAX_CID &&
	       !w.short_read;
}

static const char *const type_names[] = {
	[PS_QUIC_INITIAL] = "initial", [PS_QUIC_0RTT] = "0rtt", [PS_QUIC_HANDSHAKE] = "handshake",
	[PS_QUIC_RETRY] = "retry",     [PS_QUIC_SHORT] = "short",
};

static void emit_hex(const struct ps_packet *p, struct ps_emit *e, const char *key,
		     uint32_t off, uint8_t len)
{
	static const char digits[] = "0123456789abcdef";
	char hex[2 * 255 + 1];
	for (unsigned i = 0; i < len; i++) {
		hex[2 * i] = digits[p->data[off + i] >> 4];
		hex[2 * i + 1] = digits[p->data[off + i] & 15];
	}
	hex[2 * len] = 0;
	ps_emit_span(e, off, len);
	PS_EMIT_STR(e, key, hex);
}

static void quic_emit_hello(const struct ps_packet *p, const struct ps_quic *q, struct ps_emit *e)
{
	const uint8_t *sni = ps_side_get(p, q->sni_at);
	const uint8_t *alpn = ps_side_get(p, q->alpn_at);
	ps_emit_span(e, 0, 0); /* decrypted: no frame bytes to point at */
	if (sni)
		e->ops->strn(e, "sni", (const char *)sni, q->sni_len);
	if (alpn) {
		e->ops->begin_arr(e, "alpn");
		for (unsigned i = 0; i < q->alpn_len && alpn[i] < q->alpn_len - i; i += 1u + alpn[i])
			e->ops->strn(e, 0, (const char *)alpn + i + 1, alpn[i]);
		e->ops->end_arr(e);
	}
	if (q->ja4_at != PS_SIDE_NONE)
		PS_EMIT_STR(e, "ja4", (const char *)ps_side_get(p, q->ja4_at));
}

static void quic_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_quic *q = &l->u.quic;

	if (!l->hdr_len)
		return;
	ps_emit_span(e, l->off, 1);
	PS_EMIT_BOOL(e, "long", q->long_hdr);
	if (!q->long_hdr) {
		ps_emit_str_static(e, "type", "short");
		if (q->dcid_len && q->dcid_off <= p->caplen && q->dcid_len <= p->caplen - q->dcid_off)
			emit_hex(p, e, "dcid", q->dcid_off, q->dcid_len);
		return;
	}
	ps_dis_emit_u64(e, l, "version", 1, 4, q->version);
	if (q->type != PS_QUIC_VN && l->hdr_len >= 7u + q->dcid_len + q->scid_len)
		ps_emit_str_static(e, "type", type_names[q->type]);
	if (q->dcid_len && l->hdr_len >= 6u + q->dcid_len)
		emit_hex(p, e, "dcid", q->dcid_off, q->dcid_len);
	if (q->scid_len && l->hdr_len >= 7u + q->dcid_len + q->scid_len)
		emit_hex(p, e, "scid", q->scid_off, q->scid_len);
	quic_emit_hello(p, q, e);
}

static void out_hex(struct ps_out *o, const char *label, const uint8_t *b, unsigned n)
{
	ps_out_str(o, label);
	for (unsigned i = 0; i < n; i++)
		ps_out_hex(o, b[i], 2);
}

static void quic_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_quic *q = &l->u.quic;
	static const char *const text_names[] = {"Initial", "0-RTT", "Handshake", "Retry", "short",
						 "version-negotiation"};
	(void)t;

	PS_OUT_LIT(o, "QUIC ");
	ps_out_str(o, text_names[q->type]);
	if (q->long_hdr && l->hdr_len >= 7u + q->dcid_len + q->scid_len) {
		if (q->version == 1 || q->version == 0x6b3343cfu)
			ps_out_str(o, q->version == 1 ? " v1" : " v2");
		else if (q->version)
			ps_out_fmt(o, " 0x%08x", (unsigned)q->version);
		if (q->dcid_len)
			out_hex(o, " dcid=", p->data + q->dcid_off, q->dcid_len);
		if (q->scid_len)
			out_hex(o, " scid=", p->data + q->scid_off, q->scid_len);
	}
	if (q->sni_at != PS_SIDE_NONE) {
		PS_OUT_LIT(o, " sni=");
		ps_out_mem(o, ps_side_get(p, q->sni_at), q->sni_len);
	}
	const uint8_t *alpn = ps_side_get(p, q->alpn_at);
	for (unsigned i = 0; alpn && i < q->alpn_len && alpn[i] < q->alpn_len - i; i += 1u + alpn[i]) {
		ps_out_str(o, i ? "," : " alpn=");
		ps_out_mem(o, alpn + i + 1, alpn[i]);
	}
	if (q->ja4_at != PS_SIDE_NONE) {
		PS_OUT_LIT(o, " ja4=");
		ps_out_str(o, (const char *)ps_side_get(p, q->ja4_at));
	}
	ps_dis_out_num(o, ", length ", q->len);
}

const struct ps_dissector ps_dis_quic = {
	.name = "quic",
	.label = "QUIC",
	.proto = PS_P_QUIC,
	.ev_truncated = PS_EV_QUIC_TRUNCATED,
	.decode = quic_decode,
	.probe = quic_probe_port,
	.summary = quic_summary,
	.fields = quic_fields,
};

/* The same decoder behind the stricter content probe, for other ports. */
const struct ps_dissector ps_dis_quic_heur = {
	.name = "quic",
	.label = "QUIC",
	.proto = PS_P_QUIC,
	.ev_truncated = PS_EV_QUIC_TRUNCATED,
	.decode = quic_decode,
	.probe = quic_probe_heur,
	.summary = quic_summary,
	.fields = quic_fields,
};
