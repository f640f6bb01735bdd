/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tcp_opts.c - TCP options: parsing, fields and tcpdump's text (header: dis_tcp.c).
 *
 * RFC 9293 3.2 (EOL, NOP, MSS), RFC 7323 (window scale, timestamps),
 * RFC 2018 (SACK), RFC 8684 (MPTCP), RFC 7413 (Fast Open), RFC 6994.
 *
 * +--------+--------+-----------------------+
 * |  Kind  | Length |  Value (Length - 2)   |     EOL (0) and NOP (1): Kind only
 * +--------+--------+-----------------------+
 *
 * Parsing stops at EOL, at a length that is out of range or wrong for its
 * kind (tcp.option_len_invalid), at the end of what was captured, or when
 * the record's option slots run out (tcp.option_limit).
 */
#include <inttypes.h>

#include "dis_tcp.h"

/* The SACK blocks' side room, taken when the first SACK option is seen. */
static struct ps_tcp_sack *tcp_sack_room(struct ps_dctx *d, struct ps_tcp *t)
{
	struct ps_packet *p = d->p;
	if (t->nsack)
		return (struct ps_tcp_sack *)(void *)(p->side + t->sack_at);
	return ps_dis_side_alloc(d, PS_TCP_MAX_SACK * sizeof(struct ps_tcp_sack), &t->sack_at);
}

/* The value of an option whose length byte is in range; false when the
 * length is wrong for its kind.  `v` is the option's first byte: its `len`
 * bytes were captured (tcp_opt_len); v1 and v2 arrive zeroed. */
static bool tcp_opt_value(struct ps_dctx *d, const uint8_t *v, struct ps_tcp *t,
			  struct ps_tcp_opt *o)
{
	switch (o->kind) {
	case PS_TCPOPT_MSS:
		if (o->len != 4)
			return false;
		o->v1 = ps_dis_be16(v + 2);
		return true;
	case PS_TCPOPT_WSCALE:
		if (o->len != 3)
			return false;
		o->v1 = v[2];
		t->wscale = (uint8_t)(1 + (v[2] > 14 ? 14 : v[2]));
		return true;
	case PS_TCPOPT_SACK_PERM:
		return o->len == 2;
	case PS_TCPOPT_TIMESTAMP:
		if (o->len != 10)
			return false;
		o->v1 = ps_dis_be32(v + 2);
		o->v2 = ps_dis_be32(v + 6);
		return true;
	case PS_TCPOPT_SACK:
		if ((o->len - 2u) % 8u)
			return false;
		o->v1 = t->nsack;
		for (uint32_t b = 2; b < o->len && t->nsack < PS_TCP_MAX_SACK; b += 8) {
			struct ps_tcp_sack *sack = tcp_sack_room(d, t);
			if (!sack)
				break;
			sack[t->nsack].left = ps_dis_be32(v + b);
			sack[t->nsack].right = ps_dis_be32(v + b + 4);
			t->nsack++;
			o->v2++;
		}
		return true;
	default:
		return true; /* EOL, NOP and kinds we only list */
	}
}

/* Length of the option at h[at], 0 to stop: its length byte is out of
 * range (event) or lies past what was captured (`have`). */
static uint32_t tcp_opt_len(struct ps_dctx *d, const uint8_t *h, const struct ps_tcp *t,
			    uint32_t at, uint32_t have)
{
	uint8_t kind = h[at];
	if (kind == PS_TCPOPT_EOL || kind == PS_TCPOPT_NOP)
		return 1;
	if (at + 1 < have) {
		uint32_t len = h[at + 1];
		if (len >= 2 && len <= t->hl - at)
			return len <= have - at ? len : 0; /* else: captured only in part */
	} else if (at + 1 < t->hl) {
		return 0; /* the length byte was not captured */
	}
	ps_dis_event(d, PS_EV_TCP_OPTION_LEN_INVALID);
	return 0;
}

/* Record the options in h[TCP_HDR_LEN, have) (have > TCP_HDR_LEN); returns
 * how many.  The options of nearly every segment pass here, so the
 * header's captured bytes are read by index, each index checked against
 * `have`, and the count stays local until the end. */
