/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns_text.c - DNS as tcpdump -nn prints it (print-domain.c of 4.99).
 *
 * "12345+ A? example.com. (29)" for a query, "12345 2/0/1 CNAME
 * a.example.net., A 192.0.2.7 (77)" for a response; -v adds owner names and
 * SOA, -vv questions of responses and the authority/additional sections,
 * -vvv TTLs.  tcpdump's format was read, not its code copied.  Like the
 * fields, this reads decode's records and re-walks names from the frame.
 * Where tcpdump would stop ("[|domain]") because a record is missing, so do
 * we.  Known differences: tests/e2e/dns_text.sh.
 */
#include "dis_common.h"
#include "dis_tcp.h"
#include "ps_out.h"

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
	/* types 1..48 are the table's first rows, in order: A and AAAA (every
	 * query) without the search */
	const char *s = type >= 1 && type <= 48 && types[type - 1].v == type ? types[type - 1].name
									      : PS_TOK_NAME(types, type);
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
	unsigned cls = mdns ? q->cls & ~PS_DNS_MDNS_CLASS_BIT : q->cls;
	out_type(o, q->type);
	if (cls != 1)
		out_class(o, cls);
	if (mdns)
		ps_out_str(o, q->cls & PS_DNS_MDNS_CLASS_BIT ? " (QU)" : " (QM)");
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
		ps_dis_out_printn(o, p->data + pos + 1, len);
		ps_out_char(o, '"');
		pos += 1u + len;
	}
}

/* ---- EDNS options (RFC 6891 6.1.2), printed in -vv's additional section ---- */

static const struct ps_tok edns_opts[] = {
	{1, "LLQ"},	 {2, "UL"},	    {3, "NSID"},     {5, "DAU"},	{6, "DHU"},
	{7, "N3U"},	 {8, "ECS"},	    {9, "EXPIRE"},   {10, "COOKIE"},	{11, "KEEPALIVE"},
	{12, "PADDING"}, {13, "CHAIN"},	    {14, "KEY-TAG"}, {16, "CLIENT-TAG"}, {17, "SERVER-TAG"},
};
static const struct ps_tok dau_algs[] = {
	{0, "DELETE"},	       {1, "RSAMD5"},	      {2, "DH"},	      {3, "DS"},
	{5, "RSASHA1"},	       {6, "DSA-NSEC3-SHA1"}, {7, "RSASHA1-NSEC3-SHA1"}, {8, "RSASHA256"},
	{10, "RSASHA512"},     {12, "ECC-GOST"},      {13, "ECDSAP256SHA256"}, {14, "ECDSAP384SHA384"},
	{15, "ED25519"},       {16, "ED448"},	      {252, "INDIRECT"},      {253, "PRIVATEDNS"},
	{254, "PRIVATEOID"},
};
static const struct ps_tok dhu_algs[] = {
	{1, "SHA-1"}, {2, "SHA-256"}, {3, "GOST_R_34.11-94"}, {4, "SHA-384"}};
static const struct ps_tok n3u_algs[] = {{1, "SHA-1"}};

#define INVALID " (invalid)"

static void out_hex(struct ps_out *o, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		ps_out_hex(o, b[i], 2);
}

/* EDNS Client Subnet (RFC 7871): "192.0.2.0/24/0" */
static void out_ecs(struct ps_out *o, const uint8_t *b, unsigned len)
{
	unsigned family = len >= 4 ? (unsigned)(b[0] << 8 | b[1]) : 0;
	unsigned bits = family == 1 ? 32 : family == 2 ? 128 : 0;
	uint8_t addr[16] = {0};
	if (!bits || len - 4 > bits / 8 || b[2] > bits || b[3] > bits ||
	    (b[2] + 7u) / 8 != len - 4) {
		PS_OUT_LIT(o, INVALID);
		return;
	}
	memcpy(addr, b + 4, len - 4);
	if (family == 1)
		ps_out_ipv4(o, addr);
	else
		ps_out_ipv6(o, addr);
	ps_out_fmt(o, "/%u/%u", b[2], b[3]);
}

static void out_algs(struct ps_out *o, const uint8_t *b, unsigned len, const struct ps_tok *t,
		     size_t n)
{
	for (unsigned i = 0; i < len; i++) {
		const char *s = ps_tok_name(t, n, b[i]);
		if (i)
			ps_out_char(o, ' ');
		if (s)
			ps_out_str(o, s);
		else
			ps_dis_out_num(o, "Alg_", b[i]);
	}
}

