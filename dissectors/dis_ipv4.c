/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv4.c - Internet Protocol version 4 header (its options: dis_ipv4_opts.c).
 *
 * RFC 791 (IPv4, options), RFC 2113 (router alert), RFC 3168 (ECN bits).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL*4 - 20 bytes)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Checks run in Suricata's order (version, IHL, total length, options),
 * each failure a named event (dissectors/events/ipv4.def).  The payload is
 * clipped to the total length so Ethernet padding is never read as
 * transport data.  A non-first fragment carries no transport header: the
 * chain stops at the payload.  The options are in dis_ipv4_opts.c, the
 * helpers shared with dis_ipv6.c in dis_ip_common.c.
 */
#include <string.h>

#include "dis_cksum.h"
#include "dis_ipv4.h"

#define IP_FLAG_RF 0x8000u
#define IP_FLAG_DF 0x4000u
#define IP_FLAG_MF 0x2000u
#define IP_OFFMASK 0x1fffu
#define IPPROTO_NONE 59u

/* The fixed fields that fit in `avail` bytes; validity is by hdr_len. */
static void ipv4_fixed(struct ps_cursor *c, uint32_t avail, struct ps_ipv4 *ip)
{
	if (avail >= IPV4_MIN_HL) {
		/* the whole fixed header, as nearly always: one bounds check */
		const uint8_t *h = ps_cur_peek_bytes(c, 0, IPV4_MIN_HL);
		uint16_t f = ps_dis_be16(h + 6);
		ip->version = h[0] >> 4;
		ip->hl = (uint8_t)((h[0] & 0x0f) * 4);
		ip->tos = h[1];
		ip->len = ps_dis_be16(h + 2);
		ip->id = ps_dis_be16(h + 4);
		ip->rf = (f & IP_FLAG_RF) != 0;
		ip->df = (f & IP_FLAG_DF) != 0;
		ip->mf = (f & IP_FLAG_MF) != 0;
		ip->frag_off = (uint16_t)(f & IP_OFFMASK);
		ip->ttl = h[8];
		ip->proto = h[9];
		ip->checksum = ps_dis_be16(h + 10);
		memcpy(ip->src, h + 12, 4);
		memcpy(ip->dst, h + 16, 4);
		return;
	}
	uint8_t b0 = ps_cur_peek_u8(c, 0);

	ip->version = b0 >> 4;
	ip->hl = (uint8_t)((b0 & 0x0f) * 4);
	if (avail >= 2)
		ip->tos = ps_cur_peek_u8(c, 1);
	if (avail >= 4)
		ip->len = ps_cur_peek_be16(c, 2);
	if (avail >= 6)
		ip->id = ps_cur_peek_be16(c, 4);
	if (avail >= 8) {
		uint16_t f = ps_cur_peek_be16(c, 6);
		ip->rf = (f & IP_FLAG_RF) != 0;
		ip->df = (f & IP_FLAG_DF) != 0;
		ip->mf = (f & IP_FLAG_MF) != 0;
		ip->frag_off = (uint16_t)(f & IP_OFFMASK);
	}
	if (avail >= 9)
		ip->ttl = ps_cur_peek_u8(c, 8);
	if (avail >= 10)
		ip->proto = ps_cur_peek_u8(c, 9);
	if (avail >= 12)
		ip->checksum = ps_cur_peek_be16(c, 10);
	if (avail >= 16)
		memcpy(ip->src, ps_cur_peek_bytes(c, 12, 4), 4);
	if (avail >= IPV4_MIN_HL)
		memcpy(ip->dst, ps_cur_peek_bytes(c, 16, 4), 4);
}

/* Total-length checks; they need only the first 4 bytes. */
static void ipv4_len_checks(struct ps_dctx *d, const struct ps_ipv4 *ip)
{
	if (ip->len < ip->hl)
		ps_dis_event(d, PS_EV_IP_LEN_TOO_SMALL);
	if (d->claim_in != PS_CLAIM_UNKNOWN && ip->len > d->claim_in && !ps_ip_in_quote(d))
		ps_dis_event(d, PS_EV_IP_LEN_EXCEEDS_CAPLEN);
}

