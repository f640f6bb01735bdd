/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_icmp.c - Internet Control Message Protocol for IPv4.
 *
 * RFC 792 (ICMP), RFC 950 (address mask), RFC 1191 (next-hop MTU),
 * RFC 1256 (router discovery), RFC 4884 (quoted datagram length).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo-like: Identifier        |     Sequence Number           |
 * |  redirect:  Gateway Internet Address                          |
 * |  unreach:   unused  | length  |     Next-Hop MTU (code 4)     |
 * |  param:     Pointer | length  |           unused              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  errors: Internet Header + leading bytes of the original datagram
 * |  time stamp: Originate, Receive, Transmit (32 bits each)
 * |  address mask: Address Mask (32 bits)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * An error's quoted datagram is dissected as a nested IPv4 chain
 * ("icmp.quote"); the text reads it back for "udp port 33434 unreachable".
 */
#include "dis_cksum.h"
#include "dis_common.h"

#define ICMP_HDR_LEN 8u

enum {
	ICMP_ECHOREPLY = 0, ICMP_UNREACH = 3, ICMP_SOURCEQUENCH = 4, ICMP_REDIRECT = 5,
	ICMP_ECHO = 8, ICMP_ROUTERADVERT = 9, ICMP_ROUTERSOLICIT = 10, ICMP_TIMXCEED = 11,
	ICMP_PARAMPROB = 12, ICMP_TSTAMP = 13, ICMP_TSTAMPREPLY = 14, ICMP_IREQ = 15,
	ICMP_IREQREPLY = 16, ICMP_MASKREQ = 17, ICMP_MASKREPLY = 18,
};
enum { ICMP_UNREACH_PROTOCOL = 2, ICMP_UNREACH_PORT = 3, ICMP_UNREACH_NEEDFRAG = 4 };

static bool icmp_is_error(unsigned type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT ||
	       type == ICMP_TIMXCEED || type == ICMP_PARAMPROB;
}

/* Types whose second word is an identifier and a sequence number. */
static bool icmp_has_id(unsigned type)
{
	return type == ICMP_ECHOREPLY || type == ICMP_ECHO ||
	       (type >= ICMP_TSTAMP && type <= ICMP_MASKREPLY);
}

/* Header bytes this type needs before any data or quote. */
static uint32_t icmp_hdr_need(const struct ps_icmp *ic)
{
	switch (ic->type) {
	case ICMP_TSTAMP:
	case ICMP_TSTAMPREPLY:
		return 20;
	case ICMP_MASKREQ:
	case ICMP_MASKREPLY:
		return 12;
	case ICMP_ROUTERADVERT: /* entries of addr_size 32-bit words */
		return ICMP_HDR_LEN + 4u * ic->num_addrs * ic->addr_size;
	default:
		return ICMP_HDR_LEN;
	}
}

/* The type-specific words that were captured (`avail` bytes). */
static void icmp_read_rest(struct ps_cursor *c, uint32_t avail, struct ps_icmp *ic)
{
	if (avail >= 6) {
		ic->id = ps_cur_peek_be16(c, 4);
		ic->pointer = ps_cur_peek_u8(c, 4);
		ic->num_addrs = ps_cur_peek_u8(c, 4);
		ic->length = ps_cur_peek_u8(c, 5);
		ic->addr_size = ps_cur_peek_u8(c, 5);
	}
	if (avail >= ICMP_HDR_LEN) {
		ic->seq = ps_cur_peek_be16(c, 6);
		ic->mtu = ic->seq;
		ic->lifetime = ic->seq;
		for (unsigned i = 0; i < 4; i++)
			ic->gateway[i] = ps_cur_peek_u8(c, 4 + i);
	}
	if (avail >= 12)
		for (unsigned i = 0; i < 4; i++)
			ic->mask[i] = ps_cur_peek_u8(c, 8 + i);
	if (avail >= 20)
		for (unsigned i = 0; i < 3; i++)
			ic->ts[i] = ps_cur_peek_be32(c, 8 + 4 * i);
}

