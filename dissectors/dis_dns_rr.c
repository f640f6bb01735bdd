/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns_rr.c - DNS fields (SCHEMA.md `dns`): header, questions, records.
 *
 * Reads the records decode left in the side area and walks each name again
 * from the frame (ps_dns_name); decode already proved the recorded names and
 * rdata well-formed (the `ok` bits), so nothing here can run past the
 * message.  Key names are SCHEMA.md's; the values are tshark's reading
 * (mDNS classes without the QU/cache-flush bit, OPT without class and TTL).
 */
#include "dis_common.h"
#include "ps_out.h"


/* ---- JSON ---- */

/* Enough for 255 octets at 4 output bytes each, or "<Root>". */
#define NAME_BUF 1100

/* Returns where the name ends (off when it is not well-formed), as a walk
 * with ps_dns_name alone would say. */
static uint32_t emit_name(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
			  const char *key, uint32_t off)
{
	char buf[NAME_BUF];
	struct ps_out o;
	uint32_t next = off;

	ps_out_open_mem(&o, buf, sizeof buf);
	if (ps_dns_name(p->data, n->msg, n->end, off, &next, &o, PS_DNS_STYLE_JSON))
		return next; /* tshark drops its error placeholders: no key */
	ps_emit_span(e, off, next - off);
	e->ops->strn(e, key, buf, o.len);
	return next;
}

static void emit_u(struct ps_emit *e, const char *key, uint32_t off, uint32_t len, uint64_t v)
{
	ps_emit_span(e, off, len);
	PS_EMIT_U64(e, key, v);
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
	at = emit_name(e, p, n, "mname", at);
	at = emit_name(e, p, n, "rname", at);
	for (unsigned i = 0; i < 5; i++, at += 4)
		emit_u(e, nums[i], at, 4, ps_dis_be32(p->data + at));
	e->ops->end_obj(e);
}

static void emit_rdata(struct ps_emit *e, const struct ps_packet *p, const struct ps_dns *n,
		       const struct ps_dns_rr *rr)
{
	uint32_t at = rr->rdata;
	switch (rr->type) {
	case PS_DNS_T_A:
		ps_emit_span(e, at, 4);
		e->ops->ipv4(e, "a", p->data + at);
		break;
	case PS_DNS_T_AAAA:
		ps_emit_span(e, at, 16);
		e->ops->ipv6(e, "aaaa", p->data + at);
		break;
	case PS_DNS_T_CNAME:
		emit_name(e, p, n, "cname", at);
		break;
	case PS_DNS_T_NS:
		emit_name(e, p, n, "ns", at);
		break;
	case PS_DNS_T_PTR:
		emit_name(e, p, n, "ptr", at);
		break;
	case PS_DNS_T_MX:
		e->ops->begin_obj(e, "mx");
		emit_u(e, "pref", at, 2, ps_dns_be16(p, at));
		emit_name(e, p, n, "exchange", at + 2);
		e->ops->end_obj(e);
		break;
	case PS_DNS_T_TXT:
		emit_txt(e, p, rr);
		break;
	case PS_DNS_T_SOA:
		emit_soa(e, p, n, rr);
		break;
	case PS_DNS_T_SRV:
		e->ops->begin_obj(e, "srv");
		emit_u(e, "priority", at, 2, ps_dns_be16(p, at));
		emit_u(e, "weight", at + 2, 2, ps_dns_be16(p, at + 2));
		emit_u(e, "port", at + 4, 2, ps_dns_be16(p, at + 4));
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
	unsigned cls = n->flavor == PS_DNS_MDNS ? rr->cls & ~PS_DNS_MDNS_CLASS_BIT : rr->cls;

	e->ops->begin_obj(e, 0);
	emit_name(e, p, n, "name", rr->name);
	emit_u(e, "type", fixed, 2, rr->type);
	if (rr->type != PS_DNS_T_OPT) {
		emit_u(e, "class", fixed + 2, 2, cls);
		emit_u(e, "ttl", fixed + 4, 4, rr->ttl);
	}
	emit_u(e, "rdlen", fixed + 8, 2, rr->rdlen);
	if (rr->type == PS_DNS_T_OPT)
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

void ps_dns_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dns *n = &l->u.dns;
	uint32_t b = n->tcp ? 2 : 0; /* DNS over TCP: after the length */

	if (n->hidden)
		return;
	/* the header, each field when its bytes were captured: one run with
	 * offsets from the message's start */
	static const struct ps_emit_field head[] = {
		{"id", 0, 2, PS_EMIT_K_U64},	   {"qr", 2, 2, PS_EMIT_K_BOOL},
		{"opcode", 2, 2, PS_EMIT_K_U64},   {"aa", 2, 2, PS_EMIT_K_BOOL},
		{"tc", 2, 2, PS_EMIT_K_BOOL},	   {"rd", 2, 2, PS_EMIT_K_BOOL},
		{"ra", 2, 2, PS_EMIT_K_BOOL},	   {"ad", 2, 2, PS_EMIT_K_BOOL},
		{"cd", 2, 2, PS_EMIT_K_BOOL},	   {"rcode", 2, 2, PS_EMIT_K_U64},
		{"qdcount", 4, 2, PS_EMIT_K_U64},  {"ancount", 6, 2, PS_EMIT_K_U64},
		{"nscount", 8, 2, PS_EMIT_K_U64},  {"arcount", 10, 2, PS_EMIT_K_U64}};
	const uint16_t f = n->flags;
	const uint64_t v[] = {n->id,
			      (f & PS_DNS_QR) != 0,
			      PS_DNS_OPCODE(f),
			      (f & PS_DNS_AA) != 0,
			      (f & PS_DNS_TC) != 0,
			      (f & PS_DNS_RD) != 0,
			      (f & PS_DNS_RA) != 0,
			      (f & PS_DNS_AD) != 0,
			      (f & PS_DNS_CD) != 0,
			      PS_DNS_RCODE(f),
			      n->qdcount,
			      n->ancount,
			      n->nscount,
			      n->arcount};
	_Static_assert(sizeof head / sizeof head[0] == sizeof v / sizeof v[0], "one value per field");
	ps_emit_fields(e, l->off + b, l->hdr_len > b ? l->hdr_len - b : 0, head, v,
		       sizeof v / sizeof v[0]);
	const struct ps_dns_q *qs = ps_dns_qs(p, n);
	if (n->nq)
		e->ops->begin_arr(e, "queries");
	for (unsigned i = 0; i < n->nq; i++) {
		e->ops->begin_obj(e, 0);
		uint32_t fixed = emit_name(e, p, n, "name", qs[i].name);
		emit_u(e, "type", fixed, 2, qs[i].type);
		emit_u(e, "class", fixed + 2, 2,
		       n->flavor == PS_DNS_MDNS ? qs[i].cls & ~PS_DNS_MDNS_CLASS_BIT : qs[i].cls);
		e->ops->end_obj(e);
	}
	if (n->nq)
		e->ops->end_arr(e);
	emit_section(e, p, n, PS_DNS_AN, "answers");
	emit_section(e, p, n, PS_DNS_NS, "authorities");
	emit_section(e, p, n, PS_DNS_AR, "additionals");
}

