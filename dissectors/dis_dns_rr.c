/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns_rr.c - DNS output: JSON fields (SCHEMA.md `dns`) and tcpdump's text.
 *
 * Both read the records decode left in the side area and walk each name
 * again from the frame (ps_dns_name); decode already proved the recorded
 * names and rdata well-formed (the `ok` bits), so nothing here can run past
 * the message.  The text follows tcpdump 4.99's print-domain.c at -v levels
 * 0-3 (read, not copied): "12345+ A? example.com. (29)" for a query,
 * "12345 2/0/1 CNAME a.example.net., A 192.0.2.7 (77)" for a response.
 */
#include "dis_common.h"
#include "ps_out.h"

void ps_dns_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e);
void ps_dns_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		    struct ps_out *o);

#define T_A 1
#define T_NS 2
#define T_CNAME 5
#define T_SOA 6
#define T_PTR 12
#define T_MX 15
#define T_TXT 16
#define T_AAAA 28
#define T_SRV 33
#define T_DNAME 39
#define T_OPT 41
#define MDNS_CLASS_BIT 0x8000u /* QU in questions, cache-flush in records */

/* ---- JSON ---- */

/* Enough for 255 octets at 4 output bytes each, or "<Root>". */
#define NAME_BUF 1100

static void emit_name(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
		      const char *key, uint32_t off)
{
	char buf[NAME_BUF];
	struct ps_out o;
	uint32_t next = off;

	ps_out_open_mem(&o, buf, sizeof buf);
	if (ps_dns_name(p->data, n->msg, n->end, off, &next, &o, PS_DNS_STYLE_JSON))
		return; /* tshark drops its error placeholders: no key */
	ps_emit_span(e, off, next - off);
	e->ops->strn(e, key, buf, o.len);
}

static void emit_u(struct ps_emit *e, const char *key, uint32_t off, uint32_t len, uint64_t v)
{
	ps_emit_span(e, off, len);
	PS_EMIT_U64(e, key, v);
}

static uint16_t be16_at(const struct ps_packet *p, uint32_t off)
{
	return (uint16_t)(p->data[off] << 8 | p->data[off + 1]);
}

static void emit_txt(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns_rr *rr)
{
	uint32_t pos = rr->rdata, lim = rr->rdata + rr->rdlen;
	e->ops->begin_arr(e, "txt");
	while (pos < lim) {
		uint8_t len = p->data[pos];
		ps_emit_span(e, pos, 1u + len);
		e->ops->strn(e, 0, (const char *)p->data + pos + 1, len);
		pos += 1u + len;
	}
	e->ops->end_arr(e);
}

static void emit_soa(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
		     const struct ps_dns_rr *rr)
{
	static const char *const nums[] = {"serial", "refresh", "retry", "expire", "minimum"};
	uint32_t at = rr->rdata;
	e->ops->begin_obj(e, "soa");
	emit_name(e, p, n, "mname", at);
	ps_dns_name(p->data, n->msg, n->end, at, &at, 0, 0);
	emit_name(e, p, n, "rname", at);
	ps_dns_name(p->data, n->msg, n->end, at, &at, 0, 0);
	for (unsigned i = 0; i < 5; i++, at += 4)
		emit_u(e, nums[i], at, 4, ps_dis_be32(p->data + at));
	e->ops->end_obj(e);
}