/* Dissect an error's quoted datagram as a nested IPv4 chain. */
static void icmp_quote(struct ps_dctx *d, const struct ps_cursor *c, const struct ps_icmp *ic)
{
	struct ps_cursor q = *c;

	ps_cur_skip(&q, ICMP_HDR_LEN);
	/* RFC 4884: a non-zero length (32-bit words) ends the quote where the
	 * extension structure begins */
	if (ic->length && ic->type != ICMP_REDIRECT && ic->type != ICMP_SOURCEQUENCH)
		ps_cur_clip(&q, 4u * ic->length);
	if (ps_cur_remaining(&q))
		ps_dissect_nested(d, &q, PS_TAB_ETHERTYPE, 0x0800, PS_NEST_QUOTE);
}

static void icmp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_icmp *ic = &l->u.icmp;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t claim = d->claim_in;

	ic->has_len = claim != PS_CLAIM_UNKNOWN;
	ic->len = ic->has_len ? claim : avail;
	ic->type = ps_cur_peek_u8(c, 0);
	ic->code = ps_cur_peek_u8(c, 1);
	ic->checksum = ps_cur_peek_be16(c, 2); /* each is 0 unless captured: hdr_len says */
	icmp_read_rest(c, avail, ic);
	uint32_t need = icmp_hdr_need(ic);
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_ICMP_HDR_EXCEEDS_LEN, PS_EV_ICMP_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	if (icmp_is_error(ic->type)) {
		icmp_quote(d, c, ic);
		ps_cur_skip(c, ps_cur_remaining(c)); /* the quote is part of the message */
		d->claim_out = 0;
		return;
	}
	ps_cur_skip(c, need);
	d->claim_out = ic->has_len ? claim - need : PS_CLAIM_UNKNOWN;
	/* echo data and the like: the driver's payload */
}

/* Router advertisement entries: {addr, pref} pairs when entries are 2 words. */
static void icmp_emit_rdisc(const struct ps_packet *p, const struct ps_layer *l,
			    struct ps_emit *e)
{
	const struct ps_icmp *ic = &l->u.icmp;

	ps_dis_emit_u64(e, l, "num_addrs", 4, 1, ic->num_addrs);
	ps_dis_emit_u64(e, l, "addr_size", 5, 1, ic->addr_size);
	ps_dis_emit_u64(e, l, "lifetime", 6, 2, ic->lifetime);
	if (ic->addr_size != 2 || l->hdr_len < icmp_hdr_need(ic) || !ic->num_addrs)
		return;
	e->ops->begin_arr(e, "addrs");
	for (uint32_t i = 0, at = l->off + ICMP_HDR_LEN; i < ic->num_addrs; i++, at += 8) {
		const uint8_t *b = p->data + at;
		e->ops->begin_obj(e, 0);
		ps_emit_span(e, at, 4);
		e->ops->ipv4(e, "addr", b);
		ps_emit_span(e, at + 4, 4);
		PS_EMIT_U64(e, "pref", ps_dis_be32(b + 4));
		e->ops->end_obj(e);
	}
	e->ops->end_arr(e);
}

