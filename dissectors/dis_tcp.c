/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tcp.c - Transmission Control Protocol header.
 *
 * RFC 9293 (TCP), RFC 3168 (ECN: CWR, ECE), RFC 3540 / AccECN (NS, now AE).
 * The options are in dis_tcp_opts.c.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |N|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrv|S|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The data offset says where the payload starts; the carrier (IP) says how
 * long the segment is, so the payload length is claim - data offset.  The
 * payload is left to the driver (no application dissectors yet).
 */
#include "dis_cksum.h"
#include "dis_dns.h"
#include "dis_http_int.h"
#include "dis_tcp.h"
#include "ps_text.h"

/* The fixed fields that fit in `avail` bytes; which are valid follows from hdr_len. */
static void tcp_read_fixed(struct ps_cursor *c, uint32_t avail, struct ps_tcp *t)
{
	if (avail >= TCP_HDR_LEN) {
		/* the whole fixed header, as nearly always: one bounds check */
		const uint8_t *h = ps_cur_peek_bytes(c, 0, TCP_HDR_LEN);
		t->sport = ps_dis_be16(h);
		t->dport = ps_dis_be16(h + 2);
		t->seq = ps_dis_be32(h + 4);
		t->ack = ps_dis_be32(h + 8);
		t->hl = (uint8_t)((h[12] >> 4) * 4);
		t->flags = (uint16_t)(ps_dis_be16(h + 12) & 0x1ffu);
		t->win = ps_dis_be16(h + 14);
		t->checksum = ps_dis_be16(h + 16);
		t->urg = ps_dis_be16(h + 18);
		return;
	}
	if (avail >= 2)
		t->sport = ps_cur_peek_be16(c, 0);
	if (avail >= 4)
		t->dport = ps_cur_peek_be16(c, 2);
	if (avail >= 8)
		t->seq = ps_cur_peek_be32(c, 4);
	if (avail >= 12)
		t->ack = ps_cur_peek_be32(c, 8);
	if (avail >= 13)
		t->hl = (uint8_t)((ps_cur_peek_u8(c, 12) >> 4) * 4);
	if (avail >= 14)
		t->flags = (uint16_t)(ps_cur_peek_be16(c, 12) & 0x1ffu);
	if (avail >= 16)
		t->win = ps_cur_peek_be16(c, 14);
	if (avail >= 18)
		t->checksum = ps_cur_peek_be16(c, 16);
	if (avail >= 20)
		t->urg = ps_cur_peek_be16(c, 18);
}

static void tcp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_tcp *t = &l->u.tcp;
	uint32_t avail = ps_cur_remaining(c);
	bool claim_known = d->claim_in != PS_CLAIM_UNKNOWN;

	tcp_read_fixed(c, avail, t);
	t->claim = d->claim_in;
	/* the payload length is known whenever both lengths are, even if the
	 * capture stopped inside the options */
	if (avail >= 13 && t->hl >= TCP_HDR_LEN && claim_known && t->hl <= d->claim_in) {
		t->has_len = true;
		t->len = d->claim_in - t->hl;
	}
	d->claim_out = t->has_len ? t->len : PS_CLAIM_UNKNOWN;
	if (avail < TCP_HDR_LEN) {
		ps_dis_short_header(d, c, l, TCP_HDR_LEN, PS_EV_TCP_HLEN_EXCEEDS_LEN,
				    PS_EV_TCP_TRUNCATED);
		return;
	}
	l->hdr_len = TCP_HDR_LEN;
	if (t->hl < TCP_HDR_LEN || (claim_known && t->hl > d->claim_in)) {
		/* where the data starts is unknown: what follows is undecoded payload */
		ps_dis_event(d, t->hl < TCP_HDR_LEN ? PS_EV_TCP_HLEN_TOO_SMALL
						    : PS_EV_TCP_HLEN_EXCEEDS_LEN);
		ps_cur_skip(c, TCP_HDR_LEN);
		return;
	}
	uint32_t have = t->hl < avail ? t->hl : avail;
	ps_tcp_parse_opts(d, c, l, have);
	l->hdr_len = have;
	ps_cur_skip(c, have);
	if (have < t->hl) {
		ps_dis_event(d, PS_EV_TCP_TRUNCATED);
		return;
	}
	/* c is at the payload, already clipped to the carrier's claim; the
	 * header an ICMP error quotes is not followed into its payload */
	if (d->nest != PS_NEST_QUOTE)
		ps_dis_next_ports(d, PS_TAB_TCP_PORT, t->sport, t->dport);
}