static void emit_rdata(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
		       const struct ps_dns_rr *rr)
{
	uint32_t at = rr->rdata;
	switch (rr->type) {
	case T_A:
		ps_emit_span(e, at, 4);
		e->ops->ipv4(e, "a", p->data + at);
		break;
	case T_AAAA:
		ps_emit_span(e, at, 16);
		e->ops->ipv6(e, "aaaa", p->data + at);
		break;
	case T_CNAME:
		emit_name(e, p, n, "cname", at);
		break;
	case T_NS:
		emit_name(e, p, n, "ns", at);
		break;
	case T_PTR:
		emit_name(e, p, n, "ptr", at);
		break;
	case T_MX:
		e->ops->begin_obj(e, "mx");
		emit_u(e, "pref", at, 2, be16_at(p, at));
		emit_name(e, p, n, "exchange", at + 2);
		e->ops->end_obj(e);
		break;
	case T_TXT:
		emit_txt(e, p, rr);
		break;
	case T_SOA:
		emit_soa(e, p, n, rr);
		break;
	case T_SRV:
		e->ops->begin_obj(e, "srv");
		emit_u(e, "priority", at, 2, be16_at(p, at));
		emit_u(e, "weight", at + 2, 2, be16_at(p, at + 2));
		emit_u(e, "port", at + 4, 2, be16_at(p, at + 4));
		emit_name(e, p, n, "target", at + 6);
		e->ops->end_obj(e);
		break;
	default:
		break;
	}
}

/* OPT (RFC 6891 6.1.3): CLASS is the UDP payload size, TTL the extended
 * RCODE, version and flags. */
static void emit_opt(struct ps_emit *e, const struct ps_dns_rr *rr)
{
	uint32_t fixed = rr->rdata - 10;
	e->ops->begin_obj(e, "opt");
	emit_u(e, "udp_size", fixed + 2, 2, rr->cls);
	emit_u(e, "ext_rcode", fixed + 4, 1, rr->ttl >> 24);
	emit_u(e, "version", fixed + 5, 1, (rr->ttl >> 16) & 0xffu);
	ps_emit_span(e, fixed + 6, 2);
	PS_EMIT_BOOL(e, "do", (rr->ttl & 0x8000u) != 0);
	e->ops->end_obj(e);
}

static void emit_rr(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
		    const struct ps_dns_rr *rr)
{
	uint32_t fixed = rr->rdata - 10;
	unsigned cls = n->flavor == PS_DNS_MDNS ? rr->cls & ~MDNS_CLASS_BIT : rr->cls;

	e->ops->begin_obj(e, 0);
	emit_name(e, p, n, "name", rr->name);
	emit_u(e, "type", fixed, 2, rr->type);
	if (rr->type != T_OPT) {
		emit_u(e, "class", fixed + 2, 2, cls);
		emit_u(e, "ttl", fixed + 4, 4, rr->ttl);
	}
	emit_u(e, "rdlen", fixed + 8, 2, rr->rdlen);
	if (rr->type == T_OPT)
		emit_opt(e, rr);
	else if (rr->ok & PS_DNS_RDATA_OK)
		emit_rdata(e, p, n, rr);
	e->ops->end_obj(e);
}

static void emit_section(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
			 unsigned sect, const char *key)
{
	const struct ps_dns_rr *rrs = ps_dns_rrs(p, n);
	bool open = false;
	for (unsigned i = 0; i < n->nrr; i++) {
		if (rrs[i].section != sect)
			continue;
		if (!open)
			e->ops->begin_arr(e, key);
		open = true;
		emit_rr(e, p, n, &rrs[i]);
	}
	if (open)
		e->ops->end_arr(e);
}

static void emit_flags(struct ps_emit *e, const struct ps_layer *l, uint32_t at, uint16_t f)
{
	static const struct {
		const char *key;
		uint16_t bit;
	} bits[] = {{"qr", PS_DNS_QR}, {"aa", PS_DNS_AA}, {"tc", PS_DNS_TC}, {"rd", PS_DNS_RD},
		    {"ra", PS_DNS_RA}, {"ad", PS_DNS_AD}, {"cd", PS_DNS_CD}};
	if (l->hdr_len < at + 2)
		return;
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++) {
		ps_emit_span(e, l->off + at, 2);
		PS_EMIT_BOOL(e, bits[i].key, (f & bits[i].bit) != 0);
		if (i == 0)
			ps_dis_emit_u64(e, l, "opcode", at, 2, PS_DNS_OPCODE(f));
	}
	ps_dis_emit_u64(e, l, "rcode", at, 2, PS_DNS_RCODE(f));
}