static unsigned tcp_parse(struct ps_dctx *d, const uint8_t *h, struct ps_layer *l, uint32_t have)
{
	struct ps_tcp *t = &l->u.tcp;
	struct ps_tcp_opt *opts = 0;
	unsigned n = 0;
	uint32_t at = TCP_HDR_LEN;

	if (have - at >= 12 && h[at] == PS_TCPOPT_NOP && h[at + 1] == PS_TCPOPT_NOP &&
	    h[at + 2] == PS_TCPOPT_TIMESTAMP && h[at + 3] == 10) {
		/* NOP, NOP, timestamps: what a connection with RFC 7323
		 * timestamps puts on every segment after the handshake, recorded
		 * as the loop below would */
		uint32_t room = have - at < PS_TCP_MAX_OPTS ? have - at : PS_TCP_MAX_OPTS;
		opts = ps_dis_side_reserve(d, room * sizeof *opts, &t->opts_at);
		if (!opts)
			return 0;
		uint32_t off = l->off + at;
		opts[0] = (struct ps_tcp_opt){.kind = PS_TCPOPT_NOP, .len = 1, .valid = true, .off = off};
		opts[1] = (struct ps_tcp_opt){.kind = PS_TCPOPT_NOP, .len = 1, .valid = true, .off = off + 1};
		opts[2] = (struct ps_tcp_opt){.kind = PS_TCPOPT_TIMESTAMP, .len = 10, .valid = true,
					      .off = off + 2, .v1 = ps_dis_be32(h + at + 4),
					      .v2 = ps_dis_be32(h + at + 8)};
		n = 3;
		at += 12;
	}
	while (at < have) {
		uint8_t kind = h[at];
		uint32_t len = kind <= PS_TCPOPT_NOP ? 1 : tcp_opt_len(d, h, t, at, have);
		if (!len)
			return n;
		if (n >= PS_TCP_MAX_OPTS) {
			ps_dis_event(d, PS_EV_TCP_OPTION_LIMIT);
			return n;
		}
		if (!opts) {
			/* at most one option per remaining byte; each one
			 * recorded is written whole, so the room needs no zeroing */
			uint32_t room = have - at < PS_TCP_MAX_OPTS ? have - at : PS_TCP_MAX_OPTS;
			opts = ps_dis_side_reserve(d, room * sizeof *opts, &t->opts_at);
			if (!opts)
				return n;
		}
		struct ps_tcp_opt *o = &opts[n++];
		*o = (struct ps_tcp_opt){.kind = kind, .len = (uint8_t)len, .off = l->off + at};
		o->valid = kind <= PS_TCPOPT_NOP || tcp_opt_value(d, h + at, t, o);
		if (!o->valid) {
			ps_dis_event(d, PS_EV_TCP_OPTION_LEN_INVALID);
			return n;
		}
		if (kind == PS_TCPOPT_EOL) { /* the rest is padding */
			while (++at < have && !h[at])
				t->eol_pad++;
			return n;
		}
		at += len;
	}
	return n;
}

void ps_tcp_parse_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
		       uint32_t have)
{
	/* one bounds check for the whole header */
	const uint8_t *h = have > TCP_HDR_LEN ? ps_cur_peek_bytes(c, 0, have) : 0;
	if (h)
		l->u.tcp.nopts = (uint8_t)tcp_parse(d, h, l, have);
}

/* JSON kind names; other kinds are listed by number with their length. */
static const char *const tcp_opt_keys[] = {
	[PS_TCPOPT_EOL] = "eol",	   [PS_TCPOPT_NOP] = "nop",   [PS_TCPOPT_MSS] = "mss",
	[PS_TCPOPT_WSCALE] = "ws",	   [PS_TCPOPT_SACK_PERM] = "sackOK",
	[PS_TCPOPT_SACK] = "sack",	   [PS_TCPOPT_TIMESTAMP] = "ts",
};

/* The options of a fixed length as runs (ps_emit_fields: the JSON writer
 * does each in one call): the element object, its kind, its values from
 * v = {0, 0, v1, v2, 0} and the object's end, with the spans the field by
 * field way below gives them (the option's bytes; the object keeps the
 * span before it). */