static void out_eopt_data(struct ps_out *o, unsigned code, const uint8_t *b, unsigned len)
{
	switch (code) {
	case 8:
		out_ecs(o, b, len);
		break;
	case 10: /* COOKIE: client cookie, then the server's */
		if (len < 8 || (len > 8 && len < 16) || len > 40) {
			PS_OUT_LIT(o, INVALID);
			break;
		}
		out_hex(o, b, 8);
		if (len > 8)
			ps_out_char(o, ' '), out_hex(o, b + 8, len - 8);
		break;
	case 11: /* KEEPALIVE, in units of 100 ms */
		if (len != 2)
			PS_OUT_LIT(o, INVALID);
		else
			ps_out_fmt(o, "%0.1f sec", (b[0] << 8 | b[1]) / 10.0);
		break;
	case 9: /* EXPIRE */
		if (len != 4)
			PS_OUT_LIT(o, INVALID);
		else
			ps_dis_out_num(o, "", ps_dis_be32(b)), PS_OUT_LIT(o, " sec");
		break;
	case 12: /* PADDING: only its length */
		ps_out_fmt(o, "(%u)", len);
		break;
	case 14: /* KEY-TAG */
		if (len % 2) {
			PS_OUT_LIT(o, INVALID);
			break;
		}
		for (unsigned i = 0; i < len; i += 2)
			ps_dis_out_num(o, i ? " " : "", (unsigned)(b[i] << 8 | b[i + 1]));
		break;
	case 5:
		out_algs(o, b, len, dau_algs, sizeof dau_algs / sizeof dau_algs[0]);
		break;
	case 6:
		out_algs(o, b, len, dhu_algs, sizeof dhu_algs / sizeof dhu_algs[0]);
		break;
	case 7:
		out_algs(o, b, len, n3u_algs, sizeof n3u_algs / sizeof n3u_algs[0]);
		break;
	default: /* NSID and the rest: hex */
		out_hex(o, b, len);
		break;
	}
}

/* " UDPsize=1232 DO [COOKIE 0011223344556677,PADDING (12)]" */
static void out_opt(struct ps_out *o, const struct ps_packet *p, const struct ps_dns_rr *rr,
		    unsigned cls)
{
	uint32_t pos = rr->rdata, lim = rr->rdata + rr->rdlen;
	ps_dis_out_num(o, " UDPsize=", cls);
	if (rr->ttl & 0x8000u)
		PS_OUT_LIT(o, " DO");
	if (!(rr->ok & PS_DNS_RDATA_IN) || pos >= lim)
		return;
	PS_OUT_LIT(o, " [");
	while (lim - pos >= 4) {
		unsigned code = ps_dns_be16(p, pos), len = ps_dns_be16(p, pos + 2);
		const char *name = PS_TOK_NAME(edns_opts, code);
		if (name)
			ps_out_str(o, name);
		else
			ps_dis_out_num(o, "Opt", code);
		pos += 4;
		if (len > lim - pos)
			return; /* tcpdump stops here */
		if (len) {
			ps_out_char(o, ' ');
			out_eopt_data(o, code, p->data + pos, len);
		}
		pos += len;
		if (pos < lim)
			ps_out_char(o, ',');
	}
	ps_out_char(o, ']');
}

/* " hmac-sha256. fudge=300 maclen=32 origid=7788 error=0 otherlen=0" */
static void out_tsig(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		     const struct ps_dns_rr *rr)
{
	static const char *const labels[] = {" fudge=", " maclen=", " origid=", " error=",
					     " otherlen="};
	uint32_t lim = rr->rdata + rr->rdlen, at = rr->rdata;
	ps_out_char(o, ' ');
	if (ps_dns_name(p->data, n->msg, n->end, at, &at, o, PS_DNS_STYLE_TCPDUMP))
		return;
	at += 6; /* time signed */
	for (unsigned i = 0; i < 5 && at < lim && lim - at >= 2; i++) {
		unsigned v = ps_dns_be16(p, at);
		ps_dis_out_num(o, labels[i], v);
		at += 2 + (i == 1 ? v : 0); /* the MAC follows its size */
	}
}