/* tcpdump's letters, in its order; "none" without flags.  buf >= 10 bytes. */
static const char *tcp_flags_str(uint16_t flags, char *buf)
{
	static const struct {
		uint16_t bit;
		char ch;
	} letters[] = {{TH_FIN, 'F'}, {TH_SYN, 'S'}, {TH_RST, 'R'}, {TH_PUSH, 'P'}, {TH_ACK, '.'},
		       {TH_URG, 'U'}, {TH_ECE, 'E'}, {TH_CWR, 'W'}, {TH_AE, 'e'}};
	size_t n = 0;

	for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
		if (flags & letters[i].bit)
			buf[n++] = letters[i].ch;
	buf[n] = 0;
	return n ? buf : "none";
}

static void tcp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_tcp *t = &l->u.tcp;
	const uint32_t off = l->off;
	char buf[16];

	/* each fixed field appears when all its bytes were captured */
	static const struct ps_emit_field head[] = {
		{"sport", 0, 2, PS_EMIT_K_U64}, {"dport", 2, 2, PS_EMIT_K_U64},
		{"seq", 4, 4, PS_EMIT_K_U64},   {"ack", 8, 4, PS_EMIT_K_U64},
		{"hl", 12, 1, PS_EMIT_K_U64},   {"flags", 12, 2, PS_EMIT_K_U64}};
	static const struct ps_emit_field tail[] = {{"win", 14, 2, PS_EMIT_K_U64},
						    {"checksum", 16, 2, PS_EMIT_K_U64},
						    {"urg", 18, 2, PS_EMIT_K_U64}};
	const uint64_t head_v[] = {t->sport, t->dport, t->seq, t->ack, t->hl, t->flags};
	const uint64_t tail_v[] = {t->win, t->checksum, t->urg};

	PS_DIS_EMIT_RUN(e, l, head, head_v);
	if (l->hdr_len >= 14)
		PS_EMIT_STR(e, "flags_str", tcp_flags_str(t->flags, buf));
	PS_DIS_EMIT_RUN(e, l, tail, tail_v);
	if (t->has_len) {
		ps_emit_span_clip(e, off + t->hl, 0, p->caplen);
		PS_EMIT_U64(e, "len", t->len);
	}
	if (t->nopts)
		ps_tcp_emit_opts(p, t, e);
}

/* Segment length for the text: per the claim, else what was captured. */
static uint32_t tcp_text_len(const struct ps_packet *p, const struct ps_layer *l)
{
	const struct ps_tcp *t = &l->u.tcp;
	if (t->has_len)
		return t->len;
	uint32_t end = l->off + t->hl;
	return ps_packet_bytes(p) > end ? ps_packet_bytes(p) - end : 0;
}

/* tcpdump's flag letters at d: the order of its letters is the bits' order
 * (F S R P . U E W e), so each set bit is one table look-up */
static char *tcp_put_flags(char *d, uint16_t flags)
{
	static const char letters[9] = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W', 'e'};

	flags &= 0x1ff;
	if (!flags)
		return PS_PUT_LIT(d, "none");
	for (; flags; flags &= (uint16_t)(flags - 1))
		*d++ = letters[__builtin_ctz(flags)];
	return d;
}

/* "Flags [S.], seq 1, ack 2, win 100, options [...], length 0"; seq and ack
 * relative as tcpdump prints them when the flow table worked them out
 * (p->flow: nothing subtracted with -S, --no-flows or the first packet).
 * Every TCP line has these fields: each run of them is written with one
 * bounds check (ps_out_put_begin) instead of one per field. */
