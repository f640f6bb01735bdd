/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns.c - Domain Name System messages: DNS, mDNS and LLMNR (decode, probe).
 *
 * RFC 1035 4.1 (message, names, compression), RFC 6891 (EDNS OPT),
 * RFC 2782 (SRV), RFC 3596 (AAAA), RFC 6762 (mDNS: the class's top bit is
 * QU / cache-flush), RFC 4795 (LLMNR: same layout, C/TC/T flags).
 *
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |            QDCOUNT / ANCOUNT / NSCOUNT / ARCOUNT  (4 x 16 bits)
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * | questions: NAME, TYPE, CLASS
 * | records:   NAME, TYPE, CLASS, TTL (32), RDLENGTH, RDATA
 *
 * Over TCP (RFC 1035 4.2.2) a 2-byte length precedes the message.  Per
 * segment, a message longer than its segment is decoded as far as the
 * segment goes (dns.tcp_partial) and a continuation segment (which the
 * probe rejects) stays payload.  With flow tracking, dis_dns_stream.c runs
 * this same decode on every whole message of the reassembled stream, on
 * the frame that completes it (ps_dns_decode_stream), and hides the
 * per-segment layer of a segment whose message completes later.
 *
 * Records go to the side area as fixed-size entries holding frame offsets
 * (struct ps_dns_q / ps_dns_rr); names are not copied but walked again from
 * the frame at emit and summary time by ps_dns_name().  That keeps the side
 * area at 12 or 20 bytes per item whatever the names' lengths (a name can
 * expand to 255 octets through pointers), and the walk is cheap: decode
 * already proved each recorded name well-formed (PS_DNS_NAME_OK), so the
 * second walk follows the same bounded path.
 *
 * Compression pointers may point anywhere inside the message (tshark's
 * reading; tcpdump insists on backward pointers): loops are caught by
 * remembering the targets followed (dns.name_loop), chains by a limit of 16
 * pointers (dns.name_depth_limit), and expansions by the 255-octet limit.
 */
#include <string.h>

#include "dis_common.h"
#include "dis_dns_stream.h"
#include "ps_out.h"

/* ---- names ---- */

/* One label byte in the JSON style: tshark's control-byte escape (\ddd,
 * decimal).  Bytes >= 0x80 stay: UTF-8 names (mDNS "Luca’s iMac") are kept
 * and the JSON writer turns bytes that are not UTF-8 into U+FFFD. */
static void label_byte_json(struct ps_out *o, uint8_t ch)
{
	if (ch < 0x20 || ch == 0x7f) {
		ps_out_char(o, '\\');
		ps_out_u64_pad(o, ch, 3, '0');
	} else {
		ps_out_char(o, (char)ch);
	}
}

/* Might b[0, n) hold a byte label_byte_json escapes?  Eight bytes at a
 * time: a byte below 0x20, a byte equal to 0x7f (as a zero of x ^ 0x7f..);
 * exact for "none", so a true answer only costs the byte-wise write. */
static bool has_ctl(const uint8_t *b, unsigned n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones << 7;
	unsigned i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, b + i, 8);
		y = x ^ (ones * 0x7f);
		if (((x - ones * 0x20) & ~x & highs) | ((y - ones) & ~y & highs))
			return true;
	}
	for (; i < n; i++)
		if (b[i] < 0x20 || b[i] == 0x7f)
			return true;
	return false;
}