static void icmp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_icmp *ic = &l->u.icmp;

	ps_dis_emit_u64(e, l, "type", 0, 1, ic->type);
	ps_dis_emit_u64(e, l, "code", 1, 1, ic->code);
	ps_dis_emit_u64(e, l, "checksum", 2, 2, ic->checksum);
	if (icmp_has_id(ic->type)) {
		ps_dis_emit_u64(e, l, "id", 4, 2, ic->id);
		ps_dis_emit_u64(e, l, "seq", 6, 2, ic->seq);
	}
	if (ic->type == ICMP_REDIRECT)
		ps_dis_emit_ipv4(e, l, "gateway", 4, ic->gateway);
	if (ic->type == ICMP_UNREACH && ic->code == ICMP_UNREACH_NEEDFRAG)
		ps_dis_emit_u64(e, l, "mtu", 6, 2, ic->mtu);
	if (ic->type == ICMP_PARAMPROB)
		ps_dis_emit_u64(e, l, "pointer", 4, 1, ic->pointer);
	if (ic->type == ICMP_TSTAMP || ic->type == ICMP_TSTAMPREPLY) {
		ps_dis_emit_u64(e, l, "orig", 8, 4, ic->ts[0]);
		ps_dis_emit_u64(e, l, "recv", 12, 4, ic->ts[1]);
		ps_dis_emit_u64(e, l, "xmit", 16, 4, ic->ts[2]);
	}
	if (ic->type == ICMP_MASKREQ || ic->type == ICMP_MASKREPLY)
		ps_dis_emit_ipv4(e, l, "mask", 8, ic->mask);
	if (ic->type == ICMP_ROUTERADVERT)
		icmp_emit_rdisc(p, l, e);
}

/* ---- text, as tcpdump's print-icmp.c ---- */

/* The quoted IPv4 layer of error li and its transport layer (or -1). */
static int icmp_quoted(const struct ps_packet *p, unsigned li, unsigned proto)
{
	for (unsigned j = li + 1; j < p->nlayers; j++)
		if (p->layers[j].parent == (int)li && p->layers[j].proto == proto)
			return (int)j;
	return -1;
}

/* The quoted datagram's destination, if its IPv4 header was captured. */
static const struct ps_layer *icmp_quoted_ip(const struct ps_packet *p, unsigned li)
{
	int qi = icmp_quoted(p, li, PS_P_IPV4);
	return qi >= 0 && p->layers[qi].hdr_len >= 20 ? &p->layers[qi] : 0;
}

/* "10.0.0.2 udp port 33434 unreachable"; false when the quote lacks what is needed. */
static bool icmp_out_unreach(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	static const char *const pre[16] = {"net ", "host ", 0, 0, 0, "", "net ", "host ", "",
					    "net ", "host ", "net ", "host ", "host ", "host ",
					    "host "};
	static const char *const post[16] = {
		" unreachable", " unreachable", 0, 0, 0, " unreachable - source route failed",
		" unreachable - unknown", " unreachable - unknown",
		" unreachable - source host isolated", " unreachable - admin prohibited",
		" unreachable - admin prohibited", " unreachable - tos prohibited",
		" unreachable - tos prohibited", " unreachable - admin prohibited filter",
		" unreachable - host precedence violation", " unreachable - precedence cutoff"};
	const struct ps_icmp *ic = &p->layers[li].u.icmp;
	const struct ps_layer *q = icmp_quoted_ip(p, li);
	if (!q)
		return false;
	const struct ps_ipv4 *ip = &q->u.ipv4;

	if (ic->code == ICMP_UNREACH_PORT) {
		/* as tcpdump, the port is read right after the quoted header,
		 * whatever the protocol and even from a fragment */
		uint32_t at = q->off + ip->hl;
		if (at > ps_packet_bytes(p) || 4 > ps_packet_bytes(p) - at)
			return false;
		unsigned dport = (unsigned)p->data[at + 2] << 8 | p->data[at + 3];
		ps_out_ipv4(o, ip->dst);
		if (ip->proto == 6 || ip->proto == 17)
			ps_out_str(o, ip->proto == 6 ? " tcp" : " udp");
		else
			ps_dis_out_num(o, " protocol ", ip->proto);
		ps_dis_out_num(o, " port ", dport);
		PS_OUT_LIT(o, " unreachable");
		return true;
	}
	if (ic->code < 16 && pre[ic->code])
		ps_out_str(o, pre[ic->code]);
	ps_out_ipv4(o, ip->dst);
	if (ic->code == ICMP_UNREACH_PROTOCOL) {
		ps_out_fmt(o, " protocol %u unreachable", (unsigned)ip->proto);
	} else if (ic->code == ICMP_UNREACH_NEEDFRAG) {
		PS_OUT_LIT(o, " unreachable - need to frag");
		if (ic->mtu)
			ps_out_fmt(o, " (mtu %u)", (unsigned)ic->mtu);
	} else {
		if (ic->code < 16)
			ps_out_str(o, post[ic->code]);
		else
			ps_out_fmt(o, " unreachable - #%u", (unsigned)ic->code);
	}
	return true;
}

