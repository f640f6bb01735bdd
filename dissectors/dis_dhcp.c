/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dhcp.c - BOOTP and DHCPv4 (UDP ports 67 and 68).
 *
 * RFC 951 (BOOTP), RFC 2131 (DHCP), RFC 2132 (options), RFC 1048 (cookie).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 * +---------------+---------------+---------------+---------------+
 * |                            xid (4)                            |
 * +-------------------------------+-------------------------------+
 * |           secs (2)            |           flags (2)           |
 * +-------------------------------+-------------------------------+
 * |      ciaddr, yiaddr, siaddr, giaddr (4 each)                  |
 * +---------------------------------------------------------------+
 * |      chaddr (16), sname (64), file (128)                      |
 * +---------------------------------------------------------------+
 * |      magic cookie 99.130.83.99 (4), options (variable)        |
 * +---------------------------------------------------------------+
 *
 * Options are code, length, body; pad (0) and end (255) are one byte.  Every
 * option is recorded in wire order up to end (tshark lists pad and end too);
 * the walk stops at end, at an option running past the message
 * (dhcp.option_overrun, or dhcp.truncated when the capture ended first) and
 * after PS_DHCP_MAX_OPTS.  Options overloaded into sname/file (option 52)
 * are not walked, as tshark does not list them either.
 */
#include <string.h>

#include "dis_common.h"
#include "dis_dhcp_text.h"
#include "ps_text.h"

#define DHCP_FIXED_LEN 236u
#define DHCP_COOKIE_LEN 4u
#define DHCP_OPT_PAD 0
#define DHCP_OPT_END 255
#define DHCP_OPT_HOSTNAME 12
#define DHCP_OPT_REQIP 50
#define DHCP_OPT_LEASE 51
#define DHCP_OPT_MSGTYPE 53
#define DHCP_OPT_SERVER 54
#define DHCP_OPT_PARAMS 55
#define DHCP_OPT_VENDOR 60

static const uint8_t dhcp_cookie[4] = {99, 130, 83, 99};

static const struct ps_dhcp_opt *dhcp_opts(const struct ps_packet *p, const struct ps_dhcp *dh)
{
	return dh->nopts ? (const struct ps_dhcp_opt *)ps_side_get(p, dh->opts_at) : 0;
}

static void dhcp_read_fixed(struct ps_cursor *c, struct ps_dhcp *dh)
{
	dh->op = ps_cur_peek_u8(c, 0);
	dh->htype = ps_cur_peek_u8(c, 1);
	dh->hlen = ps_cur_peek_u8(c, 2);
	dh->hops = ps_cur_peek_u8(c, 3);
	dh->xid = ps_cur_peek_be32(c, 4);
	dh->secs = ps_cur_peek_be16(c, 8);
	dh->flags = ps_cur_peek_be16(c, 10);
	uint8_t *addrs[4] = {dh->ciaddr, dh->yiaddr, dh->siaddr, dh->giaddr};
	for (unsigned i = 0; i < 4; i++) {
		const uint8_t *b = ps_cur_peek_bytes(c, 12 + 4 * i, 4);
		if (b)
			memcpy(addrs[i], b, 4);
	}
}

/* A known option whose body has the size its type needs: its value. */
static void dhcp_take(struct ps_dctx *d, struct ps_dhcp *dh, const struct ps_dhcp_opt *o,
		      const uint8_t *body)
{
	unsigned want = o->code == DHCP_OPT_MSGTYPE ? 1 : 4;
	switch (o->code) {
	case DHCP_OPT_MSGTYPE: case DHCP_OPT_REQIP: case DHCP_OPT_SERVER: case DHCP_OPT_LEASE:
		break;
	default:
		return;
	}
	if (o->len != want) {
		ps_dis_event(d, PS_EV_DHCP_OPTION_LEN_INVALID);
		return;
	}
	if (o->code == DHCP_OPT_MSGTYPE) {
		dh->msg_type = body[0];
		dh->have |= PS_DHCP_HAVE_MSGTYPE;
	} else if (o->code == DHCP_OPT_REQIP) {
		memcpy(dh->requested_ip, body, 4);
		dh->have |= PS_DHCP_HAVE_REQIP;
	} else if (o->code == DHCP_OPT_SERVER) {
		memcpy(dh->server_id, body, 4);
		dh->have |= PS_DHCP_HAVE_SERVER;
	} else {
		dh->lease_time = ps_dis_be32(body);
		dh->have |= PS_DHCP_HAVE_LEASE;
	}
}