static void out_label(struct ps_out *o, const uint8_t *b, unsigned n, bool first,
		      enum ps_dns_name_style style)
{
	if (style == PS_DNS_STYLE_TCPDUMP) {
		ps_dis_out_printn(o, b, n); /* tcpdump's nd_printn, then the dot */
		ps_out_char(o, '.');
		return;
	}
	if (!first)
		ps_out_char(o, '.');
	/* a label without control bytes (nearly all) in one write: names are
	 * written for every DNS frame a dns.qry.name filter tests, and a
	 * write per byte was half of that filter's own cost */
	if (!has_ctl(b, n)) {
		ps_out_mem(o, b, n);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		label_byte_json(o, b[i]);
}

/* Follow the pointer at pos: checks the target against the message and the
 * targets already followed (seen[0..*nptr)). */
static enum ps_dns_name_status follow(const uint8_t *frame, uint32_t msg, uint32_t end,
				      uint32_t *pos, uint32_t *seen, unsigned *nptr)
{
	uint32_t target = (uint32_t)(frame[*pos] & 0x3fu) << 8 | frame[*pos + 1];
	if (target >= end - msg)
		return PS_DNS_NAME_BAD_PTR;
	for (unsigned i = 0; i < *nptr; i++)
		if (seen[i] == target)
			return PS_DNS_NAME_LOOP;
	if (*nptr == PS_DNS_MAX_PTRS)
		return PS_DNS_NAME_DEPTH;
	seen[(*nptr)++] = target;
	*pos = msg + target;
	return PS_DNS_NAME_GOOD;
}

/* What a name walk does with each label (b[0, n); first: the name's first). */
struct label_visit {
	void (*fn)(struct label_visit *v, const uint8_t *b, unsigned n, bool first);
};

/* The walk itself, shared by ps_dns_name and ps_dns_name_find: inlined into
 * each with its visitor, so neither pays an indirect call per label.
 * *octets gets the name's wire octets (1: the root). */
static inline __attribute__((always_inline)) enum ps_dns_name_status
walk_name(const uint8_t *frame, uint32_t msg, uint32_t end, uint32_t off, uint32_t *next,
	  unsigned *octets_out, struct label_visit *v)
{
	uint32_t seen[PS_DNS_MAX_PTRS];
	unsigned nptr = 0, octets = 1; /* the root label's length byte */
	uint32_t pos = off, after = 0;
	bool jumped = false;

	for (;;) {
		if (pos >= end)
			return PS_DNS_NAME_SHORT;
		uint8_t len = frame[pos];
		if ((len & 0xc0u) == 0xc0u) {
			if (end - pos < 2)
				return PS_DNS_NAME_SHORT;
			if (!jumped)
				after = pos + 2;
			jumped = true;
			enum ps_dns_name_status st = follow(frame, msg, end, &pos, seen, &nptr);
			if (st != PS_DNS_NAME_GOOD)
				return st;
			continue;
		}
		if (len & 0xc0u)
			return PS_DNS_NAME_BAD_LABEL;
		if (len == 0)
			break;
		if (end - pos - 1 < len)
			return PS_DNS_NAME_SHORT;
		octets += 1u + len;
		if (octets > PS_DNS_MAX_NAME)
			return PS_DNS_NAME_LONG;
		if (v)
			v->fn(v, frame + pos + 1, len, octets == 2u + len);
		pos += 1u + len;
	}
	*next = jumped ? after : pos + 1;
	*octets_out = octets;
	return PS_DNS_NAME_GOOD;
}

struct out_visit {
	struct label_visit v;
	struct ps_out *o;
	enum ps_dns_name_style style;
};

static void visit_out(struct label_visit *v, const uint8_t *b, unsigned n, bool first)
{
	struct out_visit *ov = (struct out_visit *)v;
	out_label(ov->o, b, n, first, ov->style);
}

enum ps_dns_name_status ps_dns_name(const uint8_t *frame, uint32_t msg, uint32_t end, uint32_t off,
				    uint32_t *next, struct ps_out *o, enum ps_dns_name_style style)
{
	struct out_visit ov = {{visit_out}, o, style};
	unsigned octets = 0;
	enum ps_dns_name_status st = walk_name(frame, msg, end, off, next, &octets, o ? &ov.v : 0);
	if (st == PS_DNS_NAME_GOOD && o && octets == 1)
		ps_out_str(o, style == PS_DNS_STYLE_JSON ? "<Root>" : ".");
	return st;
}

struct find_visit {
	struct label_visit v;
	const uint8_t *s;
	uint32_t sn;
	bool found;
};

static void visit_find(struct label_visit *v, const uint8_t *b, unsigned n, bool first)
{
	(void)first;
	struct find_visit *fv = (struct find_visit *)v;
	if (fv->found || n < fv->sn)
		return;
	const uint8_t *s = fv->s;
	uint32_t sn = fv->sn;
	for (unsigned i = 0; i + sn <= n; i++) /* labels are short: no memmem set-up */
		if (b[i] == s[0] && !memcmp(b + i + 1, s + 1, sn - 1)) {
			fv->found = true;
			return;
		}
}

enum ps_dns_name_status ps_dns_name_find(const uint8_t *frame, uint32_t msg, uint32_t end,
					 uint32_t off, const uint8_t *s, uint32_t sn, bool *found,
					 bool *root)
{
	struct find_visit fv = {{visit_find}, s, sn, false};
	uint32_t next = 0;
	unsigned octets = 0;
	enum ps_dns_name_status st = walk_name(frame, msg, end, off, &next, &octets, sn ? &fv.v : 0);
	*found = fv.found || !sn;
	*root = octets == 1;
	return st;
}

uint16_t ps_dns_be16(const struct ps_packet *p, uint32_t off)
{
	return (uint16_t)(p->data[off] << 8 | p->data[off + 1]);
}

const struct ps_dns_q *ps_dns_qs(const struct ps_packet *p, const struct ps_dns *d)
{
	return d->nq ? ps_side_get(p, d->q_at) : 0;
}

const struct ps_dns_rr *ps_dns_rrs(const struct ps_packet *p, const struct ps_dns *d)
{
	return d->nrr ? ps_side_get(p, d->rr_at) : 0;
}

/* ---- decode ---- */

/* What decode needs while walking one message. */
struct dns_walk {
	struct ps_dctx *d;
	const uint8_t *frame;
	uint32_t msg, end;  /* the message start and the end of its readable bytes */
	bool cut;           /* the capture (not the message) ends at `end` */
	bool partial;       /* TCP: the segment ends before the message */
};

/* Running past `end`: the capture ended (dns.truncated), the TCP segment
 * did (already said by dns.tcp_partial), or the message is inconsistent. */
static void overrun(const struct dns_walk *w, enum ps_event_code malformed)
{
	if (w->partial)
		return;
	ps_dis_event(w->d, w->cut ? PS_EV_DNS_TRUNCATED : malformed);
}

/* A name that does not walk: its event.  `short_ev`: what running out of
 * bytes means at this place. */
static void name_event(const struct dns_walk *w, enum ps_dns_name_status st,
		       enum ps_event_code short_ev)
{
	switch (st) {
	case PS_DNS_NAME_GOOD:
		return;
	case PS_DNS_NAME_SHORT:
		overrun(w, short_ev);
		return;
	case PS_DNS_NAME_BAD_PTR:
		if (w->cut || w->partial) /* the target may be in the part not captured */
			overrun(w, short_ev);
		else
			ps_dis_event(w->d, PS_EV_DNS_NAME_BAD_LABEL);
		return;
	case PS_DNS_NAME_LOOP:
		ps_dis_event(w->d, PS_EV_DNS_NAME_LOOP);
		return;
	case PS_DNS_NAME_DEPTH:
		ps_dis_event(w->d, PS_EV_DNS_NAME_DEPTH_LIMIT);
		return;
	case PS_DNS_NAME_LONG:
		ps_dis_event(w->d, PS_EV_DNS_NAME_TOO_LONG);
		return;
	case PS_DNS_NAME_BAD_LABEL:
		ps_dis_event(w->d, PS_EV_DNS_NAME_BAD_LABEL);
		return;
	}
}

/* A name inside rdata [at, lim): well-formed and ending by lim.  *next gets
 * where it ends. */
static bool rdata_name(const struct dns_walk *w, uint32_t at, uint32_t lim, uint32_t *next)
{
	if (at >= lim) {
		ps_dis_event(w->d, PS_EV_DNS_RDATA_INVALID);
		return false;
	}
	enum ps_dns_name_status st = ps_dns_name(w->frame, w->msg, w->end, at, next, 0, 0);
	if (st != PS_DNS_NAME_GOOD) {
		name_event(w, st, PS_EV_DNS_RDATA_INVALID);
		return false;
	}
	if (*next > lim) {
		ps_dis_event(w->d, PS_EV_DNS_RDATA_INVALID);
		return false;
	}
	return true;
}

/* Does rdata [at, at + len) fit its type's layout? (Raises the event when not.) */
static bool rdata_valid(const struct dns_walk *w, uint16_t type, uint32_t at, uint32_t len)
{
	uint32_t lim = at + len, next = 0;
	bool ok = true;

	switch (type) {
	case PS_DNS_T_A:
		ok = len == 4;
		break;
	case PS_DNS_T_AAAA:
		ok = len == 16;
		break;
	case PS_DNS_T_NS:
	case PS_DNS_T_CNAME:
	case PS_DNS_T_PTR:
	case PS_DNS_T_DNAME:
		return rdata_name(w, at, lim, &next);
	case PS_DNS_T_MX: /* preference, exchange */
		return len >= 3 ? rdata_name(w, at + 2, lim, &next)
				: (ps_dis_event(w->d, PS_EV_DNS_RDATA_INVALID), false);
	case PS_DNS_T_SRV: /* priority, weight, port, target */
		return len >= 7 ? rdata_name(w, at + 6, lim, &next)
				: (ps_dis_event(w->d, PS_EV_DNS_RDATA_INVALID), false);
	case PS_DNS_T_SOA: /* mname, rname, five 32-bit numbers */
		if (!rdata_name(w, at, lim, &next) || !rdata_name(w, next, lim, &next))
			return false;
		ok = lim - next == 20;
		break;
	case PS_DNS_T_TXT: /* <character-string>s filling the rdata */
		for (uint32_t pos = at; ok && pos < lim; pos += 1u + w->frame[pos])
			ok = lim - pos - 1 >= w->frame[pos];
		break;
	default:
		break;
	}
	if (!ok)
		ps_dis_event(w->d, PS_EV_DNS_RDATA_INVALID);
	return ok;
}

static bool is_dns_port(unsigned port)
{
	return port == 53 || port == 5353 || port == 5355;
}

/* DNS, mDNS or LLMNR, by the UDP port the registry chose (the lower DNS
 * port).  Over TCP it is DNS on every port, as tshark 4.0 decodes TCP 5353
 * (its dns dissector: no mDNS class bits, the "dns" layer). */
static uint8_t dns_flavor(const struct ps_layer *t)
{
	unsigned a = 53, b = 53;
	if (t && t->proto == PS_P_UDP) {
		a = t->u.udp.sport;
		b = t->u.udp.dport;
	}
	unsigned lo = a < b ? a : b, hi = a < b ? b : a;
	unsigned port = is_dns_port(lo) ? lo : hi;
	return port == 5353 ? PS_DNS_MDNS : port == 5355 ? PS_DNS_LLMNR : PS_DNS_PLAIN;
}

static void decode_header(struct ps_cursor *c, struct ps_dns *n)
{
	n->id = ps_cur_peek_be16(c, 0);
	n->flags = ps_cur_peek_be16(c, 2);
	n->qdcount = ps_cur_peek_be16(c, 4);
	n->ancount = ps_cur_peek_be16(c, 6);
	n->nscount = ps_cur_peek_be16(c, 8);
	n->arcount = ps_cur_peek_be16(c, 10);
}

/* The questions; false when decoding must stop. */
static bool decode_questions(const struct dns_walk *w, struct ps_dns *n, uint32_t *pos)
{
	struct ps_dns_q *qs = 0;
	unsigned cap = n->qdcount < PS_DNS_MAX_Q ? n->qdcount : PS_DNS_MAX_Q;

	if (cap)
		qs = ps_dis_side_alloc(w->d, cap * sizeof *qs, &n->q_at);
	for (unsigned i = 0; i < n->qdcount; i++) {
		uint32_t next = 0;
		enum ps_dns_name_status st =
			ps_dns_name(w->frame, w->msg, w->end, *pos, &next, 0, 0);
		if (st != PS_DNS_NAME_GOOD) {
			name_event(w, st, PS_EV_DNS_COUNT_EXCEEDS_LEN);
			return false;
		}
		if (w->end - next < 4) {
			overrun(w, PS_EV_DNS_COUNT_EXCEEDS_LEN);
			return false;
		}
		if (!qs || i >= cap) {
			ps_dis_event(w->d, PS_EV_DNS_RECORD_LIMIT);
			return false;
		}
		struct ps_dns_q *q = &qs[n->nq++];
		q->name = *pos;
		q->type = (uint16_t)(w->frame[next] << 8 | w->frame[next + 1]);
		q->cls = (uint16_t)(w->frame[next + 2] << 8 | w->frame[next + 3]);
		q->ok = PS_DNS_NAME_OK;
		*pos = next + 4;
	}
	return true;
}

/* One resource record at *pos into rr; false when decoding must stop. */
static bool decode_rr(const struct dns_walk *w, struct ps_dns_rr *rr, uint32_t *pos, bool *keep)
{
	uint32_t next = 0;
	enum ps_dns_name_status st = ps_dns_name(w->frame, w->msg, w->end, *pos, &next, 0, 0);

	*keep = false;
	if (st != PS_DNS_NAME_GOOD) {
		name_event(w, st, PS_EV_DNS_COUNT_EXCEEDS_LEN);
		return false;
	}
	if (w->end - next < 10) {
		overrun(w, PS_EV_DNS_COUNT_EXCEEDS_LEN);
		return false;
	}
	const uint8_t *f = w->frame + next;
	rr->name = *pos;
	rr->type = (uint16_t)(f[0] << 8 | f[1]);
	rr->cls = (uint16_t)(f[2] << 8 | f[3]);
	rr->ttl = ps_dis_be32(f + 4);
	rr->rdlen = (uint16_t)(f[8] << 8 | f[9]);
	rr->rdata = next + 10;
	rr->ok = PS_DNS_NAME_OK;
	*keep = true;
	if (rr->rdlen > w->end - rr->rdata) {
		overrun(w, PS_EV_DNS_RDLEN_EXCEEDS_LEN);
		return false;
	}
	rr->ok |= PS_DNS_RDATA_IN;
	if (rdata_valid(w, rr->type, rr->rdata, rr->rdlen))
		rr->ok |= PS_DNS_RDATA_OK;
	*pos = rr->rdata + rr->rdlen;
	return true;
}

static void decode_records(const struct dns_walk *w, struct ps_dns *n, uint32_t *pos)
{
	unsigned total = (unsigned)n->ancount + n->nscount + n->arcount;
	/* no more records than the readable bytes can hold (11 bytes at least) */
	unsigned fit = (w->end - *pos) / 11u + 1u;
	unsigned cap = total < fit ? total : fit;
	struct ps_dns_rr *rrs = 0;

	if (cap > PS_DNS_MAX_RR)
		cap = PS_DNS_MAX_RR;
	if (cap)
		rrs = ps_dis_side_alloc(w->d, cap * sizeof *rrs, &n->rr_at);
	for (unsigned i = 0; i < total; i++) {
		if (!rrs || i >= cap) {
			ps_dis_event(w->d, PS_EV_DNS_RECORD_LIMIT);
			return;
		}
		struct ps_dns_rr *rr = &rrs[n->nrr];
		bool keep = false, more = decode_rr(w, rr, pos, &keep);
		rr->section = i < n->ancount ? PS_DNS_AN
			      : i < (unsigned)n->ancount + n->nscount ? PS_DNS_NS : PS_DNS_AR;
		if (keep)
			n->nrr++;
		if (!more)
			return;
	}
}

static void dns_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_dns *n = &l->u.dns;
	const struct ps_layer *carrier = d->cur > 0 ? &d->p->layers[d->cur - 1] : 0;
	uint32_t claim = d->claim_in == PS_CLAIM_UNKNOWN ? ps_cur_remaining(c) : d->claim_in;
	uint32_t start = c->pos, mclaim = claim;
	struct dns_walk w = {.d = d, .frame = c->frame};