#define OPT_OBJ {0, 0, 0, PS_EMIT_K_OBJ, 0}
#define OPT_END {0, 0, 0, PS_EMIT_K_END, 0}
static const struct ps_emit_field opt_eol[] = {OPT_OBJ, {"kind", 0, 1, PS_EMIT_K_CONST, "eol"},
					       OPT_END};
static const struct ps_emit_field opt_nop[] = {OPT_OBJ, {"kind", 0, 1, PS_EMIT_K_CONST, "nop"},
					       OPT_END};
static const struct ps_emit_field opt_mss[] = {OPT_OBJ, {"kind", 0, 4, PS_EMIT_K_CONST, "mss"},
					       {"value", 0, 4, PS_EMIT_K_U64, 0}, OPT_END};
static const struct ps_emit_field opt_ws[] = {OPT_OBJ, {"kind", 0, 3, PS_EMIT_K_CONST, "ws"},
					      {"value", 0, 3, PS_EMIT_K_U64, 0}, OPT_END};
static const struct ps_emit_field opt_sackok[] = {
	OPT_OBJ, {"kind", 0, 2, PS_EMIT_K_CONST, "sackOK"}, OPT_END};
static const struct ps_emit_field opt_ts[] = {OPT_OBJ,
					      {"kind", 0, 10, PS_EMIT_K_CONST, "ts"},
					      {"val", 0, 10, PS_EMIT_K_U64, 0},
					      {"ecr", 0, 10, PS_EMIT_K_U64, 0},
					      OPT_END};
static const struct {
	const struct ps_emit_field *f;
	uint8_t n;
} opt_runs[] = {
	[PS_TCPOPT_EOL] = {opt_eol, 3},	      [PS_TCPOPT_NOP] = {opt_nop, 3},
	[PS_TCPOPT_MSS] = {opt_mss, 4},	      [PS_TCPOPT_WSCALE] = {opt_ws, 4},
	[PS_TCPOPT_SACK_PERM] = {opt_sackok, 3}, [PS_TCPOPT_TIMESTAMP] = {opt_ts, 5},
};
/* NOP, NOP, timestamps (what nearly every segment of a connection with
 * RFC 7323 timestamps carries, see tcp_parse) in one run; values from
 * v[8] and v[9] */
static const struct ps_emit_field opt_nop_nop_ts[] = {
	OPT_OBJ, {"kind", 0, 1, PS_EMIT_K_CONST, "nop"}, OPT_END,
	OPT_OBJ, {"kind", 1, 1, PS_EMIT_K_CONST, "nop"}, OPT_END,
	OPT_OBJ, {"kind", 2, 10, PS_EMIT_K_CONST, "ts"}, {"val", 2, 10, PS_EMIT_K_U64, 0},
	{"ecr", 2, 10, PS_EMIT_K_U64, 0}, OPT_END};
#undef OPT_OBJ
#undef OPT_END

/* Whether opts[0..3) are NOP, NOP, timestamps, valid and back to back */
static bool opt_is_nop_nop_ts(const struct ps_tcp_opt *o)
{
	return o[0].kind == PS_TCPOPT_NOP && o[1].kind == PS_TCPOPT_NOP &&
	       o[2].kind == PS_TCPOPT_TIMESTAMP && o[2].valid && o[1].off == o[0].off + 1 &&
	       o[2].off == o[0].off + 2;
}