static void out_rdata(struct ps_out *o, const struct ps_packet *p, const struct ps_dns *n,
		      const struct ps_dns_rr *rr, int verbose)
{
	uint32_t at = rr->rdata, next = at;
	switch (rr->type) {
	case PS_DNS_T_A:
		ps_out_char(o, ' ');
		ps_out_ipv4(o, p->data + at);
		break;
	case PS_DNS_T_AAAA:
		ps_out_char(o, ' ');
		ps_out_ipv6(o, p->data + at);
		break;
	case PS_DNS_T_NS:
	case PS_DNS_T_CNAME:
	case PS_DNS_T_PTR:
	case PS_DNS_T_DNAME:
		ps_out_char(o, ' ');
		out_name(o, p, n, at, 0);
		break;
	case PS_DNS_T_SOA:
		if (!verbose)
			break;
		ps_out_char(o, ' ');
		out_name(o, p, n, at, &next);
		ps_out_char(o, ' ');
		out_name(o, p, n, next, &next);
		for (unsigned i = 0; i < 5; i++)
			ps_dis_out_num(o, " ", ps_dis_be32(p->data + next + 4 * i));
		break;
	case PS_DNS_T_MX:
		ps_out_char(o, ' ');
		out_name(o, p, n, at + 2, 0);
		ps_dis_out_num(o, " ", ps_dns_be16(p, at));
		break;
	case PS_DNS_T_TXT:
		out_txt(o, p, rr);
		break;
	case 250: /* TSIG (RFC 8945) */
		if (verbose)
			out_tsig(o, p, n, rr);
		break;
	case PS_DNS_T_SRV:
		ps_out_char(o, ' ');
		out_name(o, p, n, at + 6, 0);
		ps_dis_out_num(o, ":", ps_dns_be16(p, at + 4));
		ps_dis_out_num(o, " ", ps_dns_be16(p, at));
		ps_dis_out_num(o, " ", ps_dns_be16(p, at + 2));
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
	unsigned cls = mdns ? rr->cls & ~PS_DNS_MDNS_CLASS_BIT : rr->cls;
	if (verbose) {
		ps_out_char(o, ' ');
		out_name(o, p, n, rr->name, 0);
	}
	if (cls != 1 && rr->type != PS_DNS_T_OPT)
		out_class(o, cls);
	if (mdns && (rr->cls & PS_DNS_MDNS_CLASS_BIT))
		PS_OUT_LIT(o, " (Cache flush)");
	if (rr->type != PS_DNS_T_OPT && verbose > 2) {
		PS_OUT_LIT(o, " [");
		out_relts(o, rr->ttl);
		ps_out_char(o, ']');
	}
	out_type(o, rr->type);
	if (rr->type == PS_DNS_T_OPT)
		out_opt(o, p, rr, cls);
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
		if (rrs[i].section == PS_DNS_AR && rrs[i].type == PS_DNS_T_OPT) {
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
	/* every response: appends, not a printf (a third of this summary's cost) */
	ps_dis_out_num(o, " ", n->ancount);
	ps_dis_out_num(o, "/", n->nscount);
	ps_dis_out_num(o, "/", n->arcount);
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

/* What tcpdump prints for a TCP segment on port 53 (it reads each segment
 * alone) whose first two bytes, `prefix`, are not its length: a message's
 * continuation, or several messages.  When they happen to be, tcpdump
 * decodes the segment as a message: not reproduced, nothing printed. */
static void segment_check(struct ps_out *o, uint32_t seg_len, uint16_t prefix)
{
	if (seg_len < 2)
		ps_out_fmt(o, " [DNS over TCP: length %u < 2] (invalid)", (unsigned)seg_len);
	else if (prefix != seg_len - 2)
		ps_out_fmt(o, " [prefix length(%u) != length(%u)] (invalid)", (unsigned)prefix,
			   (unsigned)(seg_len - 2));
}

void ps_dns_out_port_payload(const struct ps_packet *p, unsigned tcp_li, int verbose,
			     struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[tcp_li];
	const struct ps_tcp *t = &l->u.tcp;
	if (t->sport != 53 && t->dport != 53)
		return;
	bool last = tcp_li + 1 >= p->nlayers || p->layers[tcp_li + 1].parent != l->parent;
	if (!last || !t->has_len || !t->len ||
	    ((t->flags & TH_RST) && verbose) || l->nest == PS_NEST_QUOTE)
		return;
	/* tcpdump tries the printers of other well-known ports first: only
	 * the usual case, DNS against an ephemeral port (or 53 on both) */
	unsigned other = t->sport == 53 ? t->dport : t->sport;
	if (other != 53 && other < 1024)
		return;
	uint32_t at = l->off + l->hdr_len;
	if (t->len >= 2 && (at > ps_packet_bytes(p) || ps_packet_bytes(p) - at < 2))
		return; /* the capture cut the prefix */
	segment_check(o, t->len, t->len >= 2 ? ps_dns_be16(p, at) : 0);
}

/* The TCP layer carrying DNS layer li (the one before it) uses port 53. */
static bool tcp_on_53(const struct ps_packet *p, unsigned li)
{
	const struct ps_layer *c = li > 0 ? &p->layers[li - 1] : NULL;
	return c && c->proto == PS_P_TCP && (c->u.tcp.sport == 53 || c->u.tcp.dport == 53);
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
	if (n->tcp && !tcp_on_53(p, li))
		return; /* tcpdump prints DNS over TCP on port 53 only (not 5353) */
	if (n->stream) {
		segment_check(o, n->seg_len, n->prefix);
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