/* True when the capture ended before the datagram did. */
static bool dhcp_cut(const struct ps_dctx *d, const struct ps_cursor *c)
{
	uint32_t got = c->end - d->p->layers[d->cur].off;
	return d->claim_in != PS_CLAIM_UNKNOWN && got < d->claim_in;
}

/* Walk the options from the cursor's position.  With `take` false only
 * count them; otherwise decode the known ones, raise the events and record
 * up to `max` in `out` (when not NULL). */
static unsigned dhcp_walk(struct ps_dctx *d, struct ps_cursor c, struct ps_dhcp *dh, bool take,
			  struct ps_dhcp_opt *out, unsigned max)
{
	unsigned n = 0;
	while (ps_cur_remaining(&c) && n < max) {
		struct ps_dhcp_opt o = {.code = ps_cur_u8(&c), .off = c.pos};
		bool one = o.code == DHCP_OPT_PAD || o.code == DHCP_OPT_END;
		if (!one && (!ps_cur_remaining(&c) ||
			     ps_cur_remaining(&c) - 1 < ps_cur_peek_u8(&c, 0))) {
			/* the length byte or the body runs past the message: the
			 * capture's end (truncated) or the datagram's (malformed) */
			if (take)
				ps_dis_event(d, dhcp_cut(d, &c) ? PS_EV_DHCP_TRUNCATED
								 : PS_EV_DHCP_OPTION_OVERRUN);
			if (out)
				out[n] = o;
			return n + 1;
		}
		if (!one) {
			o.len = ps_cur_u8(&c);
			o.off = c.pos;
			if (take)
				dhcp_take(d, dh, &o, c.frame + c.pos);
			ps_cur_skip(&c, o.len);
		}
		if (out)
			out[n] = o;
		n++;
		if (o.code == DHCP_OPT_END)
			return n;
	}
	if (take && n == max && ps_cur_remaining(&c))
		ps_dis_event(d, PS_EV_DHCP_TOO_MANY_OPTIONS);
	else if (take && dhcp_cut(d, &c))
		ps_dis_event(d, PS_EV_DHCP_TRUNCATED); /* the capture ended before the end option */
	return n;
}

static void dhcp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_dhcp *dh = &l->u.dhcp;
	uint32_t avail = ps_cur_remaining(c);

	dh->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	dh->opts_at = PS_SIDE_NONE;
	dhcp_read_fixed(c, dh);
	if (avail < DHCP_FIXED_LEN + DHCP_COOKIE_LEN) {
		/* a BOOTP message without the vendor area is whole at 236 bytes */
		if (avail == DHCP_FIXED_LEN && dh->len == DHCP_FIXED_LEN) {
			l->hdr_len = DHCP_FIXED_LEN;
			ps_cur_skip(c, avail);
		} else if (avail < DHCP_FIXED_LEN)
			ps_dis_short_header(d, c, l, DHCP_FIXED_LEN, PS_EV_DHCP_HDR_EXCEEDS_LEN,
					    PS_EV_DHCP_TRUNCATED);
		else
			ps_dis_short_header(d, c, l, DHCP_FIXED_LEN + DHCP_COOKIE_LEN,
					    PS_EV_DHCP_NO_COOKIE, PS_EV_DHCP_TRUNCATED);
		return;
	}
	ps_cur_skip(c, DHCP_FIXED_LEN);
	const uint8_t *cookie = ps_cur_peek_bytes(c, 0, DHCP_COOKIE_LEN);
	if (memcmp(cookie, dhcp_cookie, sizeof dhcp_cookie) != 0) {
		/* plain BOOTP: the vendor area is opaque, but the message's */
		l->hdr_len = DHCP_FIXED_LEN;
		ps_cur_skip(c, ps_cur_remaining(c));
		return;
	}
	dh->have |= PS_DHCP_HAVE_COOKIE;
	ps_cur_skip(c, DHCP_COOKIE_LEN);
	unsigned n = dhcp_walk(d, *c, dh, false, 0, PS_DHCP_MAX_OPTS);
	struct ps_dhcp_opt *opts = n ? ps_dis_side_alloc(d, n * sizeof *opts, &dh->opts_at) : 0;
	dhcp_walk(d, *c, dh, true, opts, PS_DHCP_MAX_OPTS);
	if (opts)
		dh->nopts = (uint16_t)n;
	/* the header ends after the last option recorded */
	uint32_t end = c->pos;
	if (dh->nopts) {
		const struct ps_dhcp_opt *last = &opts[dh->nopts - 1];
		end = last->off + last->len;
		if (end > c->end)
			end = c->end;
	}
	l->hdr_len = end - l->off;
	ps_cur_skip(c, ps_cur_remaining(c));
}