void ps_dns_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dns *n = &l->u.dns;
	uint32_t b = n->tcp ? 2 : 0;

	ps_dis_emit_u64(e, l, "id", b, 2, n->id);
	emit_flags(e, l, b + 2, n->flags);
	ps_dis_emit_u64(e, l, "qdcount", b + 4, 2, n->qdcount);
	ps_dis_emit_u64(e, l, "ancount", b + 6, 2, n->ancount);
	ps_dis_emit_u64(e, l, "nscount", b + 8, 2, n->nscount);
	ps_dis_emit_u64(e, l, "arcount", b + 10, 2, n->arcount);
	const struct ps_dns_q *qs = ps_dns_qs(p, n);
	if (n->nq)
		e->ops->begin_arr(e, "queries");
	for (unsigned i = 0; i < n->nq; i++) {
		uint32_t fixed = qs[i].name;
		ps_dns_name(p->data, n->msg, n->end, qs[i].name, &fixed, 0, 0);
		e->ops->begin_obj(e, 0);
		emit_name(e, p, n, "name", qs[i].name);
		emit_u(e, "type", fixed, 2, qs[i].type);
		emit_u(e, "class", fixed + 2, 2,
		       n->flavor == PS_DNS_MDNS ? qs[i].cls & ~MDNS_CLASS_BIT : qs[i].cls);
		e->ops->end_obj(e);
	}
	if (n->nq)
		e->ops->end_arr(e);
	emit_section(e, p, n, PS_DNS_AN, "answers");
	emit_section(e, p, n, PS_DNS_NS, "authorities");
	emit_section(e, p, n, PS_DNS_AR, "additionals");
}

/* ---- text ---- */

static const struct ps_tok types[] = {
	{1, "A"},	{2, "NS"},	  {3, "MD"},	  {4, "MF"},	    {5, "CNAME"},
	{6, "SOA"},	{7, "MB"},	  {8, "MG"},	  {9, "MR"},	    {10, "NULL"},
	{11, "WKS"},	{12, "PTR"},	  {13, "HINFO"},  {14, "MINFO"},    {15, "MX"},
	{16, "TXT"},	{17, "RP"},	  {18, "AFSDB"},  {19, "X25"},	    {20, "ISDN"},
	{21, "RT"},	{22, "NSAP"},	  {23, "NSAP_PTR"}, {24, "SIG"},    {25, "KEY"},
	{26, "PX"},	{27, "GPOS"},	  {28, "AAAA"},	  {29, "LOC"},	    {30, "NXT"},
	{31, "EID"},	{32, "NIMLOC"},	  {33, "SRV"},	  {34, "ATMA"},	    {35, "NAPTR"},
	{36, "KX"},	{37, "CERT"},	  {38, "A6"},	  {39, "DNAME"},    {40, "SINK"},
	{41, "OPT"},	{42, "APL"},	  {43, "DS"},	  {44, "SSHFP"},    {45, "IPSECKEY"},
	{46, "RRSIG"},	{47, "NSEC"},	  {48, "DNSKEY"}, {99, "SPF"},	    {100, "UINFO"},
	{101, "UID"},	{102, "GID"},	  {103, "UNSPEC"}, {104, "UNSPECA"}, {249, "TKEY"},
	{250, "TSIG"},	{251, "IXFR"},	  {252, "AXFR"},  {253, "MAILB"},   {254, "MAILA"},
	{255, "ANY"},	{256, "URI"},
};

static const struct ps_tok classes[] = {{1, "IN"}, {3, "CHAOS"}, {4, "HS"}, {255, "ANY"}};

static const char *const opcodes[16] = {
	"",	    " inv_q",	" stat",     " op3",	   " notify",	" update",
	" op6",	    " op7",	" op8",	     " updateA",   " updateD",	" updateDA",
	" updateM", " updateMA", " zoneInit", " zoneRef",
};

