/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv4.c - Internet Protocol version 4 header and options.
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
 * chain stops at the payload.  The text helpers at the end (protocol names,
 * the address prefix, tunnelled chains) are shared with dis_ipv6.c.
 */
#include <string.h>

#include "ps_dissect.h"
#include "ps_out.h"

/* Shared with dis_ipv6.c, which declares them the same way (no header of
 * their own: they are helpers of the two IP dissectors only). */
bool ps_ip_in_quote(const struct ps_dctx *d);
const char *ps_ip_proto_name(unsigned proto);
void ps_ip_text_prefix(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		       struct ps_out *o, const char *name);
int ps_ip_text_next(const struct ps_packet *p, unsigned li);
bool ps_ip_next_cut(const struct ps_packet *p, unsigned li);
bool ps_ip_layer_event(const struct ps_packet *p, unsigned li, unsigned code);
void ps_ip_text_inner(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		      struct ps_out *o);

extern const struct ps_dissector ps_dis_ipv6;

#define IPV4_MIN_HL 20u
#define IP_FLAG_RF 0x8000u
#define IP_FLAG_DF 0x4000u
#define IP_FLAG_MF 0x2000u
#define IP_OFFMASK 0x1fffu
#define IPPROTO_NONE 59u

enum { IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_RR = 7, IPOPT_TS = 68, IPOPT_SECURITY = 130,
       IPOPT_LSRR = 131, IPOPT_SSRR = 137, IPOPT_RA = 148, IPOPT_TRACEROUTE = 82 };
enum { IPOPT_TS_TSONLY = 0, IPOPT_TS_TSANDADDR = 1, IPOPT_TS_PRESPEC = 3 };