static void ipv4_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_ipv4 *ip = &l->u.ipv4;
	uint32_t avail = ps_cur_remaining(c);

	if (avail == 0) {
		ps_dis_event(d, PS_EV_IP_TRUNCATED);
		return;
	}
	if (ps_cur_peek_u8(c, 0) >> 4 == 6) {
		/* raw-IP link types and misdirected EtherTypes: decode what is there */
		ps_dis_event(d, PS_EV_IP_VERSION_6);
		l->proto = PS_P_IPV6;
		l->u.ipv6 = (struct ps_ipv6){0}; /* the driver zeroed this layer for ours */
		ps_dis_ipv6.decode(d, c, l);
		return;
	}
	ipv4_fixed(c, avail, ip);
	if (ip->mf || ip->frag_off)
		d->p->any_fragment = true; /* defrag_feed.c looks no further without it */
	if (ip->version != 4 || ip->hl < IPV4_MIN_HL) {
		/* only the version/IHL byte means anything; the rest is payload */
		ps_dis_event(d, ip->version != 4 ? PS_EV_IP_BAD_VERSION : PS_EV_IP_HLEN_TOO_SMALL);
		l->hdr_len = 1;
		return;
	}
	l->hdr_len = avail < ip->hl ? avail : ip->hl;
	if (ip->hl > IPV4_MIN_HL)
		ps_ipv4_parse_opts(d, c, l, l->hdr_len);
	if (avail >= 4)
		ipv4_len_checks(d, ip);
	if (avail < ip->hl) {
		ps_dis_event(d, PS_EV_IP_TRUNCATED);
		ps_cur_skip(c, avail); /* the captured bytes belong to the header */
		return;
	}
	ps_cur_skip(c, ip->hl);
	if (ip->len < ip->hl)
		return; /* nothing claimed: what follows is not this packet's payload */
	ps_cur_clip(c, (uint32_t)(ip->len - ip->hl));
	d->claim_out = (uint32_t)(ip->len - ip->hl);
	if (ip->frag_off != 0)
		return; /* no reassembly: a later fragment has no transport header */
	ps_dis_next(d, PS_TAB_IPPROTO, ip->proto);
}

/* ---- structured fields ---- */

static void ipv4_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv4 *ip = &l->u.ipv4;
	uint32_t n = l->hdr_len, off = l->off;

	if (n < 1)
		return;
	/* version 4 with a valid header length: all fixed fields, each when
	 * all its bytes were captured, in one run */
	if (ip->version != 4 || ip->hl < IPV4_MIN_HL) {
		ps_emit_span(e, off, 1);
		PS_EMIT_U64(e, "v", ip->version);
		if (ip->version == 4)
			PS_EMIT_U64(e, "hl", ip->hl);
		return;
	}
	static const struct ps_emit_field run[] = {
		{"v", 0, 1, PS_EMIT_K_U64},        {"hl", 0, 1, PS_EMIT_K_U64},
		{"tos", 1, 1, PS_EMIT_K_U64},      {"len", 2, 2, PS_EMIT_K_U64},
		{"id", 4, 2, PS_EMIT_K_U64},       {"df", 6, 2, PS_EMIT_K_BOOL},
		{"mf", 6, 2, PS_EMIT_K_BOOL},      {"frag_off", 6, 2, PS_EMIT_K_U64},
		{"ttl", 8, 1, PS_EMIT_K_U64},      {"proto", 9, 1, PS_EMIT_K_U64},
		{"checksum", 10, 2, PS_EMIT_K_U64}};
	const uint64_t v[] = {ip->version, ip->hl,	 ip->tos, ip->len,   ip->id,	   ip->df != 0,
			      ip->mf != 0, ip->frag_off, ip->ttl, ip->proto, ip->checksum};

	PS_DIS_EMIT_RUN(e, l, run, v);
	if (n >= 16) {
		ps_emit_span(e, off + 12, 4);
		e->ops->ipv4(e, "src", ip->src);
	}
	if (n >= IPV4_MIN_HL) {
		ps_emit_span(e, off + 16, 4);
		e->ops->ipv4(e, "dst", ip->dst);
	}
	if (ip->nopts)
		ps_ipv4_emit_opts(p, ip, e);
}

/* ---- text (tcpdump's print-ip.c layout) ---- */