	n->tcp = carrier && carrier->proto == PS_P_TCP;
	n->flavor = dns_flavor(carrier);
	n->q_at = n->rr_at = PS_SIDE_NONE;
	n->seg_len = claim;
	if (n->tcp) {
		if (ps_cur_remaining(c) < 2) { /* the probe saw the prefix: not reached */
			ps_dis_short_header(d, c, l, 2, PS_EV_DNS_TRUNCATED, PS_EV_DNS_TRUNCATED);
			return;
		}
		n->prefix = ps_cur_peek_be16(c, 0);
		ps_cur_skip(c, 2);
		n->seg_len = claim > 2 ? claim - 2 : 0;
		mclaim = n->prefix;
		if (n->prefix > n->seg_len) {
			ps_dis_event(d, PS_EV_DNS_TCP_PARTIAL);
			w.partial = ps_cur_remaining(c) >= n->seg_len; /* else the capture cut it too */
		}
		ps_cur_clip(c, n->prefix); /* a second message in the segment is payload */
	}
	w.msg = n->msg = c->pos;
	w.end = n->end = c->end;
	w.cut = !w.partial && ps_cur_remaining(c) < mclaim;
	decode_header(c, n);
	uint32_t hdr = ps_cur_remaining(c) < PS_DNS_HDR_LEN ? ps_cur_remaining(c) : PS_DNS_HDR_LEN;
	l->hdr_len = c->pos - start + hdr;
	if (hdr < PS_DNS_HDR_LEN) {
		/* the probe admits only messages of 12 bytes or more: the
		 * capture (or the TCP segment) ended inside the header */
		if (!w.partial)
			ps_dis_event(d, PS_EV_DNS_TRUNCATED);
		ps_cur_skip(c, hdr);
		return;
	}
	uint32_t pos = w.msg + PS_DNS_HDR_LEN;
	if (decode_questions(&w, n, &pos))
		decode_records(&w, n, &pos);
	l->hdr_len = pos - start;
	ps_cur_skip(c, pos - c->pos);
}