/* The fixed fields that fit in `avail` bytes; validity is by hdr_len. */
static void ipv4_fixed(struct ps_cursor *c, uint32_t avail, struct ps_ipv4 *ip)
{
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

/* Does the option's length fit its type's layout? */
static bool ipv4_opt_valid(struct ps_cursor *c, uint32_t at, uint8_t type, uint8_t len)
{
	switch (type) {
	case IPOPT_RR:
	case IPOPT_LSRR:
	case IPOPT_SSRR:
		return len >= 3 && (len - 3) % 4 == 0;
	case IPOPT_TS: {
		if (len < 4)
			return false;
		unsigned flg = ps_cur_peek_u8(c, at + 3) & 0x0fu;
		if (flg != IPOPT_TS_TSONLY && flg != IPOPT_TS_TSANDADDR && flg != IPOPT_TS_PRESPEC)
			return false;
		return (len - 4u) % (flg == IPOPT_TS_TSONLY ? 4u : 8u) == 0;
	}
	case IPOPT_RA:
		return len == 4;
	default:
		return true;
	}
}

/* Record the options in header bytes [20, hl) of which the first `cap`
 * were captured.  An option claiming fewer than 2 bytes or running past the
 * header is recorded as malformed and ends the walk. */
static void ipv4_options(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l, uint32_t cap)
{
	struct ps_ipv4 *ip = &l->u.ipv4;
	uint32_t at = IPV4_MIN_HL;

	while (at < ip->hl && at < cap && ip->nopts < PS_IPV4_MAX_OPTS) {
		uint8_t type = ps_cur_peek_u8(c, at);
		uint8_t len = 1;
		bool fits = true;
		if (type != IPOPT_EOL && type != IPOPT_NOP) {
			if (at + 1 >= cap)
				return; /* the length byte was not captured */
			len = ps_cur_peek_u8(c, at + 1);
			fits = len >= 2 && len <= ip->hl - at;
			if (fits && len > cap - at)
				return; /* the capture ended inside it */
		}
		struct ps_ipv4_opt *o = &ip->opts[ip->nopts++];
		o->type = type;
		o->len = len;
		o->off = l->off + at;
		o->valid = fits && ipv4_opt_valid(c, at, type, len);
		if (!o->valid)
			ps_dis_event(d, PS_EV_IP_OPT_MALFORMED);
		if (!fits || type == IPOPT_EOL)
			return; /* after EOL only padding; after an overrun nothing is sure */
		at += len;
	}
}

/* Is the layer being decoded inside an ICMP error's quote, at any depth?
 * A quoted datagram carries only its start: its lengths exceed the quote. */
bool ps_ip_in_quote(const struct ps_dctx *d)
{
	if (d->nest == PS_NEST_QUOTE)
		return true;
	for (int i = d->parent; i >= 0; i = d->p->layers[i].parent)
		if (d->p->layers[i].nest == PS_NEST_QUOTE)
			return true;
	return false;
}

/* Total-length checks; they need only the first 4 bytes. */
static void ipv4_len_checks(struct ps_dctx *d, const struct ps_ipv4 *ip)
{
	if (ip->len < ip->hl)
		ps_dis_event(d, PS_EV_IP_LEN_TOO_SMALL);
	if (!ps_ip_in_quote(d) && d->claim_in != PS_CLAIM_UNKNOWN && ip->len > d->claim_in)
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
		ps_dis_ipv6.decode(d, c, l);
		return;
	}
	ipv4_fixed(c, avail, ip);
	if (ip->version != 4 || ip->hl < IPV4_MIN_HL) {
		/* only the version/IHL byte means anything; the rest is payload */
		ps_dis_event(d, ip->version != 4 ? PS_EV_IP_BAD_VERSION : PS_EV_IP_HLEN_TOO_SMALL);
		l->hdr_len = 1;
		return;
	}
	l->hdr_len = avail < ip->hl ? avail : ip->hl;
	ipv4_options(d, c, l, l->hdr_len);
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

/* A cursor over the whole frame at `off`, to read option values back. */
static struct ps_cursor frame_at(const struct ps_packet *p, uint32_t off)
{
	struct ps_cursor c;
	ps_cur_init(&c, p->data, p->caplen);
	c.pos = off;
	return c;
}

static void ipv4_opt_route(struct ps_emit *e, struct ps_cursor *c, const struct ps_ipv4_opt *o)
{
	PS_EMIT_U64(e, "ptr", ps_cur_peek_u8(c, 2));
	e->ops->begin_arr(e, "addrs");
	for (uint32_t at = 3; at + 4 <= o->len; at += 4) {
		ps_emit_span(e, o->off + at, 4);
		e->ops->ipv4(e, 0, ps_cur_peek_bytes(c, at, 4));
	}
	e->ops->end_arr(e);
}

static void ipv4_opt_ts(struct ps_emit *e, struct ps_cursor *c, const struct ps_ipv4_opt *o)
{
	uint8_t fl = ps_cur_peek_u8(c, 3);
	bool addrs = (fl & 0x0f) != IPOPT_TS_TSONLY;

	PS_EMIT_U64(e, "ptr", ps_cur_peek_u8(c, 2));
	PS_EMIT_U64(e, "oflw", fl >> 4);
	PS_EMIT_U64(e, "flg", fl & 0x0f);
	e->ops->begin_arr(e, addrs ? "entries" : "ts");
	for (uint32_t at = 4; at + (addrs ? 8u : 4u) <= o->len; at += addrs ? 8u : 4u) {
		if (!addrs) {
			ps_emit_span(e, o->off + at, 4);
			PS_EMIT_U64(e, 0, ps_cur_peek_be32(c, at));
			continue;
		}
		e->ops->begin_obj(e, 0);
		ps_emit_span(e, o->off + at, 4);
		e->ops->ipv4(e, "addr", ps_cur_peek_bytes(c, at, 4));
		ps_emit_span(e, o->off + at + 4, 4);
		PS_EMIT_U64(e, "ts", ps_cur_peek_be32(c, at + 4));
		e->ops->end_obj(e);
	}
	e->ops->end_arr(e);
}

/* {"type":7,"len":11,"ptr":4,"addrs":[...]}; a malformed one says so. */
static void ipv4_opt_fields(const struct ps_packet *p, const struct ps_ipv4_opt *o,
			    struct ps_emit *e)
{
	struct ps_cursor c = frame_at(p, o->off);

	e->ops->begin_obj(e, 0);
	ps_emit_span(e, o->off, o->len);
	PS_EMIT_U64(e, "type", o->type);
	PS_EMIT_U64(e, "len", o->len);
	if (!o->valid) {
		PS_EMIT_BOOL(e, "malformed", true);
	} else if (o->type == IPOPT_RR || o->type == IPOPT_LSRR || o->type == IPOPT_SSRR) {
		ipv4_opt_route(e, &c, o);
	} else if (o->type == IPOPT_TS) {
		ipv4_opt_ts(e, &c, o);
	} else if (o->type == IPOPT_RA) {
		PS_EMIT_U64(e, "value", ps_cur_peek_be16(&c, 2));
	}
	e->ops->end_obj(e);
}

static void ipv4_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv4 *ip = &l->u.ipv4;
	uint32_t n = l->hdr_len, off = l->off;

	if (n < 1)
		return;
	ps_emit_span(e, off, 1);
	PS_EMIT_U64(e, "v", ip->version);
	if (ip->version != 4)
		return;
	PS_EMIT_U64(e, "hl", ip->hl);
	if (ip->hl < IPV4_MIN_HL)
		return;
	/* each fixed field appears when all its bytes were captured */
	const struct {
		const char *key;
		uint8_t at, size;
		bool is_bool;
		uint64_t v;
	} f[] = {{"tos", 1, 1, false, ip->tos},	     {"len", 2, 2, false, ip->len},
		 {"id", 4, 2, false, ip->id},	     {"df", 6, 2, true, ip->df},
		 {"mf", 6, 2, true, ip->mf},	     {"frag_off", 6, 2, false, ip->frag_off},
		 {"ttl", 8, 1, false, ip->ttl},	     {"proto", 9, 1, false, ip->proto},
		 {"checksum", 10, 2, false, ip->checksum}};
	for (unsigned i = 0; i < sizeof f / sizeof f[0] && f[i].at + f[i].size <= n; i++) {
		ps_emit_span(e, off + f[i].at, f[i].size);
		if (f[i].is_bool)
			PS_EMIT_BOOL(e, f[i].key, f[i].v != 0);
		else
			PS_EMIT_U64(e, f[i].key, f[i].v);
	}
	if (n >= 16) {
		ps_emit_span(e, off + 12, 4);
		e->ops->ipv4(e, "src", ip->src);
	}
	if (n >= IPV4_MIN_HL) {
		ps_emit_span(e, off + 16, 4);
		e->ops->ipv4(e, "dst", ip->dst);
	}
	if (ip->nopts) {
		e->ops->begin_arr(e, "options");
		for (unsigned i = 0; i < ip->nopts; i++)
			ipv4_opt_fields(p, &ip->opts[i], e);
		e->ops->end_arr(e);
	}
}