/* The header checksum tcpdump would print, or -1 when it is correct. */
static int ipv4_bad_cksum(const struct ps_packet *p, const struct ps_layer *l)
{
	struct ps_cursor c = ps_dis_frame_at(p, l->off);
	uint32_t sum = 0;

	for (uint32_t at = 0; at + 1 < l->hdr_len; at += 2)
		sum += at == 10 ? 0 : ps_cur_peek_be16(&c, at);
	uint16_t want = (uint16_t)~ps_cksum_fold(sum);
	return want == l->u.ipv4.checksum ? -1 : want;
}

/* -v: "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)" */
static void ipv4_verbose(const struct ps_packet *p, const struct ps_layer *l, struct ps_out *o)
{
	static const char *const ecn[] = {"", ",ECT(1)", ",ECT(0)", ",CE"};
	const struct ps_ipv4 *ip = &l->u.ipv4;

	ps_out_fmt(o, "(tos 0x%x%s", ip->tos, ecn[ip->tos & 3]);
	if (ip->ttl >= 1)
		ps_out_fmt(o, ", ttl %u", ip->ttl);
	ps_out_fmt(o, ", id %u, offset %u, flags [", ip->id, ip->frag_off * 8u);
	const char *tok[3];
	unsigned n = 0;
	if (ip->mf)
		tok[n++] = "+";
	if (ip->df)
		tok[n++] = "DF";
	if (ip->rf)
		tok[n++] = "rsvd";
	for (unsigned i = 0; i < n; i++) {
		if (i)
			PS_OUT_LIT(o, ", ");
		ps_out_str(o, tok[i]);
	}
	if (!n)
		PS_OUT_LIT(o, "none");
	ps_out_fmt(o, "], proto %s (%u), length %u", ps_ip_proto_name(ip->proto), ip->proto,
		   ip->len);
	ps_ipv4_out_opts(p, l, o);
	int want = ipv4_bad_cksum(p, l);
	if (want >= 0)
		ps_out_fmt(o, ", bad cksum %x (->%x)!", ip->checksum, (unsigned)want);
	PS_OUT_LIT(o, ")\n    ");
}

static void ipv4_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv4 *ip = &l->u.ipv4;

	ps_ip_text_prefix(p, li, t, o);
	if (l->truncated)
		return; /* the renderer adds " [|ip]" */
	if (ip->version != 4 || ip->hl < IPV4_MIN_HL) {
		if (ip->version != 4)
			ps_out_fmt(o, "IP%u (invalid)", ip->version);
		else
			ps_out_fmt(o, "bad-hlen %u (invalid)", ip->hl);
		return;
	}
	if (l->parent < 0 && p->len > l->off && ip->len > p->len - l->off &&
	    ps_dis_has_event(p, li, PS_EV_IP_LEN_EXCEEDS_CAPLEN))
		ps_out_fmt(o, "truncated-ip - %u bytes missing! ", ip->len - (p->len - l->off));
	if (ip->len < ip->hl) {
		ps_out_fmt(o, "bad-len %u", ip->len);
		return;
	}
	if (t->verbose)
		ipv4_verbose(p, l, o);
	const struct ps_dissector *nd = ps_ip_next_dis(p, li);
	if (!nd || !(nd->flags & PS_DIS_PORTS) || ip->frag_off) {
		ps_out_ipv4(o, ip->src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv4(o, ip->dst);
		PS_OUT_LIT(o, ": ");
	}
	if (ip->frag_off) {
		ps_dis_out_num(o, "ip-proto-", ip->proto);
	} else if (!nd && ps_ip_next_cut(p, li)) {
		; /* the capture ended where the next header starts: only the renderer's [|proto] */
	} else if (!nd && ip->proto == IPPROTO_NONE) {
		PS_OUT_LIT(o, "no next header");
	} else if (!nd) {
		ps_dis_out_num(o, " ip-proto-", ip->proto);
		ps_dis_out_num(o, " ", (unsigned)(ip->len - ip->hl));
	} else {
		ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
	}
}

const struct ps_dissector ps_dis_ipv4 = {
	.name = "ip",
	.label = "IPv4",
	.ev_truncated = PS_EV_IP_TRUNCATED,
	.proto = PS_P_IPV4,
	.flags = PS_DIS_NET,
	.decode = ipv4_decode,
	.summary = ipv4_summary,
	.fields = ipv4_fields,
};