/* "redirect 10.3.71.7 to host 10.2.99.98" */
static bool icmp_out_redirect(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	static const char *const pre[4] = {"redirect ", "redirect ", "redirect-tos ",
					   "redirect-tos "};
	static const char *const post[4] = {" to net ", " to host ", " to net ", " to host "};
	const struct ps_icmp *ic = &p->layers[li].u.icmp;
	const struct ps_layer *q = icmp_quoted_ip(p, li);
	if (!q)
		return false;
	if (ic->code < 4)
		ps_out_str(o, pre[ic->code]);
	else
		ps_out_fmt(o, "redirect-#%u ", (unsigned)ic->code);
	ps_out_ipv4(o, q->u.ipv4.dst);
	ps_out_str(o, ic->code < 4 ? post[ic->code] : " to ");
	ps_out_ipv4(o, ic->gateway);
	return true;
}

/* ms since midnight UT as tcpdump prints it: hours may exceed 24 */
static void icmp_out_tstamp(struct ps_out *o, uint32_t ms)
{
	uint32_t sec = ms / 1000, hrs = sec / 3600;
	ps_out_fmt(o, "%02u:%02u:%02u.%03u", (unsigned)hrs, (unsigned)(sec % 3600 / 60),
		   (unsigned)(sec % 60), (unsigned)(ms % 1000));
}

static void icmp_out_tstamps(struct ps_out *o, const struct ps_icmp *ic)
{
	static const char *const lbl[3] = {": org ", ", recv ", ", xmit "};
	for (unsigned i = 0; i < 3; i++) {
		ps_out_str(o, lbl[i]);
		icmp_out_tstamp(o, ic->ts[i]);
	}
}

/* " lifetime 3:20 1: {192.168.144.2 2147483648}" */
static void icmp_out_rdisc(const struct ps_packet *p, const struct ps_layer *l,
			   struct ps_out *o)
{
	const struct ps_icmp *ic = &l->u.icmp;
	unsigned lt = ic->lifetime;

	PS_OUT_LIT(o, "router advertisement lifetime ");
	if (lt < 60)
		ps_out_fmt(o, "%u", lt);
	else if (lt < 3600)
		ps_out_fmt(o, "%u:%02u", lt / 60, lt % 60);
	else
		ps_out_fmt(o, "%u:%02u:%02u", lt / 3600, lt % 3600 / 60, lt % 60);
	ps_out_fmt(o, " %u:", (unsigned)ic->num_addrs);
	if (ic->addr_size != 2) {
		ps_out_fmt(o, " [size %u]", (unsigned)ic->addr_size);
		return;
	}
	for (uint32_t i = 0, at = l->off + ICMP_HDR_LEN; i < ic->num_addrs; i++, at += 8) {
		const uint8_t *b = p->data + at;
		PS_OUT_LIT(o, " {");
		ps_out_ipv4(o, b);
		ps_out_fmt(o, " %u}", (unsigned)ps_dis_be32(b + 4));
	}
}

static const char *icmp_simple_name(unsigned type)
{
	switch (type) {
	case ICMP_SOURCEQUENCH: return "source quench";
	case ICMP_ROUTERSOLICIT: return "router solicitation";
	case ICMP_IREQ: return "information request";
	case ICMP_IREQREPLY: return "information reply";
	case ICMP_MASKREQ: return "address mask request";
	default: return 0;
	}
}

/* The part between "ICMP " and ", length N"; false: tcpdump would stop at a
 * truncation of the quoted datagram. */