static void tcp_emit_opt(struct ps_emit *e, const struct ps_tcp_sack *sack,
			 const struct ps_tcp_opt *o)
{
	if (o->valid && o->kind < sizeof opt_runs / sizeof opt_runs[0] && opt_runs[o->kind].f) {
		const uint64_t v[] = {0, 0, o->v1, o->v2, 0};
		ps_emit_fields(e, o->off, UINT32_MAX, opt_runs[o->kind].f, v, opt_runs[o->kind].n);
		return;
	}
	const char *key = o->kind < sizeof tcp_opt_keys / sizeof tcp_opt_keys[0]
				  ? tcp_opt_keys[o->kind]
				  : 0;

	e->ops->begin_obj(e, 0);
	ps_emit_span(e, o->off, o->len);
	if (key)
		ps_emit_str_static(e, "kind", key);
	else
		PS_EMIT_U64(e, "kind", o->kind);
	if (!key || !o->valid) {
		PS_EMIT_U64(e, "len", o->len);
	} else if (o->kind == PS_TCPOPT_MSS || o->kind == PS_TCPOPT_WSCALE) {
		PS_EMIT_U64(e, "value", o->v1);
	} else if (o->kind == PS_TCPOPT_TIMESTAMP) {
		PS_EMIT_U64(e, "val", o->v1);
		PS_EMIT_U64(e, "ecr", o->v2);
	} else if (o->kind == PS_TCPOPT_SACK) {
		e->ops->begin_arr(e, "blocks");
		for (uint32_t i = o->v1; i < o->v1 + o->v2; i++) {
			e->ops->begin_arr(e, 0);
			PS_EMIT_U64(e, 0, sack[i].left);
			PS_EMIT_U64(e, 0, sack[i].right);
			e->ops->end_arr(e);
		}
		e->ops->end_arr(e);
	}
	e->ops->end_obj(e);
}

void ps_tcp_emit_opts(const struct ps_packet *p, const struct ps_tcp *t, struct ps_emit *e)
{
	const struct ps_tcp_opt *opts = ps_tcp_opts(p, t);
	const struct ps_tcp_sack *sack = ps_tcp_sacks(p, t);

	e->ops->begin_arr(e, "options");
	for (unsigned i = 0; i < t->nopts; i++) {
		if (i + 3 <= t->nopts && opt_is_nop_nop_ts(&opts[i])) {
			const uint64_t v[11] = {[8] = opts[i + 2].v1, [9] = opts[i + 2].v2};
			_Static_assert(sizeof opt_nop_nop_ts / sizeof opt_nop_nop_ts[0] == 11,
				       "one value per field");
			ps_emit_fields(e, opts[i].off, UINT32_MAX, opt_nop_nop_ts, v, 11);
			i += 2;
			continue;
		}
		tcp_emit_opt(e, sack, &opts[i]);
	}
	e->ops->end_arr(e);
}

/* tcpdump's option names (print-tcp.c); "" is its name for CC.ECHO */
/* tcpdump's name of an option kind, with its length: printed for nearly
 * every option of every TCP line, as one fixed-size copy (no strlen) */
struct tcp_opt_name {
	char s[11];
	uint8_t len; /* 0: no name, except kind 13, which tcpdump names "" */
};
#define OPT_NAME(str) {str, sizeof str - 1}

static const struct tcp_opt_name *tcp_opt_name(unsigned kind)
{
	static const struct tcp_opt_name names[] = {
		[0] = OPT_NAME("eol"),	   [1] = OPT_NAME("nop"),	[2] = OPT_NAME("mss"),
		[3] = OPT_NAME("wscale"),  [4] = OPT_NAME("sackOK"),	[5] = OPT_NAME("sack"),
		[6] = OPT_NAME("echo"),	   [7] = OPT_NAME("echoreply"), [8] = OPT_NAME("TS"),
		[11] = OPT_NAME("cc"),	   [12] = OPT_NAME("ccnew"),	[13] = OPT_NAME(""),
		[19] = OPT_NAME("md5"),	   [20] = OPT_NAME("scps"),	[28] = OPT_NAME("uto"),
		[29] = OPT_NAME("tcp-ao"), [30] = OPT_NAME("mptcp"),	[34] = OPT_NAME("tfo"),
	};
	static const struct tcp_opt_name exp = OPT_NAME("exp");
	if (kind == 254)
		return &exp;
	if (kind >= sizeof names / sizeof names[0] || (!names[kind].len && kind != 13))
		return 0;
	return &names[kind];
}

static void tcp_out_opt_name(struct ps_out *o, const struct tcp_opt_name *nm)
{
	char *d = ps_out_reserve(o, sizeof nm->s);
	if (d) {
		memcpy(d, nm->s, sizeof nm->s);
		ps_out_commit(o, nm->len);
	} else {
		ps_out_mem(o, nm->s, nm->len);
	}
}