void ps_dns_decode_stream(struct ps_packet *p, unsigned li, uint32_t off, uint32_t n)
{
	struct ps_layer *l = &p->layers[li];
	struct ps_dctx d = {.p = p, .parent = l->parent, .nest = l->nest, .cur = (int8_t)li,
			    .claim_in = n};
	struct ps_cursor c;
	ps_cur_init(&c, p->data, off + n);
	c.pos = off;
	memset(&l->u.dns, 0, sizeof l->u.dns);
	l->truncated = false;
	l->off = off;
	l->hdr_len = 0;
	dns_decode(&d, &c, l);
}

static bool dns_has_object(const struct ps_packet *p, unsigned li)
{
	return !p->layers[li].u.dns.hidden;
}

/* ---- probe ---- */

/* Could these bytes be a DNS message?  The message must be 12 bytes or
 * more, the opcode one that is assigned (0-2, 4-6), and the counts must fit
 * the message (a question takes 5 bytes at least, a record 11), which
 * rejects most other payloads on these ports.  A header the capture cut
 * short is judged on what is there (dns.truncated follows).  A TCP segment
 * must start with a length prefix of at least 12 (a continuation segment
 * fails here and stays payload until reassembly). */
static bool dns_probe(const struct ps_dctx *d, const struct ps_cursor *c)
{
	struct ps_cursor w = *c;
	bool tcp = d->cur >= 0 && d->p->layers[d->cur].proto == PS_P_TCP;
	uint32_t len = d->claim_out == PS_CLAIM_UNKNOWN ? ps_cur_remaining(c) : d->claim_out;
	uint32_t base = 0;

	if (tcp) {
		if (ps_cur_remaining(&w) < 2)
			return false;
		len = ps_cur_peek_be16(&w, 0);
		base = 2;
	}
	uint32_t avail = ps_cur_remaining(&w) - base;
	if (len < PS_DNS_HDR_LEN)
		return false;
	if (avail >= 4) {
		unsigned opcode = PS_DNS_OPCODE(ps_cur_peek_be16(&w, base + 2));
		if (opcode == 3 || opcode > 6)
			return false;
	}
	if (avail < PS_DNS_HDR_LEN)
		return avail < len; /* cut by the capture: too little to judge */
	uint64_t need = PS_DNS_HDR_LEN + 5u * (uint64_t)ps_cur_peek_be16(&w, base + 4);
	for (uint32_t at = base + 6; at < base + 12; at += 2)
		need += 11u * (uint64_t)ps_cur_peek_be16(&w, at);
	return need <= len;
}

const struct ps_dissector ps_dis_dns = {
	.name = "dns",
	.label = "DNS",
	.ev_truncated = PS_EV_DNS_TRUNCATED,
	.proto = PS_P_DNS,
	.decode = dns_decode,
	.probe = dns_probe,
	.summary = ps_dns_summary,
	.fields = ps_dns_fields,
	.has_object = dns_has_object,
};