static bool icmp_out_body(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_icmp *ic = &l->u.icmp;
	const char *name = icmp_simple_name(ic->type);

	switch (ic->type) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
		ps_out_str(o, ic->type == ICMP_ECHO ? "echo request" : "echo reply");
		ps_dis_out_num(o, ", id ", ic->id);
		ps_dis_out_num(o, ", seq ", ic->seq);
		return true;
	case ICMP_UNREACH:
		return icmp_out_unreach(p, li, o);
	case ICMP_REDIRECT:
		return icmp_out_redirect(p, li, o);
	case ICMP_ROUTERADVERT:
		icmp_out_rdisc(p, l, o);
		return true;
	case ICMP_TIMXCEED:
		if (ic->code == 0)
			PS_OUT_LIT(o, "time exceeded in-transit");
		else if (ic->code == 1)
			PS_OUT_LIT(o, "ip reassembly time exceeded");
		else
			ps_out_fmt(o, "time exceeded-#%u", (unsigned)ic->code);
		return true;
	case ICMP_PARAMPROB:
		if (ic->code)
			ps_out_fmt(o, "parameter problem - code %u", (unsigned)ic->code);
		else
			ps_out_fmt(o, "parameter problem - octet %u", (unsigned)ic->pointer);
		return true;
	case ICMP_TSTAMP:
	case ICMP_TSTAMPREPLY:
		ps_out_fmt(o, "time stamp %s id %u seq %u", ic->type == ICMP_TSTAMP ? "query" : "reply",
			   (unsigned)ic->id, (unsigned)ic->seq);
		if (ic->type == ICMP_TSTAMPREPLY)
			icmp_out_tstamps(o, ic);
		return true;
	case ICMP_MASKREPLY:
		ps_out_fmt(o, "address mask is 0x%02x%02x%02x%02x", ic->mask[0], ic->mask[1],
			   ic->mask[2], ic->mask[3]);
		return true;
	}
	if (name)
		ps_out_str(o, name);
	else
		ps_out_fmt(o, "type-#%u", (unsigned)ic->type);
	return true;
}

/* "ICMP echo request, id 1, seq 1, length 64" */
static void icmp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];

	if (l->hdr_len < icmp_hdr_need(&l->u.icmp)) {
		/* tcpdump prints only its truncation mark; the renderer adds it
		 * when the capture ended, we do when the IP length did */
		if (!l->truncated)
			PS_OUT_LIT(o, " [|icmp]");
		return;
	}
	/* the body first: tcpdump prints nothing but its mark when the quote is cut */
	char buf[256];
	struct ps_out body;
	ps_out_open_mem(&body, buf, sizeof buf);
	if (!icmp_out_body(p, li, &body)) {
		PS_OUT_LIT(o, " [|icmp]"); /* the layer itself is whole: the renderer adds none */
		return;
	}
	PS_OUT_LIT(o, "ICMP ");
	ps_out_str(o, ps_out_cstr(&body));
	ps_dis_out_num(o, ", length ", l->u.icmp.len);
	if (!t->verbose)
		return;
	int sum = l->u.icmp.has_len ? ps_l4_cksum(p, li, 1, l->u.icmp.len, false) : -1;
	if (sum >= 0 && sum != 0xffff)
		ps_out_fmt(o, " (wrong icmp cksum %x (->%x)!)", (unsigned)l->u.icmp.checksum,
			   (unsigned)ps_l4_cksum_want(l->u.icmp.checksum, sum));
	if (icmp_is_error(l->u.icmp.type)) {
		/* the quoted datagram on its own line, as tcpdump -v prints it */
		PS_OUT_LIT(o, "\n\t");
		ps_dis_out_nested(p, li, PS_NEST_QUOTE, t, o);
	}
}

const struct ps_dissector ps_dis_icmp = {
	.name = "icmp",
	.label = "ICMP",
	.ev_truncated = PS_EV_ICMP_TRUNCATED,
	.proto = PS_P_ICMP,
	.flags = 0,
	.decode = icmp_decode,
	.summary = icmp_summary,
	.fields = icmp_fields,
};