/* tcpdump's table, including its two entries without a leading space */
static const char *const rcodes[] = {
	"",	     " FormErr", " ServFail", " NXDomain", " NotImp",  " Refused",
	" YXDomain", " YXRRSet", " NXRRSet",  " NotAuth",  " NotZone", " Resp11",
	" Resp12",   " Resp13",	 " Resp14",   " NoChange", " BadVers", "Resp17",
	" Resp18",   " Resp19",	 " Resp20",   "Resp21",	   " Resp22",  " BadCookie",
};

static void out_type(struct ps_out *o, unsigned type)
{
	const char *s = PS_TOK_NAME(types, type);
	ps_out_char(o, ' ');
	if (s)
		ps_out_str(o, s);
	else
		ps_dis_out_num(o, "Type", type);
}

static void out_class(struct ps_out *o, unsigned cls)
{
	const char *s = PS_TOK_NAME(classes, cls);
	ps_out_char(o, ' ');
	if (s)
		ps_out_str(o, s);
	else
		ps_out_fmt(o, "(Class %u)", cls);
}

static void out_name(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		     uint32_t off, uint32_t *next)
{
	uint32_t dummy;
	ps_dns_name(p->data, n->msg, n->end, off, next ? next : &dummy, o, PS_DNS_STYLE_TCPDUMP);
}

/* " A? example.com." (tcpdump's ns_qprint) */
static void out_question(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
			 const struct ps_dns_q *q)
{
	bool mdns = n->flavor == PS_DNS_MDNS;
	unsigned cls = mdns ? q->cls & ~MDNS_CLASS_BIT : q->cls;
	out_type(o, q->type);
	if (cls != 1)
		out_class(o, cls);
	if (mdns)
		ps_out_str(o, q->cls & MDNS_CLASS_BIT ? " (QU)" : " (QM)");
	PS_OUT_LIT(o, "? ");
	out_name(o, p, n, q->name, 0);
}

/* tcpdump's unsigned_relts_print: 1d2h3m4s */
static void out_relts(struct ps_out *o, uint32_t secs)
{
	static const char units[] = "ywdhms";
	static const uint32_t sizes[] = {31536000, 604800, 86400, 3600, 60, 1};
	if (secs == 0)
		PS_OUT_LIT(o, "0s");
	for (unsigned i = 0; secs && i < 6; i++) {
		if (secs < sizes[i])
			continue;
		ps_out_u64(o, secs / sizes[i]);
		ps_out_char(o, units[i]);
		secs %= sizes[i];
	}
}

static void out_txt(struct ps_out *o, const struct ps_packet *p, const struct ps_dns_rr *rr)
{
	uint32_t pos = rr->rdata, lim = rr->rdata + rr->rdlen;
	while (pos < lim) {
		uint8_t len = p->data[pos];
		PS_OUT_LIT(o, " \"");
		for (unsigned i = 0; i < len; i++) {
			uint8_t ch = p->data[pos + 1 + i];
			if (ch >= 0x80) {
				PS_OUT_LIT(o, "M-");
				ch &= 0x7f;
			}
			if (ch < 0x20 || ch == 0x7f) {
				ps_out_char(o, '^');
				ch ^= 0x40;
			}
			ps_out_char(o, (char)ch);
		}
		ps_out_char(o, '"');
		pos += 1u + len;
	}
}

static void out_opt(struct ps_out *o, const struct ps_dns_rr *rr, unsigned cls)
{
	ps_dis_out_num(o, " UDPsize=", cls);
	if (rr->ttl & 0x8000u)
		PS_OUT_LIT(o, " DO");
}