static void tcp_out_hex(struct ps_out *o, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		ps_out_hex(o, b[i], 2);
}

static void tcp_out_tfo(struct ps_out *o, const uint8_t *cookie, uint32_t n)
{
	if (!n) {
		PS_OUT_LIT(o, " cookiereq");
	} else if (n % 2 || n < 4 || n > 16) {
		PS_OUT_LIT(o, " (invalid)");
	} else {
		PS_OUT_LIT(o, " cookie ");
		tcp_out_hex(o, cookie, n);
	}
}

/* MP_CAPABLE: " v0 csum {0x<key>[,0x<key>]}" */
static bool mptcp_capable(struct ps_out *o, const uint8_t *v, uint32_t len, uint16_t flags)
{
	bool syn = flags & TH_SYN, ack_only = (flags & (TH_SYN | TH_ACK)) == TH_ACK;
	if (!((len == 12 || len == 4) && syn) && !((len == 20 || len == 22) && ack_only))
		return false;
	if ((v[0] & 0xf) > 1) {
		ps_out_fmt(o, " Unknown Version (%u)", v[0] & 0xfu);
		return true;
	}
	ps_out_fmt(o, " v%u%s", v[0] & 0xfu, v[1] & 0x80 ? " csum" : "");
	if (len == 12 || len >= 20) {
		ps_out_fmt(o, " {0x%" PRIx64, ps_dis_be64(v + 2));
		if (len >= 20)
			ps_out_fmt(o, ",0x%" PRIx64, ps_dis_be64(v + 10));
		ps_out_char(o, '}');
	}
	return true;
}