/* The body of the first option `code` recorded, or NULL. */
static const struct ps_dhcp_opt *dhcp_find(const struct ps_packet *p, const struct ps_dhcp *dh,
					   uint8_t code)
{
	const struct ps_dhcp_opt *o = dhcp_opts(p, dh);
	for (unsigned i = 0; i < dh->nopts; i++)
		if (o[i].code == code && o[i].len && o[i].off + o[i].len <= ps_packet_bytes(p))
			return &o[i];
	return 0;
}

static void dhcp_emit_str(const struct ps_packet *p, const struct ps_dhcp *dh, uint8_t code,
			  const char *key, struct ps_emit *e)
{
	const struct ps_dhcp_opt *o = dhcp_find(p, dh, code);
	if (!o)
		return;
	ps_emit_span(e, o->off, o->len);
	e->ops->strn(e, key, (const char *)p->data + o->off, o->len);
}

static void dhcp_emit_ip(struct ps_emit *e, const char *key, bool have, const uint8_t a[4])
{
	if (have)
		e->ops->ipv4(e, key, a);
}

static void dhcp_emit_opts(const struct ps_packet *p, const struct ps_dhcp *dh, struct ps_emit *e)
{
	const struct ps_dhcp_opt *o = dhcp_opts(p, dh);

	if (dh->have & PS_DHCP_HAVE_MSGTYPE)
		PS_EMIT_U64(e, "msg_type", dh->msg_type);
	e->ops->begin_arr(e, "options");
	for (unsigned i = 0; i < dh->nopts; i++) {
		ps_emit_span_clip(e, o[i].off - 1, 1, p->caplen);
		PS_EMIT_U64(e, 0, o[i].code);
	}
	e->ops->end_arr(e);
	dhcp_emit_str(p, dh, DHCP_OPT_HOSTNAME, "hostname", e);
	dhcp_emit_ip(e, "requested_ip", dh->have & PS_DHCP_HAVE_REQIP, dh->requested_ip);
	dhcp_emit_ip(e, "server_id", dh->have & PS_DHCP_HAVE_SERVER, dh->server_id);
	if (dh->have & PS_DHCP_HAVE_LEASE)
		PS_EMIT_U64(e, "lease_time", dh->lease_time);
	const struct ps_dhcp_opt *pr = dhcp_find(p, dh, DHCP_OPT_PARAMS);
	if (pr) {
		ps_emit_span(e, pr->off, pr->len);
		e->ops->begin_arr(e, "params");
		for (unsigned i = 0; i < pr->len; i++)
			PS_EMIT_U64(e, 0, p->data[pr->off + i]);
		e->ops->end_arr(e);
	}
	dhcp_emit_str(p, dh, DHCP_OPT_VENDOR, "vendor_class", e);
}