static void out_rdata(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		      const struct ps_dns_rr *rr, int verbose)
{
	uint32_t at = rr->rdata, next = at;
	switch (rr->type) {
	case T_A:
		ps_out_char(o, ' ');
		ps_out_ipv4(o, p->data + at);
		break;
	case T_AAAA:
		ps_out_char(o, ' ');
		ps_out_ipv6(o, p->data + at);
		break;
	case T_NS:
	case T_CNAME:
	case T_PTR:
	case T_DNAME:
		ps_out_char(o, ' ');
		out_name(o, p, n, at, 0);
		break;
	case T_SOA:
		if (!verbose)
			break;
		ps_out_char(o, ' ');
		out_name(o, p, n, at, &next);
		ps_out_char(o, ' ');
		out_name(o, p, n, next, &next);
		for (unsigned i = 0; i < 5; i++)
			ps_dis_out_num(o, " ", ps_dis_be32(p->data + next + 4 * i));
		break;
	case T_MX:
		ps_out_char(o, ' ');
		out_name(o, p, n, at + 2, 0);
		ps_dis_out_num(o, " ", be16_at(p, at));
		break;
	case T_TXT:
		out_txt(o, p, rr);
		break;
	case T_SRV:
		ps_out_char(o, ' ');
		out_name(o, p, n, at + 6, 0);
		ps_dis_out_num(o, ":", be16_at(p, at + 4));
		ps_dis_out_num(o, " ", be16_at(p, at));
		ps_dis_out_num(o, " ", be16_at(p, at + 2));
		break;
	default:
		break;
	}
}

/* One record as tcpdump's ns_rprint. */
static void out_rr(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		   const struct ps_dns_rr *rr, int verbose)
{
	bool mdns = n->flavor == PS_DNS_MDNS;
	unsigned cls = mdns ? rr->cls & ~MDNS_CLASS_BIT : rr->cls;
	if (verbose) {
		ps_out_char(o, ' ');
		out_name(o, p, n, rr->name, 0);
	}
	if (cls != 1 && rr->type != T_OPT)
		out_class(o, cls);
	if (mdns && (rr->cls & MDNS_CLASS_BIT))
		PS_OUT_LIT(o, " (Cache flush)");
	if (rr->type != T_OPT && verbose > 2) {
		PS_OUT_LIT(o, " [");
		out_relts(o, rr->ttl);
		ps_out_char(o, ']');
	}
	out_type(o, rr->type);
	if (rr->type == T_OPT)
		out_opt(o, rr, cls);
	else if (rr->ok & PS_DNS_RDATA_OK)
		out_rdata(o, p, n, rr, verbose);
}

/* The records of one section, comma-separated, after `label`; false when
 * the section holds fewer records than its count (tcpdump stops there). */
static bool out_section(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
			unsigned sect, unsigned count, const char *label, int verbose)
{
	const struct ps_dns_rr *rrs = ps_dns_rrs(p, n);
	unsigned done = 0;
	for (unsigned i = 0; i < n->nrr; i++) {
		if (rrs[i].section != sect)
			continue;
		ps_out_str(o, done ? "," : label);
		out_rr(o, p, n, &rrs[i], verbose);
		if (!(rrs[i].ok & PS_DNS_RDATA_IN))
			return false; /* tcpdump names the type, then stops */
		done++;
	}
	return done == count;
}

static bool out_response(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
			 int verbose)
{
	const struct ps_dns_q *qs = ps_dns_qs(p, n);
	const struct ps_dns_rr *rrs = ps_dns_rrs(p, n);
	unsigned rcode = PS_DNS_RCODE(n->flags);
	for (unsigned i = 0; i < n->nrr; i++)
		if (rrs[i].section == PS_DNS_AR && rrs[i].type == T_OPT) {
			rcode |= (rrs[i].ttl >> 24) << 4; /* RFC 6891: the upper 8 bits */
			break;
		}
	ps_out_u64(o, n->id);
	ps_out_str(o, opcodes[PS_DNS_OPCODE(n->flags)]);
	if (rcode < sizeof rcodes / sizeof rcodes[0])
		ps_out_str(o, rcodes[rcode]);
	else
		ps_dis_out_num(o, " Resp", rcode & 0xfffu);
	if (n->flags & PS_DNS_AA)
		ps_out_char(o, '*');
	if (!(n->flags & PS_DNS_RA))
		ps_out_char(o, '-');
	if (n->flags & PS_DNS_TC)
		ps_out_char(o, '|');
	if (n->flags & PS_DNS_AD)
		ps_out_char(o, '$');
	if (n->qdcount != 1)
		ps_out_fmt(o, " [%uq]", (unsigned)n->qdcount);
	for (unsigned i = 0; verbose > 1 && i < n->nq; i++) {
		ps_out_str(o, i ? ", q:" : " q:");
		out_question(o, p, n, &qs[i]);
	}
	if (n->nq != n->qdcount)
		return false;
	ps_out_fmt(o, " %u/%u/%u", (unsigned)n->ancount, (unsigned)n->nscount,
		   (unsigned)n->arcount);
	if (!out_section(o, p, n, PS_DNS_AN, n->ancount, "", verbose))
		return false;
	if (verbose < 2)
		return true;
	return out_section(o, p, n, PS_DNS_NS, n->nscount, " ns:", verbose) &&
	       out_section(o, p, n, PS_DNS_AR, n->arcount, " ar:", verbose);
}