static bool tcp_out_body(const struct ps_packet *p, unsigned li, int verbose, struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_tcp *t = &l->u.tcp;
	uint32_t len = tcp_text_len(p, l);
	bool rel = p->flow.id && p->flow.tcp_layer == (int)li;
	uint32_t seq = t->seq - (rel ? p->flow.txt_seq : 0);
	uint32_t ack = t->ack - (rel ? p->flow.txt_ack : 0);
	char scratch[96];

	char *start = ps_out_put_begin(o, 7 + 9 + 1, scratch);
	char *d = PS_PUT_LIT(start, "Flags [");
	d = tcp_put_flags(d, t->flags);
	*d++ = ']';
	ps_out_put_done(o, start, d, scratch);
	int sum = verbose && t->has_len ? ps_l4_cksum(p, li, 6, t->claim, true) : -1;
	if (sum >= 0) {
		PS_OUT_LIT(o, ", cksum 0x");
		ps_out_hex(o, t->checksum, 4);
	}
	if (sum == 0xffff)
		PS_OUT_LIT(o, " (correct)");
	else if (sum >= 0)
		ps_out_fmt(o, " (incorrect -> 0x%04x)", ps_l4_cksum_want(t->checksum, sum));
	/* at most 6 + 10 + 1 + 10, 6 + 10, 6 + 5, 6 + 5 bytes */
	d = start = ps_out_put_begin(o, sizeof scratch, scratch);
	if (verbose > 1 || len || (t->flags & (TH_SYN | TH_FIN | TH_RST))) {
		d = PS_PUT_LIT(d, ", seq ");
		d = ps_put_u32(d, seq);
		if (len) {
			*d++ = ':';
			d = ps_put_u32(d, seq + len); /* wraps as tcpdump's */
		}
	}
	if (t->flags & TH_ACK) {
		d = PS_PUT_LIT(d, ", ack ");
		d = ps_put_u32(d, ack);
	}
	d = PS_PUT_LIT(d, ", win ");
	d = ps_put_u32(d, t->win);
	if (t->flags & TH_URG) {
		d = PS_PUT_LIT(d, ", urg ");
		d = ps_put_u32(d, t->urg);
	}
	ps_out_put_done(o, start, d, scratch);
	if (t->hl > TCP_HDR_LEN && !ps_tcp_out_opts(p, li, o))
		return false; /* tcpdump stops at a bad option or a truncation */
	ps_dis_out_num(o, ", length ", len);
	return true;
}

static void tcp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_tcp *tcp = &l->u.tcp;

	if (l->hdr_len < 4) {
		/* "10.0.0.1 > 10.0.0.2:" as tcpdump prints it when even the ports are cut off */
		if (ps_dis_out_net_addrs(p, li, o))
			ps_out_char(o, ':');
	} else {
		ps_text_endpoints(p, li, o, tcp->sport, tcp->dport);
	}
	if (l->hdr_len < TCP_HDR_LEN) {
		/* tcpdump prints only its truncation mark; the renderer adds it
		 * when the capture ended, we do when the IP length did */
		if (!l->truncated)
			PS_OUT_LIT(o, " [|tcp]");
		return;
	}
	if (tcp->hl < TCP_HDR_LEN) {
		uint32_t claim = tcp->claim != PS_CLAIM_UNKNOWN ? tcp->claim : ps_packet_bytes(p) - l->off;
		ps_out_fmt(o, " tcp %u [bad hdr length %u - too short, < %u]",
			   (unsigned)(claim - tcp->hl), (unsigned)tcp->hl, TCP_HDR_LEN);
		return;
	}
	if (tcp->claim != PS_CLAIM_UNKNOWN && tcp->hl > tcp->claim) {
		char buf[16];
		PS_OUT_LIT(o, "Flags [");
		ps_out_str(o, tcp_flags_str(tcp->flags, buf));
		ps_out_fmt(o, "] [bad hdr length %u - too long, > %u]", (unsigned)tcp->hl,
			   (unsigned)tcp->claim);
		return;
	}
	if (tcp_out_body(p, li, t->verbose, o)) {
		ps_http_out_port_payload(p, li, t->verbose, o);
		ps_dns_out_port_payload(p, li, t->verbose, o);
	}
}

const struct ps_dissector ps_dis_tcp = {
	.name = "tcp",
	.label = "TCP",
	.ev_truncated = PS_EV_TCP_TRUNCATED,
	.proto = PS_P_TCP,
	.flags = PS_DIS_PORTS,
	.decode = tcp_decode,
	.summary = tcp_summary,
	.fields = tcp_fields,
};