static void dhcp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dhcp *dh = &l->u.dhcp;

	ps_dis_emit_u64(e, l, "op", 0, 1, dh->op);
	ps_dis_emit_u64(e, l, "htype", 1, 1, dh->htype);
	ps_dis_emit_u64(e, l, "hlen", 2, 1, dh->hlen);
	ps_dis_emit_u64(e, l, "hops", 3, 1, dh->hops);
	ps_dis_emit_u64(e, l, "xid", 4, 4, dh->xid);
	ps_dis_emit_u64(e, l, "secs", 8, 2, dh->secs);
	if (l->hdr_len >= 12) {
		ps_emit_span(e, l->off + 10, 2);
		PS_EMIT_BOOL(e, "broadcast", (dh->flags & 0x8000u) != 0);
	}
	ps_dis_emit_ipv4(e, l, "ciaddr", 12, dh->ciaddr);
	ps_dis_emit_ipv4(e, l, "yiaddr", 16, dh->yiaddr);
	ps_dis_emit_ipv4(e, l, "siaddr", 20, dh->siaddr);
	ps_dis_emit_ipv4(e, l, "giaddr", 24, dh->giaddr);
	/* chaddr as a MAC when it is one (Ethernet, 6 bytes), as tshark shows it */
	if (dh->htype == 1 && dh->hlen == 6 && l->hdr_len >= 34) {
		ps_emit_span(e, l->off + 28, 6);
		e->ops->mac(e, "chaddr", p->data + l->off + 28, 6);
	}
	if (dh->have & PS_DHCP_HAVE_COOKIE)
		dhcp_emit_opts(p, dh, e);
}

/* "BOOTP/DHCP, Request from 00:0c:29:1f:74:06, length 300", tcpdump's print-bootp.c */
static void dhcp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dhcp *dh = &l->u.dhcp;

	PS_OUT_LIT(o, "BOOTP/DHCP, ");
	if (l->hdr_len < 1)
		return;
	if (dh->op == 1)
		PS_OUT_LIT(o, "Request");
	else if (dh->op == 2)
		PS_OUT_LIT(o, "Reply");
	else
		ps_out_fmt(o, "unknown (0x%02x)", dh->op);
	if (l->hdr_len < 3)
		return;
	if (dh->op == 1 && dh->htype == 1 && dh->hlen == 6) {
		if (l->hdr_len < 34)
			return;
		PS_OUT_LIT(o, " from ");
		ps_out_mac(o, p->data + l->off + 28, 6);
	}
	ps_dis_out_num(o, ", length ", dh->len);
	if (!t->verbose || l->hdr_len < 12)
		return;
	/* -v: tcpdump's detail, this line then dis_dhcp_text.c's */
	if (dh->htype != 1)
		ps_dis_out_num(o, ", htype ", dh->htype);
	if (dh->htype != 1 || dh->hlen != 6)
		ps_dis_out_num(o, ", hlen ", dh->hlen);
	if (dh->hops)
		ps_dis_out_num(o, ", hops ", dh->hops);
	if (dh->xid)
		ps_out_fmt(o, ", xid 0x%x", (unsigned)dh->xid);
	if (dh->secs)
		ps_dis_out_num(o, ", secs ", dh->secs);
	PS_OUT_LIT(o, ", Flags [");
	ps_out_str(o, dh->flags & 0x8000u ? "Broadcast" : "none");
	ps_out_char(o, ']');
	if (t->verbose > 1)
		ps_out_fmt(o, " (0x%04x)", dh->flags);
	if (l->hdr_len >= DHCP_FIXED_LEN)
		ps_dhcp_out_verbose(p, li, t->verbose, dhcp_opts(p, dh), o);
}

const struct ps_dissector ps_dis_dhcp = {
	.name = "dhcp",
	.label = "DHCP",
	.proto = PS_P_DHCP,
	.ev_truncated = PS_EV_DHCP_TRUNCATED,
	.decode = dhcp_decode,
	.summary = dhcp_summary,
	.fields = dhcp_fields,
};