static bool out_query(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		      int verbose)
{
	const struct ps_dns_q *qs = ps_dns_qs(p, n);
	unsigned op = PS_DNS_OPCODE(n->flags);
	ps_out_u64(o, n->id);
	ps_out_str(o, opcodes[op]);
	if (n->flags & PS_DNS_RD)
		ps_out_char(o, '+');
	if (n->flags & PS_DNS_CD)
		ps_out_char(o, '%');
	if (n->flags & 0x6cfu) /* bits a query should not set */
		ps_out_fmt(o, " [b2&3=0x%x]", (unsigned)n->flags);
	if (op == 1) { /* IQUERY */
		if (n->qdcount)
			ps_out_fmt(o, " [%uq]", (unsigned)n->qdcount);
		if (n->ancount != 1)
			ps_out_fmt(o, " [%ua]", (unsigned)n->ancount);
	} else {
		if (n->ancount)
			ps_out_fmt(o, " [%ua]", (unsigned)n->ancount);
		if (n->qdcount != 1)
			ps_out_fmt(o, " [%uq]", (unsigned)n->qdcount);
	}
	if (n->nscount)
		ps_out_fmt(o, " [%un]", (unsigned)n->nscount);
	if (n->arcount)
		ps_out_fmt(o, " [%uau]", (unsigned)n->arcount);
	for (unsigned i = 0; i < n->nq; i++)
		out_question(o, p, n, &qs[i]);
	if (n->nq != n->qdcount)
		return false;
	if (verbose < 2)
		return true;
	return out_section(o, p, n, PS_DNS_AN, n->ancount, "", verbose) &&
	       out_section(o, p, n, PS_DNS_NS, n->nscount, " ns:", verbose) &&
	       out_section(o, p, n, PS_DNS_AR, n->arcount, " ar:", verbose);
}

void ps_dns_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		    struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dns *n = &l->u.dns;
	uint32_t b = n->tcp ? 2 : 0;

	if (n->flavor == PS_DNS_LLMNR && !n->tcp) {
		/* tcpdump has no LLMNR printer: its UDP line */
		ps_dis_out_num(o, "UDP, length ", n->seg_len);
		return;
	}
	if (n->tcp) {
		/* follows the TCP summary's ", length N" */
		if (n->prefix != n->seg_len) {
			ps_out_fmt(o, " [prefix length(%u) != length(%u)] (invalid)",
				   (unsigned)n->prefix, (unsigned)n->seg_len);
			return;
		}
		ps_out_char(o, ' ');
	}
	if (l->hdr_len < b + PS_DNS_HDR_LEN)
		return; /* the renderer adds " [|dns]" */
	bool whole = n->flags & PS_DNS_QR ? out_response(o, p, n, t->verbose)
					  : out_query(o, p, n, t->verbose);
	if (whole)
		ps_dis_out_num(o, " (", n->seg_len), ps_out_char(o, ')');
	else if (!ps_dis_has_event(p, li, PS_EV_DNS_TRUNCATED))
		PS_OUT_LIT(o, " [|domain]"); /* tcpdump's marker when records are missing */
}