/* ---- text (tcpdump's print-ip.c layout) ---- */

static const struct {
	uint8_t v;
	const char *name;
} ip_protos[] = {
	{0, "Options"}, {1, "ICMP"},	 {2, "IGMP"},	   {4, "IPIP"},	    {6, "TCP"},
	{8, "EGP"},	{9, "IGRP"},	 {17, "UDP"},	   {33, "DCCP"},    {41, "IPv6"},
	{43, "Routing"}, {44, "Fragment"}, {46, "RSVP"}, {47, "GRE"},	    {50, "ESP"},
	{51, "AH"},	{55, "Mobile IP"}, {58, "ICMPv6"}, {62, "Mobile IP (old)"},
	{88, "EIGRP"},	{89, "OSPF"},	 {103, "PIM"},	   {108, "Compressed IP"},
	{112, "VRRP"},	{113, "PGM"},	 {132, "SCTP"},	   {135, "Mobility"}, {143, "Ethernet"},
};

const char *ps_ip_proto_name(unsigned proto)
{
	for (unsigned i = 0; i < sizeof ip_protos / sizeof ip_protos[0]; i++)
		if (ip_protos[i].v == proto)
			return ip_protos[i].name;
	return "unknown";
}

/* "IP " as tcpdump prints it: with -e the link header already named the
 * protocol (a raw-IP frame has none, tcpdump says "ip: "); a tunnelled copy
 * always names itself. */
void ps_ip_text_prefix(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		       struct ps_out *o, const char *name)
{
	const struct ps_layer *l = &p->layers[li];
	bool first = true;

	for (unsigned i = 0; i < li; i++)
		first = first && p->layers[i].parent >= 0;
	if (!t->link || l->parent >= 0)
		ps_out_str(o, name);
	else if (first)
		PS_OUT_LIT(o, "ip: ");
}

/* Did layer li raise this event? */
bool ps_ip_layer_event(const struct ps_packet *p, unsigned li, unsigned code)
{
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer == (int)li && p->events[i].code == code)
			return true;
	return false;
}

/* True when the driver found the next protocol's header cut to nothing: a
 * truncation event of another protocol raised on this layer. */
bool ps_ip_next_cut(const struct ps_packet *p, unsigned li)
{
	unsigned own = p->layers[li].proto == PS_P_IPV4 ? PS_EV_IP_TRUNCATED : PS_EV_IPV6_TRUNCATED;
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer == (int)li && p->events[i].code != own &&
		    ps_event_kind(p->events[i].code) == PS_EVK_TRUNC)
			return true;
	return false;
}