/* MP_JOIN: " id 1 token 0x.. nonce 0x.." (SYN), hmac and nonce (SYN-ACK), hmac (ACK) */
static bool mptcp_join(struct ps_out *o, const uint8_t *v, uint32_t len, uint16_t flags)
{
	if (!(len == 12 && (flags & TH_SYN)) &&
	    !(len == 16 && (flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) &&
	    !(len == 24 && (flags & TH_ACK)))
		return false;
	if (len != 24)
		ps_out_fmt(o, "%s id %u", v[0] & 1 ? " backup" : "", v[1]);
	if (len == 12)
		ps_out_fmt(o, " token 0x%x nonce 0x%x", ps_dis_be32(v + 2), ps_dis_be32(v + 6));
	else if (len == 16)
		ps_out_fmt(o, " hmac 0x%" PRIx64 " nonce 0x%x", ps_dis_be64(v + 2), ps_dis_be32(v + 10));
	else {
		PS_OUT_LIT(o, " hmac 0x");
		tcp_out_hex(o, v + 2, 20);
	}
	return true;
}

/* DSS: " fin ack N seq N subseq N len N csum 0xN"; 8-byte numbers by flag */
static bool mptcp_dss(struct ps_out *o, const uint8_t *v, uint32_t len, uint16_t flags)
{
	if (len < 4 || (flags & TH_SYN))
		return false;
	uint8_t f = v[1];
	uint32_t at = 2, left = len - 4;
	if (f & 0x10)
		PS_OUT_LIT(o, " fin");
	for (unsigned k = 0; k < 2; k++) { /* the data ACK (A, a), the mapping (M, m) */
		if (!(f & (k ? 0x04 : 0x01)))
			continue;
		uint32_t w = f & (k ? 0x08 : 0x02) ? 8 : 4;
		if (left < w)
			return false;
		ps_out_str(o, k ? " seq " : " ack ");
		ps_out_u64(o, w == 8 ? ps_dis_be64(v + at) : ps_dis_be32(v + at));
		at += w, left -= w;
		if (!k)
			continue;
		if (left < 6)
			return false;
		ps_out_fmt(o, " subseq %u len %u", ps_dis_be32(v + at), v[at + 4] << 8 | v[at + 5]);
		at += 6, left -= 6;
		if (left >= 2) { /* the checksum, when negotiated */
			ps_out_fmt(o, " csum 0x%x", v[at] << 8 | v[at + 1]);
			left -= 2;
		}
	}
	return left == 0;
}

/* ADD_ADDR: " v0-ip4 id 1 10.1.2.2[:port][ hmac 0x..]" */
static bool mptcp_add_addr(struct ps_out *o, const uint8_t *v, uint32_t len)
{
	static const char *const ver[16] = {[0] = "v1", [1] = "v1-echo", [4] = "v0-ip4",
					    [6] = "v0-ip6"};
	bool v4 = len == 8 || len == 10 || len == 16 || len == 18;
	if (!v4 && len != 20 && len != 22 && len != 28 && len != 30)
		return false;
	const char *name = ver[v[0] & 0xf];
	ps_out_fmt(o, " %s id %u ", name ? name : "[bad version/echo]", v[1]);
	uint32_t at = v4 ? 6 : 18; /* after the address */
	if (v4)
		ps_out_ipv4(o, v + 2);
	else
		ps_out_ipv6(o, v + 2);
	bool port = len == 10 || len == 18 || len == 22 || len == 30;
	if (port)
		ps_out_fmt(o, ":%u", v[at] << 8 | v[at + 1]);
	if (len == 16 || len == 18 || len == 28 || len == 30)
		ps_out_fmt(o, " hmac 0x%" PRIx64, ps_dis_be64(v + at + (port ? 2 : 0)));
	return true;
}

/* One MPTCP option as tcpdump 4.99 prints it: " 12 capable v0 csum {...}" */
static bool mptcp_text(struct ps_out *o, const uint8_t *v, uint32_t len, uint16_t flags)
{
	static const char *const sub[] = {"capable", "join", "dss",  "add-addr",
					  "rem-addr", "prio", "fail", "fast-close"};
	if (len < 3)
		return false;
	unsigned st = v[0] >> 4;
	ps_out_fmt(o, " %u %s", (unsigned)len, st < 8 ? sub[st] : "unknown");
	switch (st) {
	case 0: return mptcp_capable(o, v, len, flags);
	case 1: return mptcp_join(o, v, len, flags);
	case 2: return mptcp_dss(o, v, len, flags);
	case 3: return mptcp_add_addr(o, v, len);
	case 4:
		if (len < 4)
			return false;
		PS_OUT_LIT(o, " id");
		for (uint32_t i = 1; i < len - 2; i++)
			ps_out_fmt(o, " %u", v[i]);
		return true;
	case 5:
		if (len != 3 && len != 4)
			return false;
		ps_out_str(o, v[0] & 1 ? " backup" : " non-backup");
		if (len == 4)
			ps_out_fmt(o, " id %u", v[1]);
		return true;
	case 6: case 7:
		if (len != 12)
			return false;
		ps_out_fmt(o, st == 6 ? " seq %" PRIu64 : " key 0x%" PRIx64, ps_dis_be64(v + 2));
		return true;
	default:
		return true;
	}
}

/* The value part of one well-formed option, as tcpdump prints it (SACK
 * edges minus `sack_base`, tcpdump's relative numbers, 0 for -S);
 * false where tcpdump gives up on it ("[bad opt]"). */
static bool tcp_out_opt_value(struct ps_out *o, const struct ps_tcp *t,
			      const struct ps_tcp_sack *sack, const struct ps_tcp_opt *op,
			      const uint8_t *v, uint32_t sack_base)
{
	uint32_t n = op->len > 2 ? op->len - 2u : 0;

	switch (op->kind) {
	case PS_TCPOPT_EOL: case PS_TCPOPT_NOP: case PS_TCPOPT_SACK_PERM:
		return true;
	case PS_TCPOPT_MSS: case PS_TCPOPT_WSCALE:
		ps_dis_out_num(o, " ", op->v1);
		return true;
	case PS_TCPOPT_TIMESTAMP:
		ps_dis_out_num(o, " val ", op->v1);
		ps_dis_out_num(o, " ecr ", op->v2);
		return true;
	case PS_TCPOPT_SACK:
		ps_dis_out_num(o, " ", n / 8);
		ps_out_char(o, ' ');
		for (uint32_t i = op->v1; i < op->v1 + op->v2; i++) {
			ps_dis_out_num(o, "{", sack[i].left - sack_base);
			ps_dis_out_num(o, ":", sack[i].right - sack_base);
			ps_out_char(o, '}');
		}
		return true;
	case 30: /* MPTCP (RFC 8684) */
		return mptcp_text(o, v, op->len, t->flags);
	case 34: /* TCP Fast Open (RFC 7413); tcpdump prints two spaces */
		ps_out_char(o, ' ');
		tcp_out_tfo(o, v, n);
		return true;
	case 254: /* RFC 6994 experiment: its magic number */
		if (n < 2)
			return false;
		if (v[0] == 0xf9 && v[1] == 0x89) {
			PS_OUT_LIT(o, "-tfo");
			tcp_out_tfo(o, v + 2, n - 2);
		} else {
			ps_out_fmt(o, "-%04x", (unsigned)(v[0] << 8 | v[1]));
		}
		return true;
	}
	if ((op->kind == 6 || op->kind == 7 || (op->kind >= 11 && op->kind <= 13)) && n == 4) {
		ps_out_fmt(o, " %u", ps_dis_be32(v));
		return true;
	}
	if (n)
		PS_OUT_LIT(o, " 0x");
	tcp_out_hex(o, v, n);
	return true;
}

/* The options of nearly every segment of an established Linux connection,
 * "nop,nop,TS val X ecr Y", written in one piece: the general loop below
 * spends most of its work on the two NOPs.  False for any other shape. */
static bool tcp_out_opts_nop_nop_ts(struct ps_out *o, const struct ps_tcp_opt *op, unsigned n)
{
	if (n != 3 || op[0].kind != PS_TCPOPT_NOP || op[1].kind != PS_TCPOPT_NOP ||
	    op[2].kind != PS_TCPOPT_TIMESTAMP || !op[0].valid || !op[1].valid || !op[2].valid)
		return false;
	char scratch[64];
	char *start = ps_out_put_begin(o, sizeof scratch, scratch);
	char *d = PS_PUT_LIT(start, ", options [nop,nop,TS val ");
	d = ps_put_u32(d, op[2].v1);
	d = PS_PUT_LIT(d, " ecr ");
	d = ps_put_u32(d, op[2].v2);
	*d++ = ']';
	ps_out_put_done(o, start, d, scratch);
	return true;
}

bool ps_tcp_out_opts(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_tcp *t = &l->u.tcp;

	const struct ps_tcp_opt *opts = ps_tcp_opts(p, t);
	/* (a record without events needs no search for one) */
	bool bad = p->nevents && ps_dis_has_event(p, li, PS_EV_TCP_OPTION_LEN_INVALID);
	if (!bad && !l->truncated && tcp_out_opts_nop_nop_ts(o, opts, t->nopts))
		return true;

	const struct ps_tcp_sack *sack = ps_tcp_sacks(p, t);
	unsigned printed = 0;
	uint32_t sack_base = p->flow.id && p->flow.tcp_layer == (int)li ? p->flow.txt_sack : 0;
	PS_OUT_LIT(o, ", options [");
	for (unsigned i = 0; i < t->nopts; i++) {
		const struct ps_tcp_opt *op = &opts[i];
		const struct tcp_opt_name *name = tcp_opt_name(op->kind);
		if (i)
			ps_out_char(o, ',');
		if (name)
			tcp_out_opt_name(o, name);
		else
			ps_dis_out_num(o, "unknown-", op->kind);
		if (!op->valid)
			break; /* its length is wrong: "[bad opt]" follows the name */
		if (!tcp_out_opt_value(o, t, sack, op, p->data + op->off + 2, sack_base)) {
			bad = true; /* tcpdump rejects its contents */
			break;
		}
		printed++;
	}
	if (bad) {
		if (printed == t->nopts && printed)
			ps_out_char(o, ','); /* a bad length byte: no option recorded */
		PS_OUT_LIT(o, "[bad opt]");
		if (printed)
			ps_out_char(o, ']');
		return false;
	}
	if (l->truncated) {
		if (printed)
			ps_out_char(o, ',');
		return false;
	}
	ps_out_char(o, ']');
	return true;
}
