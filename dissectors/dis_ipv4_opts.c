/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv4_opts.c - IPv4 options: parsing, fields and tcpdump's -v text (header: dis_ipv4.c).
 *
 * RFC 791 3.1 (EOL, NOP, security, LSRR/SSRR, RR, timestamp), RFC 2113
 * (router alert), RFC 1393 (traceroute).
 *
 * +--------+--------+---------+-------------------------+
 * |  Type  | Length | Pointer |  route data / entries   |   EOL (0), NOP (1): Type only
 * +--------+--------+---------+-------------------------+
 * Timestamp (68) adds a byte after the pointer: Overflow (4 bits) | Flag (4 bits).
 */
#include "dis_ipv4.h"

enum { IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_RR = 7, IPOPT_TS = 68, IPOPT_SECURITY = 130,
       IPOPT_LSRR = 131, IPOPT_SSRR = 137, IPOPT_RA = 148, IPOPT_TRACEROUTE = 82 };
enum { IPOPT_TS_TSONLY = 0, IPOPT_TS_TSANDADDR = 1, IPOPT_TS_PRESPEC = 3 };

static bool is_route(unsigned type)
{
	return type == IPOPT_RR || type == IPOPT_LSRR || type == IPOPT_SSRR;
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

void ps_ipv4_parse_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l, uint32_t cap)
{
	struct ps_ipv4 *ip = &l->u.ipv4;
	uint32_t at = IPV4_MIN_HL;
	struct ps_ipv4_opt *opts = 0;

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
		if (!opts) {
			/* at most one option per header byte left */
			size_t room = ip->hl - at < PS_IPV4_MAX_OPTS ? ip->hl - at : PS_IPV4_MAX_OPTS;
			opts = ps_dis_side_alloc(d, room * sizeof *opts, &ip->opts_at);
			if (!opts)
				return;
		}
		struct ps_ipv4_opt *o = &opts[ip->nopts++];
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

/* ---- structured fields ---- */

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
	struct ps_cursor c = ps_dis_frame_at(p, o->off);

	e->ops->begin_obj(e, 0);
	ps_emit_span_clip(e, o->off, o->len, p->caplen);
	PS_EMIT_U64(e, "type", o->type);
	PS_EMIT_U64(e, "len", o->len);
	if (!o->valid) {
		PS_EMIT_BOOL(e, "malformed", true);
	} else if (is_route(o->type)) {
		ipv4_opt_route(e, &c, o);
	} else if (o->type == IPOPT_TS) {
		ipv4_opt_ts(e, &c, o);
	} else if (o->type == IPOPT_RA) {
		PS_EMIT_U64(e, "value", ps_cur_peek_be16(&c, 2));
	}
	e->ops->end_obj(e);
}

void ps_ipv4_emit_opts(const struct ps_packet *p, const struct ps_ipv4 *ip, struct ps_emit *e)
{
	e->ops->begin_arr(e, "options");
	const struct ps_ipv4_opt *opts = ps_ipv4_opts(p, ip);
	for (unsigned i = 0; i < ip->nopts; i++)
		ipv4_opt_fields(p, &opts[i], e);
	e->ops->end_arr(e);
}

/* ---- -v text (tcpdump's print-ip.c ip_optprint) ---- */

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

static const struct ps_tok ipv4_opt_names[] = {
	{IPOPT_EOL, "EOL"},   {IPOPT_NOP, "NOP"},     {IPOPT_TS, "timestamp"},
	{IPOPT_SECURITY, "security"}, {IPOPT_RR, "RR"}, {IPOPT_SSRR, "SSRR"},
	{IPOPT_LSRR, "LSRR"}, {IPOPT_RA, "RA"},	      {IPOPT_TRACEROUTE, "traceroute"},
};

/* One option: "RR 1.2.3.4, 5.6.7.8", "RA"; false ends the list. */
static bool ipv4_opt_text(const struct ps_packet *p, const struct ps_layer *l,
			  const struct ps_ipv4_opt *op, struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, op->off);
	const char *name = PS_TOK_NAME(ipv4_opt_names, op->type);

	if (name)
		ps_out_str(o, name);
	else
		ps_out_fmt(o, "unknown %u", op->type);
	bool short_len = op->type > IPOPT_NOP && op->len < 2;
	if (short_len || op->off + op->len > l->off + l->u.ipv4.hl) {
		ps_out_fmt(o, " [bad length %u]", op->len); /* below 2 or past the header */
		return false;
	}
	if (is_route(op->type))
		ipv4_route_text(&c, op->len, o);
	else if (op->type == IPOPT_TS)
		return ipv4_ts_text(&c, op->len, o);
	else if (op->type == IPOPT_RA && op->len < 4)
		ps_out_fmt(o, " [bad length %u]", op->len);
	else if (op->type == IPOPT_RA && ps_cur_peek_be16(&c, 2) != 0)
		ps_out_fmt(o, " value %u", ps_cur_peek_be16(&c, 2));
	return true;
}

void ps_ipv4_out_opts(const struct ps_packet *p, const struct ps_layer *l, struct ps_out *o)
{
	const struct ps_ipv4 *ip = &l->u.ipv4;
	const struct ps_ipv4_opt *opts = ps_ipv4_opts(p, ip);

	for (unsigned i = 0; i < ip->nopts; i++) {
		ps_out_str(o, i ? "," : ", options (");
		if (!ipv4_opt_text(p, l, &opts[i], o))
			break;
	}
	if (ip->nopts)
		ps_out_char(o, ')');
}