/* The layer that follows li in its chain (a tunnelled copy included), or -1. */
int ps_ip_text_next(const struct ps_packet *p, unsigned li)
{
	if (li + 1 >= p->nlayers)
		return -1;
	const struct ps_layer *n = &p->layers[li + 1];
	if (n->parent == p->layers[li].parent)
		return (int)(li + 1);
	if (n->parent == (int)li && n->nest == PS_NEST_INNER)
		return (int)(li + 1);
	return -1;
}

/* The renderer prints top-level layers only: a tunnel's inner chain
 * (IP-in-IP, 6in4) is printed by its carrier, with its own truncation mark. */
void ps_ip_text_inner(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		      struct ps_out *o)
{
	const char *trunc = 0;

	for (unsigned j = li + 1; j < p->nlayers; j++) {
		const struct ps_layer *l = &p->layers[j];
		const struct ps_dissector *dis = ps_registry_by_proto(l->proto);
		if (l->parent != (int)li || l->nest != PS_NEST_INNER || !dis)
			continue;
		if (l->truncated && !trunc)
			trunc = dis->name;
		if (dis->summary)
			dis->summary(p, j, t, o);
	}
	if (trunc)
		ps_out_fmt(o, " [|%s]", trunc);
}

/* Route options: " 1.2.3.4, 5.6.7.8" (a comma after each recorded hop). */
static void ipv4_route_text(struct ps_cursor *c, uint8_t len, struct ps_out *o)
{
	unsigned ptr = ps_cur_peek_u8(c, 2);

	if (len < 3) {
		ps_out_fmt(o, " [bad length %u]", len);
		return;
	}
	if ((len - 3u) % 4)
		ps_out_fmt(o, " [bad length %u]", len);
	if (ptr < 4 || ptr % 4 || ptr > len + 2u)
		ps_out_fmt(o, " [bad ptr %u]", ptr);
	for (uint32_t at = 3; at + 4 <= len; at += 4) {
		PS_OUT_LIT(o, " ");
		ps_out_ipv4(o, ps_cur_peek_bytes(c, at, 4));
		if (ptr > at + 1)
			PS_OUT_LIT(o, ",");
	}
}

/* Timestamps: " TS{TS+ADDR 12345@10.0.0.9 ^ }", "^" at the pointer; false
 * when a last entry is cut by the option length (tcpdump ends the list). */
static bool ipv4_ts_text(struct ps_cursor *c, uint8_t len, struct ps_out *o)
{
	static const char *const types[] = {"TSONLY", "TS+ADDR", 0, "PRESPEC"};

	if (len < 4) {
		ps_out_fmt(o, "[bad length %u]", len);
		return true;
	}
	unsigned ptr = ps_cur_peek_u8(c, 2), fl = ps_cur_peek_u8(c, 3);
	unsigned hop = (fl & 0x0f) == IPOPT_TS_TSONLY ? 4 : 8;
	PS_OUT_LIT(o, " TS{");
	if ((len - 4u) % hop)
		ps_out_fmt(o, "[bad length %u]", len);
	if (ptr < 5 || (ptr - 5) % hop || ptr > len + 2u)
		ps_out_fmt(o, "[bad ptr %u]", ptr);
	uint32_t at = 4;
	if ((fl & 0x0f) > 3 || !types[fl & 0x0f]) {
		ps_out_fmt(o, "[bad ts type %u]", fl & 0x0f);
	} else {
		ps_out_str(o, types[fl & 0x0f]);
		for (; at + hop <= len; at += hop) {
			ps_out_str(o, ptr == at + 1 ? " ^ " : " ");
			ps_out_u64(o, ps_cur_peek_be32(c, at + hop - 4));
			ps_out_char(o, '@');
			if (hop == 8)
				ps_out_ipv4(o, ps_cur_peek_bytes(c, at, 4));
		}
		if (at < len) {
			PS_OUT_LIT(o, " [truncated-option]");
			return false;
		}
	}
	ps_out_str(o, ptr == at + 1 ? " ^ " : "");
	if (fl >> 4)
		ps_out_fmt(o, " [%u hops not recorded]} ", fl >> 4);
	else
		ps_out_char(o, '}');
	return true;
}

/* tcpdump ip_optprint: "NOP,RR 1.2.3.4, 5.6.7.8,RA"; false ends the list. */
static bool ipv4_opt_text(const struct ps_packet *p, const struct ps_layer *l,
			  const struct ps_ipv4_opt *op, struct ps_out *o)
{
	static const struct {
		uint8_t v;
		const char *name;
	} names[] = {{IPOPT_EOL, "EOL"},   {IPOPT_NOP, "NOP"},	   {IPOPT_TS, "timestamp"},
		     {IPOPT_SECURITY, "security"}, {IPOPT_RR, "RR"}, {IPOPT_SSRR, "SSRR"},
		     {IPOPT_LSRR, "LSRR"}, {IPOPT_RA, "RA"}, {IPOPT_TRACEROUTE, "traceroute"}};
	struct ps_cursor c = frame_at(p, op->off);
	const char *name = 0;

	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].v == op->type)
			name = names[i].name;
	if (name)
		ps_out_str(o, name);
	else
		ps_out_fmt(o, "unknown %u", op->type);
	bool short_len = op->type > IPOPT_NOP && op->len < 2;
	if (short_len || op->off + op->len > l->off + l->u.ipv4.hl) {
		ps_out_fmt(o, " [bad length %u]", op->len); /* below 2 or past the header */
		return false;
	}
	if (op->type == IPOPT_RR || op->type == IPOPT_LSRR || op->type == IPOPT_SSRR)
		ipv4_route_text(&c, op->len, o);
	else if (op->type == IPOPT_TS)
		return ipv4_ts_text(&c, op->len, o);
	else if (op->type == IPOPT_RA && op->len < 4)
		ps_out_fmt(o, " [bad length %u]", op->len);
	else if (op->type == IPOPT_RA && ps_cur_peek_be16(&c, 2) != 0)
		ps_out_fmt(o, " value %u", ps_cur_peek_be16(&c, 2));
	return true;
}

/* The header checksum tcpdump would print, or -1 when it is correct. */
static int ipv4_bad_cksum(const struct ps_packet *p, const struct ps_layer *l)
{
	struct ps_cursor c = frame_at(p, l->off);
	uint32_t sum = 0;

	for (uint32_t at = 0; at + 1 < l->hdr_len; at += 2)
		sum += at == 10 ? 0 : ps_cur_peek_be16(&c, at);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	uint16_t want = (uint16_t)~sum;
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
	for (unsigned i = 0; i < ip->nopts; i++) {
		ps_out_str(o, i ? "," : ", options (");
		if (!ipv4_opt_text(p, l, &ip->opts[i], o))
			break;
	}
	if (ip->nopts)
		ps_out_char(o, ')');
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

	ps_ip_text_prefix(p, li, t, o, "IP ");
	if (l->truncated)
		return; /* the renderer adds " [|ip]" */
	if (ip->version != 4 || ip->hl < IPV4_MIN_HL) {
		if (ip->version != 4)
			ps_out_fmt(o, "IP%u (invalid)", ip->version);
		else
			ps_out_fmt(o, "bad-hlen %u (invalid)", ip->hl);
		return;
	}
	if (ps_ip_layer_event(p, li, PS_EV_IP_LEN_EXCEEDS_CAPLEN) && l->parent < 0 &&
	    p->len > l->off && ip->len > p->len - l->off)
		ps_out_fmt(o, "truncated-ip - %u bytes missing! ", ip->len - (p->len - l->off));
	if (ip->len < ip->hl) {
		ps_out_fmt(o, "bad-len %u", ip->len);
		return;
	}
	if (t->verbose)
		ipv4_verbose(p, l, o);
	int next = ps_ip_text_next(p, li);
	const struct ps_dissector *nd = next >= 0 ? ps_registry_by_proto(p->layers[next].proto) : 0;
	if (!nd || !(nd->flags & PS_DIS_PORTS) || ip->frag_off) {
		ps_out_ipv4(o, ip->src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv4(o, ip->dst);
		PS_OUT_LIT(o, ": ");
	}
	if (ip->frag_off)
		ps_out_fmt(o, "ip-proto-%u", ip->proto);
	else if (!nd && ps_ip_next_cut(p, li))
		; /* the capture ended where the next header starts: only the renderer's [|proto] */
	else if (!nd && ip->proto == IPPROTO_NONE)
		PS_OUT_LIT(o, "no next header");
	else if (!nd)
		ps_out_fmt(o, " ip-proto-%u %u", ip->proto, ip->len - ip->hl);
	else
		ps_ip_text_inner(p, li, t, o);
}

const struct ps_dissector ps_dis_ipv4 = {
	.name = "ip",
	.ev_truncated = PS_EV_IP_TRUNCATED,
	.proto = PS_P_IPV4,
	.flags = PS_DIS_NET,
	.decode = ipv4_decode,
	.summary = ipv4_summary,
	.fields = ipv4_fields,
};
